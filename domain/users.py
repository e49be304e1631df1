"""The users of securebase, in one small aggregate: they are few, they change rarely, and
"does anyone have an account yet?" must be one read. Passwords arrive already hashed: hashing
is the service layer's job, so the domain stays free of it."""

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.access import Account, Role
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.recording import RecordedAggregate


class Directory(RecordedAggregate):
    ID = uuid5(NAMESPACE_URL, "securebase/users")

    @staticmethod
    def create_id() -> UUID:
        return Directory.ID

    @event("Opened")
    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}

    def account(self, name: str) -> Account:
        """The enabled account a name signs in as; unknown and disabled users are refused."""
        found = self.accounts.get(key(name))
        if found is None:
            raise Forbidden("user", name, "is not a securebase user: ask a manager to add you "
                                          "(`securebase user add`)")
        if found.disabled:
            raise Forbidden("user", name, "is disabled: ask a manager")
        return found

    def add(self, name: str, role: Role, teams: list[UUID], member_id: UUID | None,
            password_hash: str, by: str) -> None:
        if key(name) in self.accounts:
            raise Conflict("name", name, "is already a user")
        if not self.accounts and role is not Role.MANAGER:
            raise InvalidInput("role", role.value, "the first user must be a manager, to add the others")
        check_role(role, teams, member_id)
        self._added(name, role.value, teams, member_id, password_hash, by)

    @event("UserAdded")
    def _added(self, name: str, role: str, teams: list[UUID], member_id: UUID | None,
               password_hash: str, by: str) -> None:
        self.accounts[key(name)] = Account(name, Role(role), password_hash, frozenset(teams), member_id)

    def set_role(self, name: str, role: Role, teams: list[UUID], member_id: UUID | None, by: str) -> None:
        self.known(name)
        check_role(role, teams, member_id)
        self._role_set(name, role.value, teams, member_id, by)

    @event("RoleSet")
    def _role_set(self, name: str, role: str, teams: list[UUID], member_id: UUID | None, by: str) -> None:
        account = self.accounts[key(name)]
        account.role, account.teams, account.member_id = Role(role), frozenset(teams), member_id

    def set_password(self, name: str, password_hash: str, by: str) -> None:
        self.known(name)
        self._password_set(name, password_hash, by)

    @event("PasswordSet")
    def _password_set(self, name: str, password_hash: str, by: str) -> None:
        self.accounts[key(name)].password_hash = password_hash

    def disable(self, name: str, by: str) -> None:
        if self.known(name).disabled:
            raise Conflict("name", name, "is already disabled")
        self._disabled(name, by)

    @event("UserDisabled")
    def _disabled(self, name: str, by: str) -> None:
        self.accounts[key(name)].disabled = True

    def enable(self, name: str, by: str) -> None:
        if not self.known(name).disabled:
            raise Conflict("name", name, "is not disabled")
        self._enabled(name, by)

    @event("UserEnabled")
    def _enabled(self, name: str, by: str) -> None:
        self.accounts[key(name)].disabled = False

    def known(self, name: str) -> Account:
        try:
            return self.accounts[key(name)]
        except KeyError:
            raise InvalidInput("name", name, "is not a user") from None


def key(name: str) -> str:
    return " ".join(name.casefold().split())


def check_role(role: Role, teams: list[UUID], member_id: UUID | None) -> None:
    if role is Role.SUPERVISOR and not teams:
        raise InvalidInput("team", None, "a supervisor needs at least one team to supervise")
    if role is Role.MEMBER and (len(teams) != 1 or member_id is None):
        raise InvalidInput("member", None, "a member user needs their team and their name on it")
    if role is Role.MANAGER and (teams or member_id):
        raise InvalidInput("team", None, "a manager sees every team: give no team")
