"""Everything securebase holds about one person, for a subject access request: their membership
record and every event in the log that names them, with the support entries as they now stand."""

from typing import Any
from uuid import UUID

from domain.support import SupportEntry
from domain.team import Team
from services.application import SecureBase

SKIP = {"originator_id", "originator_version", "originator_topic"}


def person_data(app: SecureBase, team: Team, member_id: UUID) -> dict[str, Any]:
    member = team.member(member_id)
    events, entry_ids = [], []
    for position, event in app.read_log():
        state = {k: v for k, v in vars(event).items() if k not in SKIP}
        names_them = (getattr(event, "member_id", None) == member_id and event.originator_id == team.id
                      or member_id in (getattr(event, "member_ids", None) or []))
        if isinstance(event, (SupportEntry.Amended, SupportEntry.Retracted)) and event.originator_id in entry_ids:
            names_them = True
        if names_them:
            if isinstance(event, SupportEntry.Logged):
                entry_ids.append(event.originator_id)
            events.append({"position": position, "event": type(event).__qualname__,
                           "about": event.originator_id, **state})
    entries = [app.entry(entry_id) for entry_id in entry_ids]
    return {
        "person": {"name": member.name, "role": member.role, "email": member.email, "team": team.name,
                   "joined_on": member.joined_on, "left_on": member.left_on,
                   "leave": [{"from": start, "to": end} for start, end in member.leaves]},
        "support": [{"entry": e.id, "kind": e.kind, "occurred_at": e.occurred_at, "mode": e.mode,
                     "note": e.note, "with": [team.members[m].name for m in e.member_ids if m in team.members],
                     "logged_by": e.logged_by, "retracted": e.retracted_because} for e in entries],
        "events": events,
    }
