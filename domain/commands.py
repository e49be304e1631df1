"""Commands as pydantic models: the shape of what a user asks for, checked before any rule that
needs the record. `Command.parse` turns pydantic's report into one `InvalidInput` naming the field."""

from datetime import date, datetime
from typing import Annotated, Any, Literal, Self
from uuid import UUID, uuid4

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from domain import zone
from domain.access import Role
from domain.catalogue import KINDS, Domain, Mode
from domain.dates import HOW, read_day, shown
from domain.decisions import Decision
from domain.errors import InvalidInput
from domain.gaps import Rule
from domain.pulse import DEFAULT_THRESHOLD, LOWEST_THRESHOLD, Answer
from domain.text import clean_name, clean_note

FIRST_DAY, LAST_DAY = date(1950, 1, 1), date(2099, 12, 31)  # a working life either side of today


def _in_range(day: date) -> date:
    if not FIRST_DAY <= (day.date() if isinstance(day, datetime) else day) <= LAST_DAY:
        raise ValueError(f"is out of range: use a date between {shown(FIRST_DAY)} and {shown(LAST_DAY)}")
    return day


def _typed_day(value: Any) -> Any:
    """A day as a person types it (27/11/2026, 2026-11-27, 27 Nov 2026)."""
    return read_day(value) if isinstance(value, str) else value


def _text(max_length: int, clean=clean_name) -> Any:  # noqa: ANN001 (one of domain.text's cleaners)
    def filled(value: str) -> str:
        if not (cleaned := clean(value)):
            raise ValueError("is empty: write something here")
        return cleaned
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(filled)]


Name = _text(80)
Reason = _text(200, clean_note)
Day = Annotated[date, BeforeValidator(_typed_day), AfterValidator(_in_range)]
Moment = Annotated[datetime, AfterValidator(_in_range)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=200,
                                         pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), AfterValidator(clean_name)]
NOTE_LIMIT = 500
SYSTEM = "securebase"  # who acts when no one signed in: refused once the store has users


class Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def parse(cls, **data: Any) -> Self:
        try:
            return cls.model_validate(data)
        except ValidationError as e:
            error = e.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or cls.__name__
            reason = _plain(error)
            value = error.get("input")
            raise InvalidInput(field, value if isinstance(value, str | int | float) else None,
                               reason) from None


def _plain(error: Any) -> str:
    """Pydantic's report of one field in the words the rest of securebase uses ("is too long:
    at most 80 characters"), so no validator's wording reaches a person."""
    kind, context = error["type"], error.get("ctx", {})
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    if kind in ("string_too_long", "too_long"):
        return f"is too long: at most {context.get('max_length')} characters"
    if kind in ("missing", "string_too_short"):
        return "is missing: write something here"
    if kind.startswith("date") and "datetime" not in kind:
        return f"is not a date: {HOW}"
    if kind.startswith(("datetime", "time")):
        return "is not a date and time: give the day and the time, such as 27/11/2026 14:30"
    if kind in ("greater_than_equal", "less_than_equal", "int_parsing", "int_from_float", "int_type"):
        bounds = [f"{word} {context[key]}" for key, word in (("ge", "at least"), ("le", "at most")) if key in context]
        return "must be a whole number" + (f" of {' and '.join(bounds)}" if bounds else "")
    if kind in ("enum", "literal_error"):
        return f"is not one of the choices: {context.get('expected', '')}".rstrip(": ")
    if kind == "string_pattern_mismatch":
        return "is not an e-mail address such as name@example.org"
    if kind.startswith("uuid"):
        return "is not a reference securebase gave"
    if kind == "extra_forbidden":
        return "is not something this command takes"
    return "is not accepted here"


class Acting(Command):
    """A command that records who gave it; the application checks they may."""
    by: Name = SYSTEM


class CreateTeam(Acting):
    name: Name


class JoinMember(Acting):
    team_id: UUID
    member_id: UUID = Field(default_factory=uuid4)
    name: Name
    role: Name = "social worker"
    email: Email | None = None
    joined_on: Day


class MemberDated(Acting):
    """Leaving, starting leave and returning all name a member and a day."""
    team_id: UUID
    member_id: UUID
    on: Day


class EntryDetails(Command):
    """What a support entry says happened; logging and amending both check it."""
    kind: str
    members: list[UUID] = []
    at: Moment
    mode: Mode = Mode.IN_PERSON
    note: Annotated[str, Field(max_length=NOTE_LIMIT), AfterValidator(clean_note)] | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown kind; choose one of: {', '.join(sorted(KINDS))}")
        return kind

    @field_validator("at")
    @classmethod
    def _local_time(cls, at: datetime) -> datetime:
        """Times are kept as wall-clock times in the store's zone."""
        return zone.wall(at)

    @field_validator("note")
    @classmethod
    def _blank_note_is_none(cls, note: str | None) -> str | None:
        return note.strip() or None if note else None


class LogSupport(EntryDetails):
    team_id: UUID
    entry_id: UUID = Field(default_factory=uuid4)
    logged_by: Name
    regarding: UUID | None = None


class Retract(Command):
    entry_id: UUID
    reason: Reason
    by: Name


class SetGoal(Acting):
    """At least `target` activities in a domain each month (or week); 0 removes the goal."""
    team_id: UUID
    domain: Domain
    target: Annotated[int, Field(ge=0, le=500)]
    per: Literal["month", "week"] = "month"


class SetRules(Acting):
    """New thresholds for some gap rules and, when given, the team's full list of closed days."""
    team_id: UUID
    thresholds: dict[Rule, Annotated[int, Field(ge=1, le=365)]] = {}
    closed_days: list[Day] | None = None


class DecideGap(Acting):
    """A gap marked not applicable (with a reason), snoozed until a day, or reinstated."""
    team_id: UUID
    gap_key: str
    decision: Decision
    until: Day | None = None
    reason: Reason | None = Field(default=None, validate_default=True)

    @field_validator("reason")
    @classmethod
    def _reason_for_not_applicable(cls, reason: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("decision") is Decision.NOT_APPLICABLE and not reason:
            raise ValueError("say why the rule does not apply (--reason)")
        return reason


class EraseMember(Acting):
    team_id: UUID
    member_id: UUID


class UserCommand(Acting):
    """Users are named by what they type to sign in."""
    name: Name


class SetRole(UserCommand):
    role: Role
    teams: list[UUID] = []
    member_id: UUID | None = None


class AddUser(SetRole):
    user_id: UUID = Field(default_factory=uuid4)
    password_hash: str


class OpenPulse(Acting):
    """Ask the team: a round of the five statements, taking answers until `closes_on`."""
    team_id: UUID
    closes_on: Day
    threshold: Annotated[int, Field(ge=LOWEST_THRESHOLD, le=500)] = DEFAULT_THRESHOLD


class AnswerPulse(Acting):
    """A member's answers to the open round of their team: one per domain."""
    team_id: UUID
    answers: dict[Domain, Answer]

    @field_validator("answers")
    @classmethod
    def _every_domain(cls, answers: dict[Domain, Answer]) -> dict[Domain, Answer]:
        if missing := [d.label for d in Domain if d not in answers]:
            raise ValueError(f"is missing for {', '.join(missing)}: choose one, or “prefer not to say”")
        return answers


class ClosePulse(Acting):
    team_id: UUID
