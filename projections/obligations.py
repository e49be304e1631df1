"""The obligations read model kept up to date: what each gap rule made owed, worked out by the
rules themselves (domain/gaps.py) from a member's or a domain's record, one version per day that
record changed.

A page of events changes parts of some records. Only what a change can reach is worked out
again (`Reach`): a rule's obligations owed from the earliest day changed, or from the earliest
one the change can still alter if that is earlier. So applying new events costs what they touch,
not the length of the log.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, String, bindparam, or_, select, type_coerce, union_all

from domain import gaps as rules
from domain.catalogue import Domain
from domain.gaps import Happening, Obligation, Rule, Settings
from domain.periods import EARLIEST
from projections import tables as t
from projections.bulk import insert_rows, update_rows
from projections.lookups import rules_in_force

Subject = tuple[UUID, UUID | None, str | None, Rule]  # a team's member, or one of its domains; a rule
AS_TEXT = String()  # ids as the driver gives them, unconverted: one instance, so statements are cached
STORED = [c.name for c in t.obligations.columns if c.name != "id"]  # the database numbers them
VALUES = ("subject", "to_close", "due_on", "noticed_on", "met_on", "ended_on", "opens_on", "closes_on",
          "closed_how", "hidden_from", "superseded", "settled_on")


@dataclass(slots=True)
class Reach:
    """How far a page's changes to one record can reach.

    Something recorded on a day can only meet what is unmet, or what was met that same day (by
    support dated later), can only supersede what is still open, and can only rename what is
    owed from its own day on (one obligation a day): an obligation met before the record was
    touched, and owed from before the earliest day changed, stays as it is. Taking something
    away (a retraction), ending an obligation (a leaving, a leave, a return) or adding something
    on record from an earlier day (an entry re-dated) can also alter what was met before, but
    not what had settled (met, and its gap over) before the earliest day so changed:
    `unsettled_from`."""
    changed_from: date  # the earliest day of anything changed
    touched_on: date  # the first day it was recorded on
    unsettled_from: date | None = None

    def widen(self, other: "Reach") -> None:
        self.changed_from = min(self.changed_from, other.changed_from)
        self.touched_on = min(self.touched_on, other.touched_on)
        if other.unsettled_from and (self.unsettled_from is None or other.unsettled_from < self.unsettled_from):
            self.unsettled_from = other.unsettled_from

    def alters(self, row: dict) -> bool:
        return row["met_on"] is None or row["met_on"] >= self.touched_on or row["owed_from"] >= self.changed_from or (
            self.unsettled_from is not None and row["settled_on"] >= self.unsettled_from)


class Changes:
    """What a page changed in each record, by the day it was recorded."""

    def __init__(self) -> None:
        self.days: dict[date, dict[Subject, Reach]] = defaultdict(dict)
        self.whole_teams: dict[date, set[UUID]] = defaultdict(set)

    def __bool__(self) -> bool:
        return bool(self.days or self.whole_teams)

    def member(self, recorded: date, team_id: UUID, member_id: UUID, what: str, on: date,
               unsettling: date | None = None) -> None:
        """`what` happened on `on`; `unsettling`: it was taken away, ends obligations, or is on
        record from before `recorded` (see `Reach`)."""
        if what in (rules.LEFT, rules.LEAVE_STARTED, rules.RETURNED):
            unsettling = on
        for rule in _reading(what):
            self._touch(recorded, (team_id, member_id, None, rule), Reach(on, recorded, unsettling))
        if what == rules.JOINED:  # an earlier first joining moves when every domain's record starts
            for domain in Domain:
                self.domain(recorded, team_id, domain.value, on, unsettling=on)

    def domain(self, recorded: date, team_id: UUID, domain: str, on: date, unsettling: date | None = None) -> None:
        self._touch(recorded, (team_id, None, domain, Rule.DOMAIN_DROUGHT), Reach(on, recorded, unsettling))

    def team(self, recorded: date, team_id: UUID) -> None:
        """The team's rules changed: every obligation it has may fall due on another day."""
        self.whole_teams[recorded].add(team_id)

    def _touch(self, recorded: date, subject: Subject, reach: Reach) -> None:
        """`reach` is the caller's own: kept as it is if the subject has none yet that day."""
        touched = self.days[recorded]
        if subject in touched:
            touched[subject].widen(reach)
        else:
            touched[subject] = reach


def _widen(reaches: dict[Subject, Reach], subject: Subject, reach: Reach) -> None:
    """Adds `reach` to the subject's, or a copy of it if the subject has none yet."""
    if subject in reaches:
        reaches[subject].widen(reach)
    else:
        reaches[subject] = replace(reach)


@cache
def _reading(what: str) -> list[Rule]:
    return [rule for rule in rules.MEMBER_RULES if what in rules.reads(rule)]


