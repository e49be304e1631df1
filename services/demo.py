"""A realistic demo: three teams over the last twelve months, with joiners, leavers, leave, a
few hundred pieces of support across every domain, and some gaps left on purpose for the
projections to find (a joiner never inducted, a difficult visit never debriefed, a team whose
availability has gone quiet)."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from domain.commands import CreateTeam, JoinMember, LogSupport, MemberDated
from domain.team import Team
from services.application import SecureBase

TEAMS = {
    "Northgate Children's Team": ["Amara Okafor", "Sam Patel", "Zoë Lambert", "Tom Hughes",
                                  "Priya Shah", "Jonas Weber", "Grace Mensah"],
    "Riverside Family Support": ["Chloé Martin", "Dev Kapoor", "Ellie Brooks", "Marek Nowak",
                                 "Ruth Adeyemi", "Liam O'Connor", "Hana Sato"],
    "Hillcrest Assessment": ["Bea Fernández", "Kwame Asante", "Iona MacLeod", "Oskar Berg",
                             "Nadia Rahman", "Josh Green"],
}
WEEKLY = [("check_in", 3), ("team_meeting", 1), ("peer_support", 1), ("consultation_slot", 1),
          ("case_discussion", 1), ("thinking_together", 0.5), ("success_celebrated", 0.5),
          ("availability_signalled", 0.5), ("skills_share", 0.25), ("mistake_discussed", 0.25),
          ("constructive_feedback", 0.25), ("graded_challenge", 0.15), ("first_prepared", 0.15),
          ("difficult_visit", 0.5)]
AVAILABILITY_KINDS = {"check_in", "peer_support", "consultation_slot", "availability_signalled"}
MODES = ["in_person", "in_person", "online", "online", "phone", "hybrid"]


@dataclass
class Seeded:
    teams: int = 0
    members: int = 0
    entries: int = 0


def seed_demo(app: SecureBase, seed: int = 2017) -> Seeded:
    rng = random.Random(seed)
    today = app.clock().date()
    counts = Seeded()
    for index, (name, people) in enumerate(TEAMS.items()):
        app.create_team(CreateTeam.parse(name=name))
        team_id = Team.create_id(name)
        plan = _Plan(app, team_id, rng, today, supervisor=people[0])
        founders, joiners = people[:-2], people[-2:]
        for person in founders:
            plan.join(person, today - timedelta(days=rng.randint(400, 900)), welcomed=False)
        plan.join(joiners[0], today - timedelta(days=rng.randint(150, 250)))
        # Riverside's newest joiner has been welcomed but never inducted.
        plan.join(joiners[1], today - timedelta(days=21 if index == 1 else rng.randint(40, 90)),
                  inducted=index != 1)
        plan.leave(founders[-1], today - timedelta(days=rng.randint(60, 120)))
        plan.time_off(founders[1], today - timedelta(days=200), today - timedelta(days=120))
        quiet_since = today - timedelta(days=42) if index == 2 else None
        plan.routine(quiet_since)
        if index == 0:  # A difficult visit that nobody debriefed.
            plan.entry("difficult_visit", today - timedelta(days=6), [founders[2]], debrief=False)
        counts.teams += 1
        counts.members += len(people)
        counts.entries += plan.save()
    return counts


class _Plan:
    def __init__(self, app: SecureBase, team_id: UUID, rng: random.Random, today: date,
                 supervisor: str):
        self.app, self.team_id, self.rng, self.today = app, team_id, rng, today
        self.supervisor = supervisor
        self.members: dict[str, tuple[UUID, date, date | None]] = {}
        self.entries: list[LogSupport] = []

    def join(self, name: str, on: date, welcomed: bool = True, inducted: bool = True) -> None:
        role = "team manager" if name == self.supervisor else self.rng.choice(
            ["social worker", "social worker", "senior practitioner", "family support worker"])
        cmd = JoinMember.parse(team_id=self.team_id, name=name, role=role, joined_on=on)
        self.app.join_member(cmd)
        self.members[name] = (cmd.member_id, on, None)
        if welcomed:
            self.entry("welcome", on, [name])
            self.entry("buddying", on + timedelta(days=9), [name])
        if welcomed and inducted:
            for days in (2, 6, 12):
                self.entry("induction", on + timedelta(days=days), [name])

    def leave(self, name: str, on: date) -> None:
        member_id, joined, _ = self.members[name]
        self.app.member_left(MemberDated.parse(team_id=self.team_id, member_id=member_id, on=on))
        self.members[name] = (member_id, joined, on)
        self.entry("farewell", on - timedelta(days=1), [name])

    def time_off(self, name: str, starts: date, returns: date) -> None:
        member_id = self.members[name][0]
        self.app.leave_started(MemberDated.parse(team_id=self.team_id, member_id=member_id, on=starts))
        self.app.member_returned(MemberDated.parse(team_id=self.team_id, member_id=member_id, on=returns))
        self.entry("return_to_work", returns + timedelta(days=1), [name])

    def routine(self, quiet_since: date | None) -> None:
        """A year of ordinary weeks, plus two away days and a milestone."""
        for week in range(52, 0, -1):
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
        self.entry("milestone_marked", self.today - timedelta(days=75), self._people(
            self.today - timedelta(days=75), 1), note="passed ASYE")

    def entry(self, kind: str, day: date, people: list[str], debrief: bool = True,
              note: str | None = None) -> None:
        if not people and kind not in ("away_day", "team_meeting", "consultation_slot",
                                       "availability_signalled"):
            return
        at = datetime.combine(min(day, self.today), time(self.rng.randint(9, 16), 0))
        if day > self.today or at > self.app.clock():
            return
        cmd = LogSupport.parse(team_id=self.team_id, kind=kind, at=at, note=note,
                               members=[self.members[p][0] for p in people],
                               mode=self.rng.choice(MODES), logged_by=self.supervisor)
        self.entries.append(cmd)
        if kind == "difficult_visit" and debrief:
            follow_up = LogSupport.parse(
                team_id=self.team_id, kind="debrief", at=at + timedelta(days=self.rng.choice([0, 1])),
                members=cmd.members, mode=cmd.mode, logged_by=self.supervisor,
                regarding=cmd.entry_id)
            if follow_up.at <= self.app.clock():
                self.entries.append(follow_up)

    def _people(self, day: date, how_many: int) -> list[str]:
        here = [name for name, (_, joined, left) in self.members.items()
                if joined <= day and (left is None or day <= left) and name != self.supervisor]
        return self.rng.sample(here, min(how_many, len(here)))

    def save(self) -> int:
        """Visits are saved before the debriefs that refer to them."""
        visits = [c for c in self.entries if c.regarding is None]
        debriefs = [c for c in self.entries if c.regarding is not None]
        for batch in (visits, debriefs):
            if batch:
                self.app.log_many(batch)
        return len(self.entries)
