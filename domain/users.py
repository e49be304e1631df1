"""The users of securebase, in one small aggregate: they are few, they change rarely, and
"does anyone have an account yet?" must be one read. Passwords arrive already hashed: hashing
is the service layer's job, so the domain stays free of it.

Each user has an id, and every event records who acted by that id, never by name: a user's
name is sealed under their own key (domain/personal.py), so erasing the person they are makes
their name unreadable everywhere it was ever shown, while their actions still count."""

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.access import Account, Role
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.recording import RecordedAggregate
from domain.text import name_key

ERASED_USER = "erased user"


def legacy_id(name: str) -> str:
    """The id of a user recorded before users had ids: derived from their name."""
    return str(uuid5(NAMESPACE_URL, "securebase/user/" + key(name)))


class _ById(RecordedAggregate.Event):
    """Version 1 of these events named the user; version 2 gives their id."""
    user_id: UUID
    by: str
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["user_id"] = legacy_id(state.pop("name"))


class Directory(RecordedAggregate):
    ID = uuid5(NAMESPACE_URL, "securebase/users")

    @staticmethod
    def create_id() -> UUID:
        return Directory.ID

    @event("Opened")
    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}  # by name_key, erased users left out
        self.by_id: dict[UUID, Account] = {}

    def account(self, name: str) -> Account:
        """The enabled account a name signs in as; unknown and disabled users are refused."""
        found = self.accounts.get(key(name))
        if found is None:
            raise Forbidden("user", name, "is not a securebase user: ask a manager to add you "
                                          "(`securebase user add`)")
        if found.disabled:
            raise Forbidden("user", name, "is disabled: ask a manager")
        return found

    def add(self, user_id: UUID, name: str, role: Role, teams: list[UUID], member_id: UUID | None,
            password_hash: str, by: str) -> None:
        if key(name) in self.accounts:
            raise Conflict("name", name, "is already a user")
        if not self.accounts and role is not Role.MANAGER:
            raise InvalidInput("role", role.value, "the first user must be a manager, to add the others")
        check_role(role, teams, member_id)
        self._added(user_id, name, role.value, teams, member_id, password_hash, by)

    class UserAdded(RecordedAggregate.Event):
        user_id: UUID
        name: str
        role: str
        teams: list[UUID]
        member_id: UUID | None
        password_hash: str
        by: str
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["user_id"] = legacy_id(state["name"])

    @event(UserAdded)
    def _added(self, user_id: UUID, name: str, role: str, teams: list[UUID], member_id: UUID | None,
               password_hash: str, by: str) -> None:
        account = Account(name, Role(role), password_hash, frozenset(teams), member_id, id=user_id)
        self.by_id[user_id] = account
        if name != ERASED_USER:
            self.accounts[key(name)] = account

    def set_role(self, name: str, role: Role, teams: list[UUID], member_id: UUID | None, by: str) -> None:
        user_id = self.known(name).id
        check_role(role, teams, member_id)
        self._role_set(user_id, role.value, teams, member_id, by)

    class RoleSet(_ById):
        role: str
        teams: list[UUID]
        member_id: UUID | None

    @event(RoleSet)
    def _role_set(self, user_id: UUID, role: str, teams: list[UUID], member_id: UUID | None, by: str) -> None:
        account = self.by_id[user_id]
        account.role, account.teams, account.member_id = Role(role), frozenset(teams), member_id

    def set_password(self, name: str, password_hash: str, by: str) -> None:
        self._password_set(self.known(name).id, password_hash, by)

    class PasswordSet(_ById):
        password_hash: str

    @event(PasswordSet)
    def _password_set(self, user_id: UUID, password_hash: str, by: str) -> None:
        self.by_id[user_id].password_hash = password_hash

    def disable(self, name: str, by: str) -> None:
        account = self.known(name)
        if account.disabled:
            raise Conflict("name", name, "is already disabled")
        self._disabled(account.id, by)

    class UserDisabled(_ById):
        pass

    @event(UserDisabled)
    def _disabled(self, user_id: UUID, by: str) -> None:
        self.by_id[user_id].disabled = True

    def enable(self, name: str, by: str) -> None:
        if not self.known(name).disabled:
            raise Conflict("name", name, "is not disabled")
        self._enabled(self.known(name).id, by)

    class UserEnabled(_ById):
        pass

    @event(UserEnabled)
    def _enabled(self, user_id: UUID, by: str) -> None:
        self.by_id[user_id].disabled = False

    def set_email(self, name: str, email: str | None, by: str) -> None:
        self._email_set(self.known(name).id, email, by)

    class EmailSet(_ById):
        email: str | None

    @event(EmailSet)
    def _email_set(self, user_id: UUID, email: str | None, by: str) -> None:
        self.by_id[user_id].email = email

    def set_digest(self, name: str, rhythm: str, by: str) -> None:
        self._digest_set(self.known(name).id, rhythm, by)

    class DigestSet(_ById):
        rhythm: str

    @event(DigestSet)
    def _digest_set(self, user_id: UUID, rhythm: str, by: str) -> None:
        self.by_id[user_id].digest = rhythm

    def erase_person(self, member_id: UUID, by: str) -> list[UUID]:
        """The accounts of an erased team member are disabled for good and their names sealed
        away; returns their ids, whose keys are then destroyed."""
        found = [a.id for a in self.by_id.values() if a.member_id == member_id and a.name != ERASED_USER]
        for user_id in found:
            self._user_erased(user_id, by)
        return found

    @event("UserErased")
    def _user_erased(self, user_id: UUID, by: str) -> None:
        account = self.by_id[user_id]
        self.accounts.pop(key(account.name), None)
        account.name, account.disabled, account.password_hash, account.email = ERASED_USER, True, "", None

    def known(self, name: str) -> Account:
        try:
            return self.accounts[key(name)]
        except KeyError:
            raise InvalidInput("name", name, "is not a user") from None


def key(name: str) -> str:
    return name_key(name)


def check_role(role: Role, teams: list[UUID], member_id: UUID | None) -> None:
    if role is Role.SUPERVISOR and not teams:
        raise InvalidInput("team", None, "a supervisor needs at least one team to supervise")
    if role is Role.MEMBER and (len(teams) != 1 or member_id is None):
        raise InvalidInput("member", None, "a member user needs their team and their name on it")
    if role is Role.MANAGER and (teams or member_id):
        raise InvalidInput("team", None, "a manager sees every team: give no team")