def write(connection: Connection, changes: Changes) -> None:
    if changes:
        _Page(connection, changes).write()


class _Page:
    def __init__(self, connection: Connection, changes: Changes):
        self.connection, self.days = connection, changes.days
        self.team_ids = list({s[0] for day in self.days.values() for s in day} | set().union(
            *changes.whole_teams.values()))
        self._expand(changes.whole_teams)
        self.reach: dict[Subject, Reach] = {}  # over the whole page
        for day in self.days.values():
            for subject, reach in day.items():
                _widen(self.reach, subject, reach)
        self.settings = {day: {team_id: Settings(*in_force) for team_id, in_force in
                               rules_in_force(connection, self.team_ids, day).items()} for day in self.days}
        self.state: dict[Subject, dict[date, dict]] = defaultdict(dict)  # owed from -> current row
        self.ended: dict[tuple[Subject, date], dict] = {}  # the last version ended, by subject and owed from
        self.rows: list[dict] = []  # every row read or added: written back where changed

    def _expand(self, whole_teams: dict[date, set[UUID]]) -> None:
        if not whole_teams:
            return
        m = t.members
        members = defaultdict(list)
        for member_id, team_id in self.connection.execute(select(m.c.member_id, m.c.team_id).where(
                m.c.team_id.in_(set().union(*whole_teams.values())))):
            members[team_id].append(member_id)
        for day, team_ids in whole_teams.items():
            touched = self.days[day]
            for team_id in team_ids:
                touched.update({(team_id, member_id, None, rule): Reach(EARLIEST, day, EARLIEST)
                                for member_id in members[team_id] for rule in rules.MEMBER_RULES})
                touched.update({(team_id, None, domain.value, Rule.DOMAIN_DROUGHT): Reach(EARLIEST, day, EARLIEST)
                                for domain in Domain})

    def write(self) -> None:
        self._load_live()
        starts = {subject: self._start(subject, reach) for subject, reach in self.reach.items()}
        records = _Records(self.connection, self.team_ids, starts, min(self.days), self.settings)
        for day in sorted(self.days):
            for subject, reach in self.days[day].items():
                start = self._start(subject, reach)
                settings = self.settings[day][subject[0]]
                self._update(subject, day, reach, start, records.obligations(subject, day, settings, start))
        self._flush()

    def _start(self, subject: Subject, reach: Reach) -> date:
        """The earliest day owed from of what `reach` can alter: all after it is worked out again."""
        return min([reach.changed_from] + [owed_from for owed_from, row in self.state[subject].items()
                                           if reach.alters(row)])

    def _load_live(self) -> None:
        """The current rows of the touched teams that the page may alter (see `Reach`), and those
        an earlier page ended on this page's first day, which a change back that same day brings
        back."""
        o = t.obligations
        unsettled = [r.unsettled_from for r in self.reach.values() if r.unsettled_from]
        current = select(o).where(o.c.team_id.in_(self.team_ids), o.c.valid_to.is_(None))
        query = union_all(  # one indexed query each
            current.where(o.c.met_on.is_(None)),
            current.where(o.c.met_on >= min(r.touched_on for r in self.reach.values())),
            current.where(o.c.owed_from >= min(r.changed_from for r in self.reach.values())),
            *([current.where(o.c.settled_on >= min(unsettled))] if unsettled else []),
            select(o).where(o.c.team_id.in_(self.team_ids), o.c.valid_to == min(self.days)))
        seen = set()
        result = self.connection.execute(query)
        columns = list(result.keys())
        for values in result:
            row = dict(zip(columns, values))
            subject = (row["team_id"], row["member_id"], row["domain"], Rule(row["rule"]))
            if subject in self.reach and row["id"] not in seen:
                seen.add(row["id"])
                kept = row | {"stored_to": row["valid_to"]}
                self.rows.append(kept)
                if kept["valid_to"] is None:
                    self.state[subject][row["owed_from"]] = kept
                else:
                    self.ended[(subject, row["owed_from"])] = kept

    def _update(self, subject: Subject, day: date, reach: Reach, start: date, worked_out: list[Obligation]) -> None:
        current = self.state[subject]
        new = {ob.owed_from: _values(subject, ob) for ob in worked_out}
        for owed_from, row in list(current.items()):
            if owed_from < start:
                continue
            values = new.pop(owed_from, None)
            if values is None or _differs(row, values):
                self._end(subject, row, day)
                del current[owed_from]
                if values is not None:
                    current[owed_from] = self._add(subject, values, day)
        for owed_from, values in new.items():
            if not reach.alters(values):
                continue  # beyond the change's reach: stored as it is
            current[owed_from] = self._add(subject, values, day)

    def _add(self, subject: Subject, values: dict, day: date) -> dict:
        """A new version from `day`, or, if the last one ended that day with the same values,
        that one again: the versions are those of the record's days, however it was paged."""
        last = self.ended.get((subject, values["owed_from"]))
        if last and last["valid_to"] == day and not _differs(last, values):
            last["valid_to"] = None
            return last
        row = dict(values, id=None, stored_to=None, valid_from=day, valid_to=None)
        self.rows.append(row)
        return row

    def _end(self, subject: Subject, row: dict, day: date) -> None:
        """A version ends the day a new one starts; one that started that same day never was."""
        row["valid_to"] = day
        if row["valid_from"] < day:
            self.ended[(subject, row["owed_from"])] = row

    def _flush(self) -> None:
        o, run = t.obligations, self.connection.execute
        gone = [row["id"] for row in self.rows if row["id"] is not None and row["valid_to"] == row["valid_from"]]
        if gone:
            run(o.delete().where(o.c.id.in_(gone)))
        update_rows(self.connection, o, [{"valid_to": row["valid_to"], "id": row["id"]} for row in self.rows
                                         if row["id"] is not None and row["valid_to"] != row["stored_to"]
                                         and row["valid_to"] != row["valid_from"]], "id")
        insert_rows(self.connection, o, [row for row in self.rows if row["id"] is None
                                         and (row["valid_to"] is None or row["valid_to"] > row["valid_from"])],
                    columns=STORED)


