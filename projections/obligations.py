"""The obligations read model kept up to date: what each gap rule made owed, worked out by the
rules themselves (domain/gaps.py) from a member's or a domain's record, one version per day that
record changed.

A page of events changes parts of some records. Only what a change can reach is worked out
again: a rule's obligations owed from the earliest day changed, or from the earliest one still
unsettled if that is earlier. One settled before the earliest day changed stays as it is:
support logged later cannot meet it sooner, and a leaving, a leave or a retraction dated that day
or later comes after it was met and its gap had closed. So applying new events costs what they
touch, not the length of the log.
"""

from collections import defaultdict
from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, String, and_, bindparam, or_, select, type_coerce, union_all, update

from domain import gaps as rules
from domain.catalogue import Domain
from domain.gaps import Happening, Obligation, Rule, Settings
from domain.periods import EARLIEST
from projections import tables as t
from projections.bulk import insert_rows
from projections.lookups import rules_in_force

Subject = tuple[UUID, UUID | None, str | None, Rule]  # a team's member, or one of its domains; a rule
VALUES = ("subject", "to_close", "due_on", "noticed_on", "met_on", "ended_on", "opens_on", "closes_on",
          "closed_how", "hidden_from", "superseded", "settled_on")


class Changes:
    """What a page changed in each record, by the day it was recorded: the earliest day changed."""

    def __init__(self) -> None:
        self.days: dict[date, dict[Subject, date]] = defaultdict(dict)
        self.whole_teams: dict[date, set[UUID]] = defaultdict(set)

    def __bool__(self) -> bool:
        return bool(self.days or self.whole_teams)

    def member(self, recorded: date, team_id: UUID, member_id: UUID, what: str, on: date) -> None:
        for rule in _reading(what):
            self._touch(recorded, (team_id, member_id, None, rule), on)
        if what == rules.JOINED:  # the first joining starts every domain's record
            for domain in Domain:
                self.domain(recorded, team_id, domain.value, on)

    def domain(self, recorded: date, team_id: UUID, domain: str, on: date) -> None:
        self._touch(recorded, (team_id, None, domain, Rule.DOMAIN_DROUGHT), on)

    def team(self, recorded: date, team_id: UUID) -> None:
        """The team's rules changed: every obligation it has may fall due on another day."""
        self.whole_teams[recorded].add(team_id)

    def _touch(self, recorded: date, subject: Subject, on: date) -> None:
        day = self.days[recorded]
        day[subject] = min(on, day.get(subject, on))


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
        self.changed_from: dict[Subject, date] = {}  # the earliest day changed in the page
        for day in self.days.values():
            for subject, on in day.items():
                self.changed_from[subject] = min(on, self.changed_from.get(subject, on))
        self.settings = {day: rules_in_force(connection, self.team_ids, day) for day in self.days}
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
                touched.update({(team_id, member_id, None, rule): EARLIEST
                                for member_id in members[team_id] for rule in rules.MEMBER_RULES})
                touched.update({(team_id, None, domain.value, Rule.DOMAIN_DROUGHT): EARLIEST for domain in Domain})

    def write(self) -> None:
        self._load_live()
        self.starts = {subject: min([on] + [owed_from for owed_from, row in self.state[subject].items()
                                            if row["settled_on"] is None or row["settled_on"] >= on])
                       for subject, on in self.changed_from.items()}
        records = _Records(self.connection, self.team_ids, self.starts, min(self.days), self.settings)
        for day in sorted(self.days):
            for subject in self.days[day]:
                settings = Settings(*self.settings[day][subject[0]])
                worked_out = [ob for ob in records.obligations(subject, day, settings)
                              if ob.owed_from >= self.starts[subject]]
                self._update(subject, day, worked_out)
        self._flush()

    def _load_live(self) -> None:
        """The current rows of the touched teams that are not yet settled, or settled on or
        after the earliest day changed: all that the page can change; and those an earlier page
        ended on this page's first day, which a change back that same day brings back."""
        o = t.obligations
        earliest = min(self.changed_from.values())
        query = select(o).where(o.c.team_id.in_(self.team_ids), or_(
            and_(o.c.valid_to.is_(None), or_(o.c.settled_on.is_(None), o.c.settled_on >= earliest)),
            o.c.valid_to == min(self.days)))
        for row in self.connection.execute(query).mappings():
            subject = (row["team_id"], row["member_id"], row["domain"], Rule(row["rule"]))
            if subject in self.changed_from:
                kept = dict(row, stored_to=row["valid_to"])
                self.rows.append(kept)
                if kept["valid_to"] is None:
                    self.state[subject][row["owed_from"]] = kept
                else:
                    self.ended[(subject, row["owed_from"])] = kept

    def _update(self, subject: Subject, day: date, worked_out: list[Obligation]) -> None:
        start, current = self.starts[subject], self.state[subject]
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
            if values["settled_on"] is not None and values["settled_on"] < self.changed_from[subject]:
                continue  # settled before anything this page changed: stored as it is
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
        ended = [{"i": row["id"], "day": row["valid_to"]} for row in self.rows
                 if row["id"] is not None and row["valid_to"] != row["stored_to"] and row["valid_to"] != row["valid_from"]]
        if ended:
            run(update(o).where(o.c.id == bindparam("i")).values(valid_to=bindparam("day")), ended)
        insert_rows(self.connection, o, [{k: v for k, v in row.items() if k not in ("id", "stored_to")}
                                         for row in self.rows if row["id"] is None
                                         and (row["valid_to"] is None or row["valid_to"] > row["valid_from"])])


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
                 settings: dict[date, dict[UUID, tuple[dict[Rule, int], frozenset[date]]]]):
        self.began = {row.team_id: Happening(rules.BEGAN, row.recorded_on, row.recorded_on) for row in
                      connection.execute(select(t.teams.c.team_id, t.teams.c.recorded_on)
                                         .where(t.teams.c.team_id.in_(team_ids)))}
        self.steps: dict[UUID, list[Happening]] = defaultdict(list)
        self.joins: dict[UUID, list[Happening]] = defaultdict(list)
        self._load_steps(connection, team_ids)
        everyone = [Settings(*s) for by_team in settings.values() for s in by_team.values()]
        self.support = self._load_support(connection, team_ids, starts, first_day, everyone)
        self.activity = self._load_activity(connection, team_ids, starts)

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

    @staticmethod
    def _load_support(connection: Connection, team_ids: list[UUID], starts: dict[Subject, date], first_day: date,
                      settings: list[Settings]) -> dict[Any, list[tuple[Happening, date, date | None]]]:
        """Each member's support of the kinds wanted, with the days each version was true, from
        the earliest start of a rule reading it, less how early that kind can count."""
        bounds: dict[str, date] = {}
        for (_, member_id, _, rule), start in starts.items():
            for kind in rules.support_read(rule) if member_id else ():
                reach = [rules.reach(kind, s) for s in settings]
                early = EARLIEST if None in reach else date.fromordinal(max(start.toordinal() - max(reach, default=0), 1))
                bounds[kind] = min(early, bounds.get(kind, early))
        if not bounds:
            return {}
        f = t.facts
        query = union_all(*[
            select(type_coerce(f.c.member_id, String), f.c.kind, f.c.occurred_on, f.c.since, f.c.valid_from,
                   f.c.valid_to)
            .where(f.c.team_id.in_(team_ids), f.c.kind == kind, f.c.occurred_on >= bound,
                   or_(f.c.valid_to.is_(None), f.c.valid_to > first_day))
            for kind, bound in bounds.items()])
        found: dict[Any, list[tuple[Happening, date, date | None]]] = defaultdict(list)
        for member, kind, occurred_on, since, valid_from, valid_to in connection.execute(query):
            found[member].append((Happening(kind, occurred_on, since), valid_from, valid_to))
        return found  # by the member's id as the driver gives it: hex text on SQLite, a UUID on PostgreSQL

    @staticmethod
    def _load_activity(connection: Connection, team_ids: list[UUID], starts: dict[Subject, date]
                       ) -> dict[tuple[Any, str], list[tuple[date, date, int]]]:
        wanted = [(team_id, domain, start) for (team_id, member_id, domain, _), start in starts.items() if domain]
        if not wanted:
            return {}
        a = t.activity
        query = (select(type_coerce(a.c.team_id, String), a.c.domain, a.c.period, a.c.recorded_on, a.c.count)
                 .where(a.c.team_id.in_(team_ids), a.c.per == "day",
                        a.c.period >= min(start for _, _, start in wanted).isoformat()))
        found: dict[tuple[Any, str], list[tuple[date, date, int]]] = defaultdict(list)
        for team, domain, day, recorded_on, count in connection.execute(query):
            found[(team, domain)].append((date.fromisoformat(day), recorded_on, count))
        return found

    def obligations(self, subject: Subject, day: date, settings: Settings) -> list[Obligation]:
        """What the subject's rule made owed, by the record as it stood at the end of `day`."""
        team_id, member_id, domain, rule = subject
        if domain:
            counts = [c for c in self._by_id(self.activity, (team_id, domain)) if c[1] <= day]
            record = rules.domain_record([self.began[team_id], *self.joins[team_id], *rules.active_days(counts)], day)
            return rules.obligations(rule, record, settings, domain)
        kinds = rules.support_read(rule)
        support = [h for h, valid_from, valid_to in self._by_id(self.support, member_id)
                   if h.kind in kinds and valid_from <= day and (valid_to is None or valid_to > day)]
        record = rules.Record([self.began[team_id], *self.steps[member_id], *support], day)
        return rules.obligations(rule, record, settings)

    @staticmethod
    def _by_id(found: dict, key: Any) -> list:
        """Rows keyed by ids as the driver gives them (hex text on SQLite, UUIDs on PostgreSQL)."""
        if isinstance(key, tuple):
            return found.get(key) or found.get((key[0].hex, *key[1:]), [])
        return found.get(key) or found.get(key.hex, [])
