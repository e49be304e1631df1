"""A team's history read straight from the log: membership changes and support entries as they
now stand (amended or retracted), newest first."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.support import SupportEntry
from domain.team import Team
from services.application import SecureBase


@dataclass
class HistoryItem:
    when: datetime
    what: str
    members: list[str]
    by: str
    mode: str = ""
    note: str | None = None
    ref: str = ""
    status: str = ""


MEMBERSHIP = {Team.MemberJoined: ("joined", "joined_on"), Team.MemberLeft: ("left", "left_on"),
              Team.LeaveStarted: ("started leave", "starts_on"),
              Team.MemberReturned: ("returned from leave", "returned_on")}


def team_history(app: SecureBase, team_id: UUID, limit: int | None = None) -> list[HistoryItem]:
    team = app.team(team_id)
    names = {m.id: m.name for m in team.members.values()}
    items: list[HistoryItem] = []
    entries: dict[UUID, HistoryItem] = {}
    classes = [*MEMBERSHIP, SupportEntry.Logged, SupportEntry.Amended, SupportEntry.Retracted]
    for _, event in app.read_log(*classes):
        if type(event) in MEMBERSHIP and event.originator_id == team_id:
            verb, day_field = MEMBERSHIP[type(event)]
            day: date = getattr(event, day_field)
            items.append(HistoryItem(datetime.combine(day, datetime.min.time()), verb,
                                     [names[event.member_id]], ""))
        elif isinstance(event, SupportEntry.Logged) and event.team_id == team_id:
            item = HistoryItem(event.occurred_at, event.kind, [], event.logged_by,
                               ref=event.originator_id.hex[:8])
            _set_details(item, event, names)
            entries[event.originator_id] = item
            items.append(item)
        elif event.originator_id in entries:
            item = entries[event.originator_id]
            if isinstance(event, SupportEntry.Amended):
                _set_details(item, event, names)
                item.status = f"amended by {event.by}"
            else:
                item.status = f"retracted by {event.by}: {event.reason}"
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


def _set_details(item: HistoryItem, event: SupportEntry.Logged | SupportEntry.Amended,
                 names: dict[UUID, str]) -> None:
    item.when, item.what, item.mode, item.note = event.occurred_at, event.kind, event.mode, event.note
    item.members = [names[m] for m in event.member_ids]
