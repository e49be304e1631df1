"""Tables shown on more than one page, with names and plain words, never ids."""

import pandas as pd

from projections.queries import GapView


def gap_table(gaps: list[GapView], with_team: bool = True) -> pd.DataFrame:
    rows = [{"Team": g.team, "Who": g.member or "whole team", "Rule": g.rule_label, "What": g.subject,
             "Open since": g.opened_on, "Days": g.age_days, "Closed": g.closed_on,
             "Days late": g.late_by_days} for g in gaps]
    frame = pd.DataFrame(rows, columns=["Team", "Who", "Rule", "What", "Open since", "Days",
                                        "Closed", "Days late"])
    if not with_team:
        frame = frame.drop(columns="Team")
    if all(g.closed_on is None for g in gaps):
        frame = frame.drop(columns=["Closed", "Days late"])
    return frame
