"""A realistic demo: three teams over the last twelve months, with joiners, leavers, leave, a
year of support across every domain, mostly logged the day it happened and sometimes a few
days late, and some gaps left on purpose for the projections to find: a joiner never inducted,
a difficult visit never debriefed, and a team whose availability has gone quiet. Three users
sign in with DEMO_PASSWORD: `manager`, `supervisor` (of the first team) and `member` (Sam
Patel, on the first team)."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from domain.commands import AddUser, CreateTeam, JoinMember, LogSupport, MemberDated, SetGoal
from domain.errors import Conflict
from domain.team import Team
from services.application import SecureBase
from services.auth import hash_password

TEAMS = {
    "Northgate Children's Team": ["Amara Okafor", "Sam Patel", "Zoë Lambert", "Tom Hughes",
                                  "Priya Shah", "Jonas Weber", "Grace Mensah"],
    "Riverside Family Support": ["Chloé Martin", "Dev Kapoor", "Ellie Brooks", "Marek Nowak",
                                 "Ruth Adeyemi", "Liam O'Connor", "Hana Sato"],
    "Hillcrest Assessment": ["Bea Fernández", "Kwame Asante", "Iona MacLeod", "Oskar Berg",
                             "Nadia Rahman", "Josh Green"],
}
WEEKLY = [("check_in", 5), ("team_meeting", 1), ("peer_support", 1), ("consultation_slot", 1),
          ("case_discussion", 1), ("thinking_together", 0.5), ("success_celebrated", 0.5),
          ("availability_signalled", 0.5), ("skills_share", 0.25), ("mistake_discussed", 0.25),
          ("constructive_feedback", 0.25), ("graded_challenge", 0.15), ("first_prepared", 0.15),
          ("difficult_visit", 0.5)]
WHOLE_TEAM = {"away_day", "team_meeting", "consultation_slot", "availability_signalled"}
AVAILABILITY_KINDS = {"check_in", "peer_support", "consultation_slot", "availability_signalled"}
MODES = ["in_person", "in_person", "online", "online", "phone", "hybrid"]
DEMO_PASSWORD = "secure-base-demo"
GOALS = {"availability": 16, "sensitivity": 22, "acceptance": 5, "cooperation": 10, "belonging": 5}


@dataclass
class Seeded:
    teams: int = 0
    members: int = 0
    entries: int = 0


def seed_demo(app: SecureBase, seed: int = 2017) -> Seeded:
    if app.directory() is not None:
        raise Conflict("store", None, "already has users: the demo needs a new, empty store")
    rng = random.Random(seed)
    clock = app.clock
    today = clock().date()
    counts = Seeded()
    plans = []
    for index, (name, people) in enumerate(TEAMS.items()):
        plan = _Plan(Team.create_id(name), rng, today, supervisor=people[0])
        started = today - timedelta(days=370)
        plan.act(started, lambda name=name: app.create_team(CreateTeam.parse(name=name)))
        for domain, target in GOALS.items():
            goal = SetGoal.parse(team_id=plan.team_id, domain=domain, target=target)
            plan.act(started, lambda goal=goal: app.set_goal(goal))
        founders, joiners = people[:-2], people[-2:]
        for person in founders:
            plan.join(person, today - timedelta(days=rng.randint(400, 900)), recorded=started, welcomed=False)
        plan.join(joiners[0], today - timedelta(days=rng.randint(150, 250)))
        # Riverside's newest joiner has been welcomed but never inducted.
        plan.join(joiners[1], today - timedelta(days=21 if index == 1 else rng.randint(40, 90)),
                  inducted=index != 1)
        plan.leave(founders[-1], today - timedelta(days=rng.randint(60, 120)))
        plan.time_off(founders[1], today - timedelta(days=200), today - timedelta(days=120))
        plan.routine(quiet_since=today - timedelta(days=42) if index == 2 else None)
        if index == 0:  # A difficult visit that nobody debriefed.
            plan.entry("difficult_visit", today - timedelta(days=6), [founders[2]], debrief=False)
        plans.append(plan)
        counts.teams += 1
        counts.members += len(people)
        counts.entries += len(plan.entries)
    try:
        for moment, action in sorted((a for p in plans for a in p.actions(app)), key=lambda a: a[0]):
            app.clock = lambda moment=moment: moment
            action()
    finally:
        app.clock = clock
    _add_users(app, plans[0].team_id)
    return counts


def _add_users(app: SecureBase, team_id: UUID) -> None:
    password = hash_password(DEMO_PASSWORD)
    member = app.team(team_id).member_named("Sam Patel").id
    users = [("manager", "manager", [], None), ("supervisor", "supervisor", [team_id], None),
             ("member", "member", [team_id], member)]
    for name, role, teams, member_id in users:
        app.add_user(AddUser.parse(name=name, role=role, teams=teams, member_id=member_id,
                                   password_hash=password, by="manager"))


class _Plan:
    """One team's year, as actions to replay in the order they were recorded."""

    def __init__(self, team_id: UUID, rng: random.Random, today: date, supervisor: str):
        self.team_id, self.rng, self.today, self.supervisor = team_id, rng, today, supervisor
        self.members: dict[str, tuple[UUID, date, date | None]] = {}
        self.team_actions: list[tuple[datetime, Callable[[SecureBase], object]]] = []
        self.entries: list[tuple[datetime, LogSupport]] = []

    def act(self, day: date, action: Callable[[], object]) -> None:
        self.team_actions.append((datetime.combine(day, time(8, 0)), lambda app: action()))

    def join(self, name: str, on: date, recorded: date | None = None, welcomed: bool = True,
             inducted: bool = True) -> None:
        role = "team manager" if name == self.supervisor else self.rng.choice(
            ["social worker", "social worker", "senior practitioner", "family support worker"])
        cmd = JoinMember.parse(team_id=self.team_id, name=name, role=role, joined_on=on)
        self.team_actions.append((datetime.combine(recorded or on, time(8, 30)),
                                  lambda app: app.join_member(cmd)))
        self.members[name] = (cmd.member_id, on, None)
        if welcomed:
            self.entry("welcome", on, [name])
            self.entry("buddying", on + timedelta(days=9), [name])
        if welcomed and inducted:
            for days in (2, 6, 12):
                self.entry("induction", on + timedelta(days=days), [name])

    def leave(self, name: str, on: date) -> None:
        member_id, joined, _ = self.members[name]
        cmd = MemberDated.parse(team_id=self.team_id, member_id=member_id, on=on)
        self.team_actions.append((datetime.combine(on, time(8, 30)), lambda app: app.member_left(cmd)))
        self.members[name] = (member_id, joined, on)
        self.entry("farewell", on - timedelta(days=1), [name])

    def time_off(self, name: str, starts: date, returns: date) -> None:
        member_id = self.members[name][0]
        start = MemberDated.parse(team_id=self.team_id, member_id=member_id, on=starts)
        back = MemberDated.parse(team_id=self.team_id, member_id=member_id, on=returns)
        self.team_actions += [(datetime.combine(starts, time(8, 30)), lambda app: app.leave_started(start)),
                              (datetime.combine(returns, time(8, 30)), lambda app: app.member_returned(back))]
        self.entry("return_to_work", returns + timedelta(days=1), [name])

    def routine(self, quiet_since: date | None) -> None:
        """A year of ordinary weeks, plus two away days and a milestone."""
        for week in range(52, -1, -1):
            monday = self.today - timedelta(weeks=week, days=self.today.weekday())
            for kind, per_week in WEEKLY:
                for _ in range(int(per_week) + (self.rng.random() < per_week % 1)):
                    day = monday + timedelta(days=self.rng.randint(0, 4))
                    if quiet_since and day >= quiet_since and kind in AVAILABILITY_KINDS:
                        continue
                    group = kind in ("case_discussion", "thinking_together", "skills_share")
                    self.entry(kind, day, self._people(day, 3 if group else 1))
        for weeks_ago in (40, 14):
            self.entry("away_day", self.today - timedelta(weeks=weeks_ago), [])
        day = self.today - timedelta(days=75)
        self.entry("milestone_marked", day, self._people(day, 1), note="passed ASYE")

    def entry(self, kind: str, day: date, people: list[str], debrief: bool = True,
              note: str | None = None) -> None:
        if not people and kind not in WHOLE_TEAM:
            return
        at = datetime.combine(day, time(self.rng.randint(9, 15), 0))
        if day >= self.today:
            return
        cmd = LogSupport.parse(team_id=self.team_id, kind=kind, at=at, note=note,
                               members=[self.members[p][0] for p in people],
                               mode=self.rng.choice(MODES), logged_by=self.supervisor)
        self.entries.append((self._logged(at), cmd))
        if kind == "difficult_visit" and debrief:
            follow_up = LogSupport.parse(
                team_id=self.team_id, kind="debrief", at=at + timedelta(days=self.rng.choice([0, 1]), hours=2),
                members=cmd.members, mode=cmd.mode, logged_by=self.supervisor, regarding=cmd.entry_id)
            if follow_up.at.date() < self.today:
                self.entries.append((max(self._logged(follow_up.at), self.entries[-1][0]), follow_up))

    def _logged(self, at: datetime) -> datetime:
        """Most support is logged the same afternoon; some a few days later."""
        late = self.rng.choices([0, 1, 2, 4], weights=[80, 12, 5, 3])[0]
        return min(datetime.combine(at.date() + timedelta(days=late), time(17, 30)),
                   datetime.combine(self.today, time(8, 0)))

    def _people(self, day: date, how_many: int) -> list[str]:
        here = [name for name, (_, joined, left) in self.members.items()
                if joined <= day and (left is None or day <= left)]
        return self.rng.sample(here, min(how_many, len(here)))

    def actions(self, app: SecureBase) -> list[tuple[datetime, Callable[[], object]]]:
        """Team changes one by one; entries in one batch per recording moment."""
        batches: dict[datetime, list[LogSupport]] = {}
        for moment, cmd in self.entries:
            batches.setdefault(moment, []).append(cmd)
        return ([(moment, lambda action=action: action(app)) for moment, action in self.team_actions]
                + [(moment, lambda cmds=cmds: app.log_many(cmds)) for moment, cmds in batches.items()])