# One statement each, run once per group of `_by_week`: one shape, so compiled once (a union of
# the groups had a new shape, compiled again, on nearly every page).
SUPPORT = (select(type_coerce(t.facts.c.member_id, AS_TEXT), t.facts.c.kind, t.facts.c.occurred_on,
                  t.facts.c.since, t.facts.c.valid_from, t.facts.c.valid_to)
           .where(t.facts.c.member_id.in_(bindparam("members", expanding=True)), t.facts.c.kind == bindparam("kind"),
                  t.facts.c.occurred_on >= bindparam("since"),
                  or_(t.facts.c.valid_to.is_(None), t.facts.c.valid_to > bindparam("first_day"))))
ACTIVITY = (select(type_coerce(t.activity.c.team_id, AS_TEXT), t.activity.c.period, t.activity.c.recorded_on,
                   t.activity.c.count)
            .where(t.activity.c.team_id.in_(bindparam("teams", expanding=True)), t.activity.c.per == "day",
                   t.activity.c.domain == bindparam("domain"), t.activity.c.period >= bindparam("since")))


def _by_week(bounds: dict[tuple[UUID, str], date]) -> dict[tuple[str, date], list[UUID]]:
    """(id, what) pairs each wanted from a day, grouped by what and the Monday on or before
    their day: a few reads, each from its own day, so one long-open obligation does not make
    every record be read from its start."""
    groups: dict[tuple[str, date], list[UUID]] = defaultdict(list)
    for (key, what), since in bounds.items():
        groups[(what, since - timedelta(days=since.weekday()))].append(key)
    return groups


def _differs(row: dict, values: dict) -> bool:
    return any(row[c] != values[c] for c in VALUES)


def _values(subject: Subject, ob: Obligation) -> dict[str, Any]:
    closed = ob.closed
    return {"team_id": subject[0], "member_id": subject[1], "domain": subject[2], "rule": subject[3].value,
            "owed_from": ob.owed_from, "subject": ob.subject, "to_close": ob.to_close, "due_on": ob.due_on,
            "noticed_on": ob.noticed_on, "met_on": ob.closer.recorded_on if ob.closer else None,
            "ended_on": ob.ending[0] if ob.ending else None, "opens_on": ob.opens_on,
            "closes_on": closed[0] if closed else None, "closed_how": closed[1].value if closed else None,
            "hidden_from": ob.hidden_from, "superseded": not ob.latest and ob.closer is None,
            "settled_on": ob.settled_on}


