"""Which fields of which events hold personal data, and whose. The store seals each with the
keys of the people it is about (services/shredding.py); erasing a person destroys their key, and
from then on these fields read as `erased`, while everything else in the event still counts."""

from dataclasses import dataclass

from domain.support import SupportEntry
from domain.team import ERASED, Team
from domain.users import ERASED_USER, Directory


@dataclass(frozen=True)
class Personal:
    field: str
    whose: str  # the event field naming the person, or the list of people
    erased: str | None  # what the field reads as once any of them is erased


PERSONAL: dict[type, tuple[Personal, ...]] = {
    Team.MemberJoined: (Personal("name", "member_id", ERASED), Personal("email", "member_id", None)),
    SupportEntry.Logged: (Personal("note", "member_ids", None),),
    SupportEntry.Amended: (Personal("note", "sealed_for", None),),
    Directory.UserAdded: (Personal("name", "user_id", ERASED_USER),),
    Directory.EmailSet: (Personal("email", "user_id", None),),
}
