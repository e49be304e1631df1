"""Who may do what. Staff wellbeing records are sensitive: a member sees their own team's
activity and their own timeline, never notes; a supervisor runs the teams they supervise; a
manager runs every team, the users, and a person's erasure or export."""

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from domain.errors import Forbidden


class Role(StrEnum):
    MANAGER = "manager"
    SUPERVISOR = "supervisor"
    MEMBER = "member"


class Action(StrEnum):
    """Each names what it allows, for the message that refuses it."""
    SEE_TEAM = "see the team's activity"
    SEE_NOTES = "see notes, gaps and other people's timelines"
    LOG = "log, amend, retract or import support"
    RUN_TEAM = "change members, goals and rules"
    DECIDE_GAPS = "dismiss, snooze or reinstate gaps"
    ADMINISTER = "manage users and teams, or erase or export a person"


@dataclass
class Account:
    name: str
    role: Role
    password_hash: str
    teams: frozenset[UUID] = field(default_factory=frozenset)  # supervised, or the member's own
    member_id: UUID | None = None  # for a member: who they are on their team
    disabled: bool = False
    id: UUID | None = None  # what events record as who acted, so a name can be erased
    email: str | None = None  # where their digest goes (domain/digest.py)
    digest: str = "weekly"  # weekly, daily or off

    def may(self, action: Action, team_id: UUID | None = None) -> bool:
        if self.disabled:
            return False
        if self.role is Role.MANAGER:
            return True
        if action is Action.ADMINISTER or team_id not in self.teams:
            return False
        return self.role is Role.SUPERVISOR or action is Action.SEE_TEAM

    def may_see_timeline(self, team_id: UUID, member_id: UUID) -> bool:
        return self.may(Action.SEE_NOTES, team_id) or (
            self.may(Action.SEE_TEAM, team_id) and member_id == self.member_id)

    def check(self, action: Action, team_id: UUID | None = None, team_name: str | None = None) -> None:
        if self.disabled:
            raise Forbidden("user", self.name, "is disabled: ask a manager")
        if not self.may(action, team_id):
            where = f" for {team_name}" if team_name else ""
            raise Forbidden("user", self.name, f"as a {self.role} may not {action.value}{where}")
