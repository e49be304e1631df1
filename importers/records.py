"""What every format reads and yields, and how a record becomes a command or a reasoned rejection."""

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PureWindowsPath
from typing import BinaryIO
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.catalogue import Mode
from domain.commands import LogSupport
from domain.errors import SecureBaseError
from domain.support import check_details
from domain.team import Team
from importers.dates import parse_when
from importers.people import People
from importers.synonyms import Synonyms, normalise

MODES = {"in person": Mode.IN_PERSON, "face to face": Mode.IN_PERSON, "f2f": Mode.IN_PERSON,
         "office": Mode.IN_PERSON, "online": Mode.ONLINE, "video": Mode.ONLINE, "teams": Mode.ONLINE,
         "zoom": Mode.ONLINE, "virtual": Mode.ONLINE, "phone": Mode.PHONE, "telephone": Mode.PHONE,
         "call": Mode.PHONE, "hybrid": Mode.HYBRID}


class Upload:
    """A file's bytes held in memory, with the name it came under (from a browser, say).

    The name is only a label, never a path: its last part names the source in reports and in
    each entry's id (so an upload and the same file given on the command line are the same
    source), and its suffix says the format. Nothing is written to disk, so nothing is left behind."""

    def __init__(self, name: str, data: bytes):
        self.name = PureWindowsPath(name).name  # what follows the last / or \
        self.suffix = PureWindowsPath(self.name).suffix
        self.data = data


File = Path | Upload


def read(file: File) -> BinaryIO:
    """The file's bytes as a stream, from disk or from memory."""
    return io.BytesIO(file.data) if isinstance(file, Upload) else file.open("rb")


@dataclass
class Record:
    """One row or calendar occurrence, as the source wrote it."""
    line: int
    source_key: str  # stable across re-imports of the same source
    when: object
    activity: str
    people: str | list[str] = ""
    mode: str = ""
    note: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # role -> the source's column name
    where: str = ""  # how a person finds it in the source, when not by its line
    optional: bool = False  # a calendar's meeting: one that names no kind of support is passed over
    problem: str = ""  # what makes it unreadable, when it is


@dataclass(frozen=True)
class Rejected:
    line: int
    column: str
    value: str
    reason: str
    where: str = ""

    @property
    def place(self) -> str:
        return self.where or f"line {self.line}"


class Translator:
    """Turns records into LogSupport commands for one team, or says exactly what is wrong."""

    def __init__(self, team: Team, synonyms: Synonyms, logged_by: str, now: datetime):
        self.team, self.synonyms, self.logged_by, self.now = team, synonyms, logged_by, now
        self.people = People(team)
        self.named = f"securebase/import/{team.id}/"  # what each entry's id is named under

    def entry_id(self, record: Record) -> UUID:
        return uuid5(NAMESPACE_URL, self.named + record.source_key)

    def command(self, record: Record) -> LogSupport | Rejected:
        def rejected(role: str, value: object, reason: str) -> Rejected:
            return Rejected(record.line, record.columns.get(role, role), str(value), reason, record.where)

        if record.problem:
            return rejected("event", record.activity, record.problem)
        try:
            at = parse_when(record.when)
        except ValueError as error:
            return rejected("date", record.when, str(error))
        kind = self.synonyms.kind(record.activity or "")
        if kind is None:
            return rejected("activity", record.activity, "no kind of support matches this; add a synonym")
        try:
            members = (self.people.known(record.people) if isinstance(record.people, list)
                       else self.people.match_all(record.people))
        except ValueError as error:
            return rejected("people", record.people, str(error))
        mode = MODES.get(normalise(record.mode)) if record.mode else Mode.IN_PERSON
        if mode is None:
            return rejected("mode", record.mode, "use in person, online, phone or hybrid")
        try:
            cmd = LogSupport.parse(team_id=self.team.id, entry_id=self.entry_id(record), kind=kind,
                                   members=members, at=at, mode=mode, note=record.note or None,
                                   logged_by=self.logged_by)
            check_details(self.team, cmd, self.now)
        except SecureBaseError as error:
            role = {"at": "date", "members": "people", "kind": "activity"}.get(error.field.split(".")[0],
                                                                              error.field)
            return rejected(role, error.value if error.value is not None else "", error.reason)
        return cmd
