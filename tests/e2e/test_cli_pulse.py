"""securebase pulse, as a supervisor and five members use it from the command line: open, answer
once each, close, and read results that show only what enough people said."""

import json
from datetime import date, timedelta

from tests.e2e.conftest import PASSWORD

PEOPLE = ["Ada Ng", "Ben Ode", "Cai Lu", "Dee Roy", "Eli Sun", "Fay Ito"]
ALL_AGREE = [f"--{d}" for d in ("availability", "sensitivity", "acceptance", "cooperation", "belonging")]


def answers(*chosen: str) -> list[str]:
    return [part for option, answer in zip(ALL_AGREE, chosen) for part in (option, answer)]


def test_a_round_from_the_command_line(team):
    for person in PEOPLE:
        team("member", "join", person, "--team", "North Team", "--on", "2026-01-05")
    team("user", "add", "boss", "--role", "manager", "--password", PASSWORD)
    team("--as", "boss", "user", "add", "sue", "--role", "supervisor", "--team", "North Team", "--password", PASSWORD)
    for n, person in enumerate(PEOPLE):
        team("--as", "boss", "user", "add", f"w{n}", "--role", "member", "--team", "North Team", "--member", person,
             "--password", PASSWORD)
    closes = (date.today() + timedelta(days=7)).isoformat()
    team("--as", "w0", "pulse", "open", "--team", "North Team", "--closes", closes, ok=False)  # members do not
    team("--as", "sue", "pulse", "open", "--team", "North Team", "--closes", closes)
    for n in range(5):
        said = team("--as", f"w{n}", "pulse", "answer", "--team", "North Team",
                    *answers("agree" if n < 4 else "disagree", "strongly agree", "prefer not to say",
                             "neither agree nor disagree", "agree")).output
        assert "no one can see which are yours" in said
    again = team("--as", "w0", "pulse", "answer", "--team", "North Team", *answers(*["agree"] * 5), ok=False)
    assert "already answered" in again.output
    wrong = team("--as", "w5", "pulse", "answer", "--team", "North Team", *answers("maybe", *["agree"] * 4), ok=False)
    assert "availability 'maybe': is not one of the choices" in wrong.output
    assert "5 of 8 answered so far" in team("--as", "sue", "pulse", "results", "--team", "North Team").output
    assert "answered so far" not in team("--as", "w5", "pulse", "results", "--team", "North Team").output

    shown = team("--as", "sue", "pulse", "close", "--team", "North Team").output
    assert "5 of 8 answered" in shown and "Availability     80% agree" in shown
    assert "Acceptance      not shown: fewer than 5 answered it" in shown  # all five preferred not to say
    data = json.loads(team("--as", "w5", "pulse", "results", "--team", "North Team", "--json").output)
    [closed] = data["North Team"]
    assert closed["answered"] == 5 and "acceptance" not in closed["counts"]
    assert closed["counts"]["sensitivity"]["strongly agree"] == 5
