"""The one door for reading: every page and command reads through a `Reader` built for the
signed-in account, never through the read models directly.

The reader checks the account's role for each query, scopes it to the teams the account may
see (an empty scope means nothing, never everything), opens the sealed names and notes it is
allowed to show, drops notes where the role may not see them, and shows who acted by the name
the user directory holds now (so an erased user's name is gone from every page at once).
Writes go through the application, which checks the same roles again.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any
from uuid import UUID

from domain.access import Account, Action, Role
from domain.errors import NotFound
from domain.pulse import Round
from domain.team import ERASED, Team
from domain.users import ERASED_USER
from importers.jsonl import export as export_log
from projections import queries
from projections.history import HistoryItem, history, latest_entries
from projections.view import Status, SupportView
from services.application import SecureBase
from services.ballots import round_key
from services.subject_access import person_data

Run = Callable[..., Any]  # runs a projections query: run(query, *args) -> query(engine, *args)


@dataclass(frozen=True)
class PulseView:
    team: queries.TeamRef
    open_round: Round | None
    closed: list[Round]  # newest first
    answered: int | None  # so far in the open round: for those who run the team only
    you_answered: bool | None  # for a member: whether they have answered the open round


class Reader:
    def __init__(self, app: SecureBase, view: SupportView, account: Account | None, run: Run | None = None):
        """`account` is None only while the store has no users, when anyone may read anything
        (a new store is being set up). `run` lets the dashboard cache the queries' answers."""
        self.app, self.view, self.account = app, view, account
        self._run = run or (lambda query, *args: query(view.engine, *args))
        self._names: dict[UUID, str] | None = None

    # Scope.

    def may(self, action: Action, team_id: UUID | None = None) -> bool:
        return self.account is None or self.account.may(action, team_id)

    def check(self, action: Action, team: queries.TeamRef | None = None) -> None:
        if self.account is not None:
            self.account.check(action, team and team.team_id, team and team.name)

    def teams(self, action: Action = Action.SEE_TEAM, as_of: date | None = None) -> list[queries.TeamRef]:
        """The teams the account may do this with."""
        return [team for team in self._run(queries.teams, as_of) if self.may(action, team.team_id)]

    def team(self, name: str, action: Action = Action.SEE_TEAM) -> Team:
        """A team by name, if the account may do this with it. A team the account may not see
        is refused as if it did not exist, so refusals tell nothing about other teams."""
        try:
            found = self.app.team_named(name)
        except NotFound:
            raise NotFound("team", name, "no team by that name") from None
        if not self.may(Action.SEE_TEAM, found.id):
            raise NotFound("team", name, "no team by that name")
        self.check(action, self.ref(found))
        return found

    @staticmethod
    def ref(team: Team) -> queries.TeamRef:
        return queries.TeamRef(team_id=team.id, name=team.name)

    def entry(self, ref: str, action: Action = Action.LOG) -> UUID:
        """An entry by its short reference, among the teams the account may do this with."""
        return self._run(queries.entry_by_ref, ref, [t.team_id for t in self.teams(action)])

    # Team activity: anyone on the team.

    def summary(self, team: queries.TeamRef, period: str, as_of: date | None = None) -> queries.Summary:
        self.check(Action.SEE_TEAM, team)
        return self._run(queries.summary, team, period, as_of)

    def trend(self, team: queries.TeamRef, period: str, count: int = 12,
              as_of: date | None = None) -> list[queries.PeriodCount]:
        self.check(Action.SEE_TEAM, team)
        return self._run(queries.trend, team, period, count, as_of)

    def goals(self, team: queries.TeamRef) -> list[tuple[date, Any, int, str]]:
        self.check(Action.SEE_TEAM, team)
        return self._run(queries.goals, team)

    def rules(self, team: queries.TeamRef, as_of: date | None = None) -> queries.Rules:
        self.check(Action.SEE_TEAM, team)
        return self._run(queries.rules, team, as_of)

    def roster(self, team: queries.TeamRef, as_of: date | None = None) -> list[queries.MemberStatus]:
        """Everyone on the team; when they were inducted and last checked in only where the
        account may see that person's timeline (a member: their own)."""
        self.check(Action.SEE_TEAM, team)
        hidden = {"inducted_on": None, "last_check_in": None}
        found = self._run(queries.roster, team, as_of)
        self.app.shredder.load(row.member_id for row in found)
        rows = [row.model_copy(update={"name": self._name(row.name, row.member_id)} | (
                    {} if self.sees_timeline(team.team_id, row.member_id) else hidden))
                for row in found]
        return sorted(rows, key=lambda row: row.name.casefold())

    def timeline(self, team: queries.TeamRef, member_id: UUID,
                 as_of: date | None = None) -> list[queries.TimelineItem]:
        if not self.sees_timeline(team.team_id, member_id):
            self.check(Action.SEE_NOTES, team)
        notes = self.may(Action.SEE_NOTES, team.team_id)
        found = self._run(queries.timeline, team.team_id, member_id, as_of)
        if notes:
            self.app.shredder.load(person for item in found for person in item.note_for)
        return [item.model_copy(update={"note": self._open(item.note, item.note_for) if notes else None,
                                        "logged_by": self.who(item.logged_by)})
                for item in found]

    # Notes, gaps and history: supervisors of the team, and managers.

    def gaps(self, teams: Iterable[queries.TeamRef] | None = None, as_of: date | None = None,
             state: str = "open", lookback_days: int = queries.LOOKBACK_DAYS) -> list[queries.GapView]:
        """Gaps in the given teams, or in every team the account may see gaps of; closed ones if
        they closed in the last `lookback_days`."""
        chosen = self.teams(Action.SEE_NOTES) if teams is None else list(teams)
        for team in chosen:
            self.check(Action.SEE_NOTES, team)
        found = self._run(queries.gaps, [team.team_id for team in chosen], as_of, state, lookback_days)
        self.app.shredder.load(gap.member_id for gap in found)
        return [gap.model_copy(update={"member": gap.member_id and self._name(gap.member, gap.member_id),
                                       "decided_by": gap.decided_by and self.who(gap.decided_by)})
                for gap in found]

    def due_soon(self, teams: Iterable[queries.TeamRef] | None = None,
                 as_of: date | None = None) -> list[queries.DueSoonView]:
        """Support falling due in the next 5 working days, not yet logged, in the given teams or
        in every team the account may see gaps of; soonest first."""
        chosen = self.teams(Action.SEE_NOTES) if teams is None else list(teams)
        for team in chosen:
            self.check(Action.SEE_NOTES, team)
        found = self._run(queries.due_soon, [team.team_id for team in chosen], as_of)
        self.app.shredder.load(row.member_id for row in found)
        rows = [row.model_copy(update={"member": self._name(row.member, row.member_id)}) for row in found]
        return sorted(rows, key=lambda row: (row.due_on, row.team, row.member.casefold(), row.owed_from, row.rule))

    def awaiting_debrief(self, team: queries.TeamRef, as_of: date | None = None) -> list[queries.AwaitingDebrief]:
        """The team's difficult visits no debrief has followed yet, newest first: what a debrief
        logged now can name."""
        self.check(Action.SEE_NOTES, team)
        found = self._run(queries.awaiting_debrief, team.team_id, as_of)
        self.app.shredder.load(row.member_id for row in found)
        return [row.model_copy(update={"member": self._name(row.member, row.member_id)}) for row in found]

    def gap(self, ref: str, as_of: date | None = None) -> queries.GapView:
        """A gap, open or closed, by its short reference, among the teams the account may see
        gaps of; another team's is not found, as if it did not exist."""
        wanted = ref.strip().lower()
        found = [gap for gap in self.gaps(None, as_of, "all") if len(wanted) >= 6 and gap.ref.startswith(wanted)]
        if len(found) != 1:
            raise NotFound("gap", ref, "no gap has this reference: see `securebase gaps`" if not found
                           else "matches several gaps; give more characters")
        return found[0]

    def history(self, team: queries.TeamRef, limit: int | None = None,
                since: date | None = None) -> list[HistoryItem]:
        """Everything recorded for the team, and the digests sent to those who run it."""
        self.check(Action.SEE_NOTES, team)
        return self._shown(sorted(self._run(history, team.team_id, limit, since) + self._digests(team, since),
                                  key=lambda item: item.when, reverse=True)[:limit])

    def latest_entries(self, team: queries.TeamRef, count: int) -> list[HistoryItem]:
        """The team's latest support entries and nothing else: not the digests, which only the
        whole history shows (each staff user's mailbox is read for them)."""
        self.check(Action.SEE_NOTES, team)
        return self._shown(self._run(latest_entries, team.team_id, count))

    def _shown(self, found: list[HistoryItem]) -> list[HistoryItem]:
        """History items with names and notes opened and who acted named."""
        self.app.shredder.load(person for item in found for person in [*item.member_ids, *item.note_for])
        return [item.model_copy(update={
            "members": [self._name(name, member) for name, member in zip(item.members, item.member_ids)],
            "note": self._open(item.note, item.note_for), "by": item.by and self.who(item.by),
            "amended_by": item.amended_by and self.who(item.amended_by)})
            for item in found]

    # Pulse rounds: what the team said, kept only where enough answered (domain/pulse.py).

    def pulse(self, team: queries.TeamRef) -> PulseView:
        """The team's rounds: the open one (how many have answered, for those who run the team;
        whether you have, for a member) and the closed ones, newest first, with what was kept."""
        self.check(Action.SEE_TEAM, team)
        pulse = self.app.pulse(team.team_id)
        if pulse is None:
            return PulseView(team, None, [], None, None)
        current = pulse.open_round
        key = current and round_key(team.team_id, current.number)
        staff = self.may(Action.SEE_NOTES, team.team_id)
        own = self.account.member_id if self.account else None
        return PulseView(team, current, [r for r in reversed(pulse.rounds) if r.closed_on],
                         self.app.ballots.answered(key) if key and staff else None,
                         self.app.ballots.has_answered(key, own) if key and own else None)

    def _digests(self, team: queries.TeamRef, since: date | None) -> list[HistoryItem]:
        """The digests sent to those who run the team: when, to whom, how many gaps they named."""
        directory = self.app.directory()
        found = []
        for account in directory.by_id.values() if directory else ():
            if account.role is Role.MEMBER or not account.may(Action.SEE_NOTES, team.team_id):
                continue
            for on, gaps, escalated in (mailbox.sends if (mailbox := self.app.mailbox(account.id)) else []):
                if since is None or on >= since:
                    found.append(HistoryItem(
                        when=datetime.combine(on, time()), what="digest sent", members=[], member_ids=[],
                        by=account.id.hex, note=f"named {len(gaps)} gap(s)" + (
                            f", escalated {len(escalated)}: {', '.join(escalated)}" if escalated else "")))
        return found

    # A manager's: users, a person's data, the whole store.

    def users(self) -> list[Account]:
        self.check(Action.ADMINISTER)
        directory = self.app.directory()
        return sorted(directory.accounts.values() if directory else [], key=lambda a: a.name.casefold())

    def person(self, team: Team, member_id: UUID) -> dict[str, Any]:
        """Everything held about one person, for a subject access request."""
        self.check(Action.ADMINISTER, self.ref(team))
        data = person_data(self.app, team, member_id)
        for entry in data["support"]:
            entry["logged_by"] = self.who(entry["logged_by"])
        for event in data["events"]:
            for field in ("by", "logged_by"):
                if field in event:
                    event[field] = self.who(event[field])
        return data

    def export(self, out: IO[str]) -> int:
        self.check(Action.ADMINISTER)
        return export_log(self.app, out)

    def status(self) -> Status:
        self.check(Action.ADMINISTER)
        return self.view.status()

    # Names.

    def who(self, by: str) -> str:
        """The name of the user who acted, as the directory holds it now."""
        try:
            user_id = UUID(hex=by)
        except ValueError:
            return by  # recorded before the store had users
        if self._names is None:
            directory = self.app.directory()
            self._names = {i: a.name for i, a in directory.by_id.items()} if directory else {}
        return self._names.get(user_id, ERASED_USER)

    def _name(self, stored: str | None, member_id: UUID) -> str:
        return self._open(stored, [member_id]) or ERASED

    def _open(self, stored: str | None, people: list[UUID]) -> str | None:
        return self.app.shredder.unseal(stored, people) if stored and people else stored

    def sees_timeline(self, team_id: UUID, member_id: UUID) -> bool:
        return self.account is None or self.account.may_see_timeline(team_id, member_id)


def reader_for(app: SecureBase, view: SupportView, name: str | None, run: Run | None = None) -> Reader:
    """A reader for the user of this name; anyone while the store has no users."""
    directory = app.directory()
    if directory is None:
        return Reader(app, view, None, run)
    return Reader(app, view, directory.account(name or ""), run)
