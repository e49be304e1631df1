"""The Team aggregate: who is on the team and when. Support entries live in their own
aggregates (see support.py) so that logging never contends on the team."""

from dataclasses import dataclass, field
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.dates import shown
from domain.errors import Conflict, InvalidInput, NotFound
from domain.recording import RecordedAggregate
from domain.text import name_key

ERASED = "erased member"  # how views show a person whose details were erased


@dataclass
class Member:
    id: UUID
    name: str
    role: str
    email: str | None
    joined_on: date
    left_on: date | None = None
    erased: bool = False
    leaves: list[tuple[date, date | None]] = field(default_factory=list)

    @property
    def on_leave(self) -> bool:
        return bool(self.leaves) and self.leaves[-1][1] is None

    def on_team(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)


class Team(RecordedAggregate):
    @staticmethod
    def create_id(name: str) -> UUID:
        """Team names are unique: the id is derived from the name, case- and space-insensitively."""
        return uuid5(NAMESPACE_URL, "securebase/team/" + " ".join(name.casefold().split()))

    @event("Created")
    def __init__(self, name: str, by: str = ""):
        self.name = name
        self.members: dict[UUID, Member] = {}
        self.goals: dict[str, tuple[int, str]] = {}  # domain -> (target, "month" or "week")
        self.thresholds: dict[str, int] = {}  # only where the team differs from the defaults
        self.closed_days: list[date] = []  # days off beyond weekends, for working-day rules

    def join(self, member_id: UUID, name: str, role: str, email: str | None, joined_on: date,
             by: str) -> None:
        for other in self.members.values():
            if not other.erased and name_key(other.name) == name_key(name):
                raise Conflict("name", name, f"already joined {self.name} on {shown(other.joined_on)} as {other.name}; "
                                             "a different person of that name needs a middle initial")
        self._member_joined(member_id, name, role, email, joined_on, by)

    @event("MemberJoined")
    def _member_joined(self, member_id: UUID, name: str, role: str, email: str | None,
                       joined_on: date, by: str = "") -> None:
        self.members[member_id] = Member(member_id, name, role, email, joined_on)

    def leave(self, member_id: UUID, left_on: date, by: str) -> None:
        member = self.member(member_id)
        if member.left_on is not None:
            raise Conflict("member", member.name, f"already left on {shown(member.left_on)}")
        if left_on < member.joined_on:
            raise InvalidInput("left_on", left_on.isoformat(),
                               f"is before {member.name} joined on {shown(member.joined_on)}")
        self._member_left(member_id, left_on, by)

    @event("MemberLeft")
    def _member_left(self, member_id: UUID, left_on: date, by: str = "") -> None:
        self.members[member_id].left_on = left_on

    def start_leave(self, member_id: UUID, starts_on: date, by: str) -> None:
        member = self.check_on_team(member_id, starts_on, "starts_on")
        if member.on_leave:
            raise Conflict("member", member.name, f"has been on leave since {shown(member.leaves[-1][0])}")
        self._leave_started(member_id, starts_on, by)

    @event("LeaveStarted")
    def _leave_started(self, member_id: UUID, starts_on: date, by: str = "") -> None:
        self.members[member_id].leaves.append((starts_on, None))

    def return_from_leave(self, member_id: UUID, returned_on: date, by: str) -> None:
        member = self.check_on_team(member_id, returned_on, "returned_on")
        if not member.on_leave:
            raise Conflict("member", member.name, "is not on leave")
        if returned_on < member.leaves[-1][0]:
            raise InvalidInput("returned_on", returned_on.isoformat(),
                               f"is before {member.name}'s leave started on {shown(member.leaves[-1][0])}")
        self._member_returned(member_id, returned_on, by)

    @event("MemberReturned")
    def _member_returned(self, member_id: UUID, returned_on: date, by: str = "") -> None:
        member = self.members[member_id]
        member.leaves[-1] = (member.leaves[-1][0], returned_on)

    def set_goal(self, domain: str, target: int, per: str, by: str) -> None:
        self._goal_set(domain, target, per, by)

    @event("GoalSet")
    def _goal_set(self, domain: str, target: int, per: str, by: str = "") -> None:
        self.goals[domain] = (target, per)

    def set_rules(self, thresholds: dict[str, int], closed_days: list[date] | None, by: str) -> None:
        """Changes only what is given; the event records the whole new set, for the history."""
        self._rules_set(self.thresholds | thresholds,
                        sorted(set(self.closed_days if closed_days is None else closed_days)), by)

    @event("RulesSet")
    def _rules_set(self, thresholds: dict[str, int], closed_days: list[date], by: str = "") -> None:
        self.thresholds, self.closed_days = dict(thresholds), list(closed_days)

    def erase(self, member_id: UUID, by: str) -> None:
        """Records that a person's details were made unreadable (see services/shredding.py);
        what they took part in still counts."""
        member = self.member(member_id)
        if member.erased:
            raise Conflict("member", str(member_id), "was already erased")
        self._member_erased(member_id, by)

    @event("MemberErased")
    def _member_erased(self, member_id: UUID, by: str) -> None:
        member = self.members[member_id]
        member.name, member.email, member.erased = ERASED, None, True

    def member(self, member_id: UUID) -> Member:
        try:
            return self.members[member_id]
        except KeyError:
            raise NotFound("member", str(member_id), f"is not a member of {self.name}") from None

    def member_named(self, name: str) -> Member:
        """Finds a member by full name or email; case, accents and spacing aside."""
        wanted, email = name_key(name), name.strip().casefold()
        for member in self.members.values():
            if not member.erased and (wanted == name_key(member.name) or email == (member.email or "").casefold()):
                return member
        raise NotFound("member", name, f"is not a member of {self.name}")

    def member_by_ref(self, ref: str) -> Member:
        """A member by the short reference `member list` shows (the start of their id)."""
        wanted = ref.strip().lower().replace("-", "")
        found = [m for m in self.members.values() if len(wanted) >= 6 and m.id.hex.startswith(wanted)]
        if len(found) != 1:
            raise NotFound("member", ref, f"no member of {self.name} has this reference: see `securebase "
                                          "member list`" if not found else "matches several members")
        return found[0]

    def check_on_team(self, member_id: UUID, day: date, field_name: str) -> Member:
        member = self.member(member_id)
        if member.erased:
            raise InvalidInput(field_name, ERASED, "was erased: nothing new can be recorded about them")
        if not member.on_team(day):
            when = (f"joined on {shown(member.joined_on)}" if day < member.joined_on
                    else f"left on {shown(member.left_on)}")
            raise InvalidInput(field_name, member.name,
                               f"was not on {self.name} on {shown(day)} ({when})")
        return member