class _Records:
    """The parts of the touched records the page works out again: each member's steps on the
    team and their support of the kinds the touched rules read, from the day each is needed;
    each touched domain's days of activity; as they stood at the end of any day of the page."""

    def __init__(self, connection: Connection, team_ids: list[UUID], starts: dict[Subject, date], first_day: date,
                 settings: dict[date, dict[UUID, Settings]]):
        self.began = {row.team_id: Happening(rules.BEGAN, row.recorded_on, row.recorded_on) for row in
                      connection.execute(select(t.teams.c.team_id, t.teams.c.recorded_on)
                                         .where(t.teams.c.team_id.in_(team_ids)))}
        self.steps: dict[UUID, list[Happening]] = defaultdict(list)
        self.joins: dict[UUID, list[Happening]] = defaultdict(list)
        self._load_steps(connection, team_ids)
        everyone = [in_force for by_team in settings.values() for in_force in by_team.values()]
        self.support = self._load_support(connection, starts, first_day, everyone)
        self.activity = self._load_activity(connection, starts)

    def _load_steps(self, connection: Connection, team_ids: list[UUID]) -> None:
        m, lv = t.members, t.leaves
        for row in connection.execute(select(m.c.member_id, m.c.team_id, m.c.joined_on, m.c.recorded_on,
                                             m.c.left_on, m.c.left_recorded_on).where(m.c.team_id.in_(team_ids))):
            joined = Happening(rules.JOINED, row.joined_on, row.recorded_on)
            self.steps[row.member_id].append(joined)
            self.joins[row.team_id].append(joined)
            if row.left_on and row.left_recorded_on:
                self.steps[row.member_id].append(Happening(rules.LEFT, row.left_on, row.left_recorded_on))
        for row in connection.execute(select(lv).where(lv.c.team_id.in_(team_ids))):
            self.steps[row.member_id].append(Happening(rules.LEAVE_STARTED, row.starts_on, row.recorded_on))
            if row.returned_on and row.returned_recorded_on:
                self.steps[row.member_id].append(Happening(rules.RETURNED, row.returned_on, row.returned_recorded_on))

    def _load_support(self, connection: Connection, starts: dict[Subject, date], first_day: date,
                      settings: list[Settings]) -> dict[Any, list[tuple[Happening, date, date | None]]]:
        """Each member's support of the kinds wanted, with the days each version was true, from
        the start of the rules reading it, less how early that kind can count (for a welcome
        back: from the start of the leave)."""
        reach = {kind: {rules.reach(kind, s) for s in settings} for kind in rules.MEMBER_KINDS}
        bounds: dict[tuple[UUID, str], date] = {}
        for (_, member_id, _, rule), start in starts.items():
            for kind in rules.support_read(rule) if member_id else ():
                early = max((h.on for h in self.steps[member_id] if h.kind == rules.LEAVE_STARTED and h.on <= start),
                            default=start) if None in reach[kind] else start - timedelta(days=max(reach[kind]))
                bounds[(member_id, kind)] = min(early, bounds.get((member_id, kind), early))
        if not bounds:
            return {}
        found: dict[Any, list[tuple[Happening, date, date | None]]] = defaultdict(list)
        for (kind, since), members in _by_week(bounds).items():
            values = {"members": members, "kind": kind, "since": since, "first_day": first_day}
            for member, _, occurred_on, first_recorded, valid_from, valid_to in connection.execute(SUPPORT, values):
                found[member].append((Happening(kind, occurred_on, first_recorded), valid_from, valid_to))
        return found  # by the member's id as the driver gives it: hex text on SQLite, a UUID on PostgreSQL

    @staticmethod
    def _load_activity(connection: Connection, starts: dict[Subject, date]
                       ) -> dict[tuple[Any, str], list[tuple[date, date, int]]]:
        """Each touched domain's days of activity from the start of its obligations worked out."""
        bounds = {(team_id, domain): start for (team_id, _, domain, _), start in starts.items() if domain}
        if not bounds:
            return {}
        found: dict[tuple[Any, str], list[tuple[date, date, int]]] = defaultdict(list)
        for (domain, since), team_ids in _by_week(bounds).items():
            for team, day, recorded_on, count in connection.execute(
                    ACTIVITY, {"teams": team_ids, "domain": domain, "since": since.isoformat()}):
                found[(team, domain)].append((date.fromisoformat(day), recorded_on, count))
        return found

    def obligations(self, subject: Subject, day: date, settings: Settings, start: date) -> list[Obligation]:
        """What the subject's rule made owed from `start` on, by the record as it stood at the end of `day`."""
        team_id, member_id, domain, rule = subject
        if domain:
            counts = [c for c in self._by_id(self.activity, (team_id, domain)) if c[1] <= day]
            record = rules.domain_record([self.began[team_id], *self.joins[team_id], *rules.active_days(counts)], day)
            return rules.obligations(rule, record, settings, domain, start)
        kinds = rules.support_read(rule)
        support = [h for h, valid_from, valid_to in self._by_id(self.support, member_id)
                   if h.kind in kinds and valid_from <= day and (valid_to is None or valid_to > day)]
        record = rules.Record([self.began[team_id], *self.steps[member_id], *support], day)
        return rules.obligations(rule, record, settings, owed_from=start)

    @staticmethod
    def _by_id(found: dict, key: Any) -> list:
        """Rows keyed by ids as the driver gives them (hex text on SQLite, UUIDs on PostgreSQL)."""
        if isinstance(key, tuple):
            return found.get(key) or found.get((key[0].hex, *key[1:]), [])
        return found.get(key) or found.get(key.hex, [])
