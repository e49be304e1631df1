"""How each event changes the read models: one handler per event class, applied to a page of
events in memory and then written in one transaction together with the new position.

Personal fields (a member's name and email, an entry's note) are stored sealed under the same
per-person keys as in the log (services/shredding.py), so a copy of the database without the
cipher key shows no one, and an erased person's fields cannot be opened here either. Only the
reading door (services/reading.py) opens them, for what a page shows."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, and_, bindparam, select, update

from domain import gaps as rules
from domain import zone
from domain.catalogue import KINDS
from domain.decisions import GapDecision
from domain.periods import period_of
from domain.support import SupportEntry
from domain.team import ERASED, Team
from projections import obligations
from projections import tables as t
from projections.bulk import insert_rows
from services.codec import whose


class StaleView(RuntimeError):
    """Another process applied these events first; this page was rolled back."""


def recorded_on(event: Any) -> date:
    return zone.wall(event.timestamp).date()


Seal = Callable[[str | None, Iterable[UUID]], str | None]


class PageWriter:
    def __init__(self, connection: Connection, seal: Seal):
        self.connection, self.seal = connection, seal
        self.inserts: dict[Any, list[dict]] = defaultdict(list)
        self.member_updates: list[dict] = []
        self.leave_updates: list[dict] = []
        self.entries: dict[UUID, dict] = {}
        self.new_entries: set[UUID] = set()
        self.current_facts: dict[UUID, list[dict]] = {}
        self.closures: list[dict] = []
        self.activity: Counter = Counter()
        self.erased: list[UUID] = []
        self.revivals: set[tuple[UUID, str, str, date]] = set()  # (team, day, domain, recorded): see `_revived`
        self.changes = obligations.Changes()  # what the gap rules must work out again

    @singledispatchmethod
    def apply(self, event: Any) -> None:
        """Events no read model needs still move the position on."""

    @apply.register
    def _team_created(self, event: Team.Created) -> None:
        self.inserts[t.teams].append({"team_id": event.originator_id, "name": event.name,
                                      "recorded_on": recorded_on(event)})

    @apply.register
    def _member_joined(self, event: Team.MemberJoined) -> None:
        person = [event.member_id]
        self.inserts[t.members].append({
            "member_id": event.member_id, "team_id": event.originator_id, "name": self.seal(event.name, person),
            "role": event.role, "email": self.seal(event.email, person), "joined_on": event.joined_on,
            "recorded_on": recorded_on(event), "left_on": None, "left_recorded_on": None})
        self.changes.member(recorded_on(event), event.originator_id, event.member_id, rules.JOINED, event.joined_on)

    @apply.register
    def _member_erased(self, event: Team.MemberErased) -> None:
        self.erased.append(event.member_id)

    @apply.register
    def _member_left(self, event: Team.MemberLeft) -> None:
        self.member_updates.append({"m": event.member_id, "left_on": event.left_on,
                                    "left_recorded_on": recorded_on(event)})
        self.changes.member(recorded_on(event), event.originator_id, event.member_id, rules.LEFT, event.left_on)

    @apply.register
    def _leave_started(self, event: Team.LeaveStarted) -> None:
        self.inserts[t.leaves].append({
            "member_id": event.member_id, "starts_on": event.starts_on, "team_id": event.originator_id,
            "recorded_on": recorded_on(event), "returned_on": None, "returned_recorded_on": None})
        self.changes.member(recorded_on(event), event.originator_id, event.member_id, rules.LEAVE_STARTED,
                            event.starts_on)

    @apply.register
    def _member_returned(self, event: Team.MemberReturned) -> None:
        back = {"returned_on": event.returned_on, "returned_recorded_on": recorded_on(event)}
        pending = [row for row in self.inserts[t.leaves] if row["member_id"] == event.member_id]
        if pending:  # a leave started in this page: a later one may start in it too
            pending[-1].update(back)
        else:
            self.leave_updates.append({"m": event.member_id, **back})
        self.changes.member(recorded_on(event), event.originator_id, event.member_id, rules.RETURNED,
                            event.returned_on)

    @apply.register
    def _goal_set(self, event: Team.GoalSet) -> None:
        self._setting(event, f"goal:{event.domain}", {"target": event.target, "per": event.per})

    @apply.register
    def _rules_set(self, event: Team.RulesSet) -> None:
        self._setting(event, "rules", {"thresholds": event.thresholds,
                                       "closed_days": [d.isoformat() for d in event.closed_days]})
        self.changes.team(recorded_on(event), event.originator_id)

    @apply.register
    def _logged(self, event: SupportEntry.Logged) -> None:
        day = recorded_on(event)
        entry = {"entry_id": event.originator_id, "team_id": event.team_id, "kind": event.kind,
                 "occurred_at": event.occurred_at, "mode": event.mode,
                 "note": self.seal(event.note, event.member_ids), "sealed_for": [m.hex for m in event.member_ids],
                 "logged_by": event.logged_by, "logged_at": event.timestamp,
                 "regarding": event.regarding, "version": 1, "amended_by": None,
                 "retracted_on": None, "retraction": None,
                 "members": [(m, day) for m in event.member_ids]}
        self.entries[event.originator_id] = entry
        self.new_entries.add(event.originator_id)
        self._add_facts(entry, day)
        self._count(entry, day, +1)

    @apply.register
    def _amended(self, event: SupportEntry.Amended) -> None:
        day, entry = recorded_on(event), self._entry(event.originator_id)
        self._count(entry, day, -1)
        self._end_facts(entry, day)
        since = dict(entry["members"]) if entry["kind"] == event.kind else {}
        sealed_for = whose(event, "sealed_for")
        entry.update(kind=event.kind, occurred_at=event.occurred_at, mode=event.mode,
                     note=self.seal(event.note, sealed_for), sealed_for=[m.hex for m in sealed_for],
                     version=event.originator_version, amended_by=event.by,
                     members=[(m, since.get(m, day)) for m in event.member_ids])
        self._add_facts(entry, day)
        self._count(entry, day, +1)

    @apply.register
    def _retracted(self, event: SupportEntry.Retracted) -> None:
        day, entry = recorded_on(event), self._entry(event.originator_id)
        self._count(entry, day, -1)
        self._end_facts(entry, day)
        entry.update(retracted_on=day, retraction=event.reason, version=event.originator_version)

    @apply.register
    def _gap_decided(self, event: GapDecision.Decided) -> None:
        self._decision(event, event.team_id, event.gap_key)

    @apply.register
    def _gap_decision_changed(self, event: GapDecision.Changed) -> None:
        """A change carries only what changed: the gap's team and key come from its first decision."""
        first = next((row for row in self.inserts[t.gap_decisions] if row["gap_id"] == event.originator_id),
                     None) or self.connection.execute(select(t.gap_decisions).where(
                         t.gap_decisions.c.gap_id == event.originator_id).limit(1)).mappings().one()
        self._decision(event, first["team_id"], first["gap_key"])

    def _decision(self, event: Any, team_id: UUID, gap_key: str) -> None:
        self.inserts[t.gap_decisions].append({
            "gap_id": event.originator_id, "version": event.originator_version, "team_id": team_id,
            "gap_key": gap_key, "decision": event.decision, "until": event.until, "reason": event.reason,
            "by": event.by, "recorded_on": recorded_on(event)})

    def _setting(self, event: Any, key: str, value: dict) -> None:
        self.inserts[t.settings].append({"team_id": event.originator_id, "key": key,
                                         "position": event.originator_version, "value": value,
                                         "recorded_on": recorded_on(event)})

    def _entry(self, entry_id: UUID) -> dict:
        if entry_id not in self.entries:
            row = self.connection.execute(
                select(t.entries).where(t.entries.c.entry_id == entry_id)).mappings().one()
            self.entries[entry_id] = dict(row, members=[(UUID(m), date.fromisoformat(since))
                                                        for m, since in row["members"]])
        return self.entries[entry_id]

    def _add_facts(self, entry: dict, day: date) -> None:
        rows = [{"entry_id": entry["entry_id"], "team_id": entry["team_id"], "member_id": member,
                 "kind": entry["kind"], "occurred_on": entry["occurred_at"].date(), "since": since,
                 "valid_from": day, "valid_to": None}
                for member, since in entry["members"] or [(None, day)]]
        self.current_facts[entry["entry_id"]] = rows
        self.inserts[t.facts] += rows

    def _end_facts(self, entry: dict, day: date) -> None:
        """Its facts are found by their team, kind and day (an index every fact needs anyway)."""
        if entry["entry_id"] in self.current_facts:
            for row in self.current_facts.pop(entry["entry_id"]):
                row["valid_to"] = day
        else:
            self.closures.append({"e": entry["entry_id"], "t": entry["team_id"], "k": entry["kind"],
                                  "o": entry["occurred_at"].date(), "valid_to": day})

    def _count(self, entry: dict, day: date, change: int) -> None:
        """Counts the entry in (or out of) its periods, and marks what its members' and domains'
        gap records must work out again."""
        occurred, team_id = entry["occurred_at"].date(), entry["team_id"]
        for member, since in entry["members"] if entry["kind"] in rules.MEMBER_KINDS else ():
            unsettling = occurred if change < 0 else min(occurred, since) if since < day else None
            self.changes.member(day, team_id, member, entry["kind"], occurred, unsettling)
        domains = KINDS[entry["kind"]].domains
        if not domains:
            return
        month, week, today = period_of(occurred, "month"), period_of(occurred, "week"), occurred.isoformat()
        unsettling = occurred if change < 0 else None
        for domain in domains:
            self.activity[(team_id, "month", month, domain.value, entry["mode"], day)] += change
            self.activity[(team_id, "week", week, domain.value, entry["mode"], day)] += change
            self.activity[(team_id, "day", today, domain.value, "", day)] += change  # for quiet spells
            self.changes.domain(day, team_id, domain.value, occurred, unsettling)
            if change > 0 and occurred < day:
                self.revivals.add((team_id, today, domain.value, day))

    def write(self, from_position: int, to_position: int, view: str) -> None:
        """Writes the page, then moves the position on only if it is still where we started."""
        run = self.connection.execute
        if self.leave_updates:  # returns from leaves begun on earlier pages: before this page's leaves are in
            run(update(t.leaves).where(and_(t.leaves.c.member_id == bindparam("m"),
                                            t.leaves.c.returned_on.is_(None))), self.leave_updates)
        for table in (t.teams, t.members, t.leaves, t.settings, t.gap_decisions):
            if self.inserts[table]:
                run(table.insert(), self.inserts[table])
        if self.member_updates:
            run(update(t.members).where(t.members.c.member_id == bindparam("m")),
                self.member_updates)
        if self.closures:
            f = t.facts
            run(update(f).where(f.c.team_id == bindparam("t"), f.c.kind == bindparam("k"),
                                f.c.occurred_on == bindparam("o"), f.c.entry_id == bindparam("e"),
                                f.c.valid_to.is_(None)), self.closures)
        insert_rows(self.connection, t.facts, self.inserts[t.facts])
        self._revived()
        self._write_entries()
        self._write_activity()
        self._erase()
        obligations.write(self.connection, self.changes)
        moved = run(update(t.tracking).where(and_(t.tracking.c.view == view,
                                                  t.tracking.c.position == from_position))
                    .values(position=to_position))
        if moved.rowcount != 1:
            raise StaleView(f"{view} had moved past {from_position}")

    def _revived(self) -> None:
        """A count added to an earlier day is on record from its own day, so it can only meet
        or open what the day's later records could (`obligations.Reach`), unless it brings back
        that day's activity taken away earlier the same day: then on record from before, as an
        addition from an earlier day. A page's own removals mark that themselves; those of the
        day's earlier pages are the day's counts that went below nothing."""
        if not self.revivals:
            return
        a = t.activity
        taken = self.connection.execute(select(a.c.team_id, a.c.period, a.c.domain, a.c.recorded_on).where(
            t.TAKEN, a.c.recorded_on.in_({day for *_, day in self.revivals}), a.c.mode == ""))
        for team_id, day, domain, recorded in taken:
            if (team_id, day, domain, recorded) in self.revivals:
                on = date.fromisoformat(day)
                self.changes.domain(recorded, team_id, domain, on, unsettling=on)

    def _write_entries(self) -> None:
        """Members are kept as (id, day first recorded) here, and stored as text pairs."""
        stored = {key: dict(row, members=[[m.hex, since.isoformat()] for m, since in row["members"]])
                  for key, row in self.entries.items()}
        new = [stored[e] for e in self.new_entries]
        changed = [dict(row, e=key) for key, row in stored.items() if key not in self.new_entries]
        insert_rows(self.connection, t.entries, new)
        if changed:
            columns = ["kind", "occurred_at", "mode", "note", "sealed_for", "version", "amended_by", "members",
                       "retracted_on", "retraction"]
            self.connection.execute(
                update(t.entries).where(t.entries.c.entry_id == bindparam("e")),
                [{c: row[c] for c in [*columns, "e"]} for row in changed])

    def _erase(self) -> None:
        """An erased person's name, email and the notes they took part in are overwritten; a
        rebuild reads them as erased from the log itself (services/shredding.py)."""
        if not self.erased:
            return
        run = self.connection.execute
        run(update(t.members).where(t.members.c.member_id.in_(self.erased)).values(name=ERASED, email=None))
        involved = select(t.facts.c.entry_id).where(t.facts.c.member_id.in_(self.erased))
        run(update(t.entries).where(t.entries.c.entry_id.in_(involved)).values(note=None))

    def _write_activity(self) -> None:
        rows = [{"team_id": team, "per": per, "period": period, "domain": domain, "mode": mode,
                 "recorded_on": day, "count": change}
                for (team, per, period, domain, mode, day), change in self.activity.items() if change]
        key = ", ".join(c.name for c in t.activity.primary_key)
        insert_rows(self.connection, t.activity, rows, f"ON CONFLICT ({key}) DO UPDATE SET "
                    f"count = {t.activity.name}.count + excluded.count")
        # Deltas that cancel out leave no row, as if they had been applied in one page.
        self.connection.execute(t.activity.delete().where(t.activity.c.count == 0))
