"""A team's history from the read models: joiners, leavers, leave, every support entry as it now
stands (amended or retracted), and every decision about a gap, newest first."""

from collections.abc import Collection
from datetime import date, datetime, time
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, select

from domain.gaps import RULES, Rule
from projections import tables as t
from projections.collector import cycle_collection_paused


class Link(BaseModel):
    """An entry this one is linked with: the visit a debrief follows, or a debrief after a visit."""
    when: datetime
    kind: str
    ref: str


class HistoryItem(BaseModel):
    when: datetime
    what: str
    members: list[str]
    member_ids: list[UUID]
    by: str = ""
    logged_at: datetime | None = None
    mode: str = ""
    note: str | None = None
    note_for: list[UUID] = []  # whose keys seal the note
    ref: str = ""
    amended_by: str | None = None
    retraction: str | None = None
    entry_id: UUID | None = None
    links: list[Link] = []

    @property
    def status(self) -> str:
        if self.retraction is not None:
            return f"retracted: {self.retraction}"
        return f"amended by {self.amended_by}" if self.amended_by else ""


@cycle_collection_paused()
def history(engine: Engine, team_id: UUID, limit: int | None = None,
            since: date | None = None) -> list[HistoryItem]:
    """Newest first; at most `limit` items, none before `since`."""
    m, lv, d = t.members, t.leaves, t.gap_decisions
    with engine.connect() as c:
        members = c.execute(select(m).where(m.c.team_id == team_id)).all()
        names = {row.member_id: row.name for row in members}
        items = [_membership(day, what, row.member_id, row.name) for row in members
                 for day, what in ((row.joined_on, "joined"), (row.left_on, "left")) if day]
        items += [_membership(day, what, row.member_id, names[row.member_id])
                  for row in c.execute(select(lv).where(lv.c.team_id == team_id))
                  for day, what in ((row.starts_on, "started leave"), (row.returned_on, "returned from leave"))
                  if day]
        items += [_decision(row, names) for row in c.execute(select(d).where(d.c.team_id == team_id))]
        items += _entries(c, team_id, names, limit, since)
    items = [item for item in items if since is None or item.when.date() >= since]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


def latest_entries(engine: Engine, team_id: UUID, count: int) -> list[HistoryItem]:
    """The team's `count` latest support entries, newest first, and nothing else: what the log
    page offers to correct."""
    m = t.members
    with engine.connect() as c:
        names = dict(c.execute(select(m.c.member_id, m.c.name).where(m.c.team_id == team_id)).all())
        return _entries(c, team_id, names, count)


def _entries(connection: Connection, team_id: UUID, names: dict[UUID, str], limit: int | None,
             since: date | None = None) -> list[HistoryItem]:
    """The team's entries as they now stand, newest first, each with its links."""
    e = t.entries
    query = select(e.c.entry_id, e.c.kind, e.c.occurred_at, e.c.mode, e.c.note, e.c.sealed_for, e.c.logged_by,
                   e.c.logged_at, e.c.members, e.c.amended_by, e.c.retracted_on, e.c.retraction
                   ).where(e.c.team_id == team_id)
    if since:
        query = query.where(e.c.occurred_at >= datetime.combine(since, time()))
    rows = connection.execute(query.order_by(e.c.occurred_at.desc(), e.c.logged_at.desc()).limit(limit)).all()
    linked = links(connection, team_id, {row.entry_id for row in rows})
    named = {member.hex: name for member, name in names.items()}  # rows hold members' ids in hex
    return [HistoryItem(when=row.occurred_at, what=row.kind, by=row.logged_by, logged_at=row.logged_at,
                        members=[named[hex_id] for hex_id, _ in row.members],
                        member_ids=[hex_id for hex_id, _ in row.members], mode=row.mode,
                        note=row.note, note_for=row.sealed_for, ref=row.entry_id.hex[:8],
                        amended_by=row.amended_by, retraction=row.retraction if row.retracted_on else None,
                        entry_id=row.entry_id, links=linked.get(row.entry_id, []))
            for row in rows]


def links(connection: Connection, team_id: UUID, shown: Collection[UUID]) -> dict[UUID, list[Link]]:
    """For these entries of the team: the visit each debrief follows and the debriefs that follow
    each visit, both ways from one join. Debriefs are found by their kind as it now stands, on the
    facts' index, rather than by reading every entry of the team (tens of thousands at a million
    events): so a retracted debrief is left out, and so is one amended to another kind, which no
    longer closes the visit's gap either."""
    if not shown:
        return {}
    f = t.facts
    debrief, visit = t.entries.alias("debrief"), t.entries.alias("visit")
    debriefs = select(f.c.entry_id).where(f.c.team_id == team_id, f.c.kind == "debrief", f.c.valid_to.is_(None))
    found: dict[UUID, list[Link]] = {}
    for row in connection.execute(
            select(debrief.c.entry_id, debrief.c.kind, debrief.c.occurred_at,
                   visit.c.entry_id.label("visit_id"), visit.c.kind.label("visit_kind"),
                   visit.c.occurred_at.label("visit_at"))
            .join(visit, visit.c.entry_id == debrief.c.regarding)
            .where(debrief.c.entry_id.in_(debriefs))
            .order_by(debrief.c.occurred_at)):
        if row.visit_id in shown:
            found.setdefault(row.visit_id, []).append(Link(when=row.occurred_at, kind=row.kind,
                                                           ref=row.entry_id.hex[:8]))
        if row.entry_id in shown:
            found.setdefault(row.entry_id, []).append(Link(when=row.visit_at, kind=row.visit_kind,
                                                           ref=row.visit_id.hex[:8]))
    return found


def _decision(row, names: dict[UUID, str]) -> HistoryItem:  # noqa: ANN001 (a row of gap decisions)
    """"gap not applicable", with the gap's rule and day and the reason given."""
    rule, about, owed_from = row.gap_key.split("/", 2)
    member = next((m for m in names if str(m) == about), None)
    until = f" until {row.until}" if row.until else ""
    return HistoryItem(when=datetime.combine(row.recorded_on, time()), what=f"gap {row.decision}{until}",
                       members=[names[member]] if member else [], member_ids=[member] if member else [],
                       by=row.by, note=f"{RULES[Rule(rule)].label} ({owed_from})"
                       + (f": {row.reason}" if row.reason else ""))


def _membership(day: date, what: str, member_id: UUID, name: str) -> HistoryItem:
    return HistoryItem(when=datetime.combine(day, time()), what=what, members=[name], member_ids=[member_id])

