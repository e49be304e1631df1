"""The ballot box of an open pulse round: where answers wait, outside the log, until the round
closes and they are counted (domain/pulse.py says why).

Ballots are rows under a random key, in a table whose rows are kept in key order (SQLite: WITHOUT
ROWID), so their order says nothing of when they came. Who has answered is kept only as an HMAC
of the member's id under the round's own random key, to refuse a second answer; the close
deletes ballots, digests and key together, and on PostgreSQL vacuums the tables so that no dead
row version keeps them.

What an operator reading the database can learn while a round is open: how many have answered;
with the round's key and a member's id, whether that member has answered; the ballots cast so
far, though not whose they are; on PostgreSQL, the physical order of rows in the two tables may
hint at which ballot came in when. After the close: nothing but the kept counts in the log."""

import hashlib
import hmac
import secrets
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Engine,
    MetaData,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from domain.errors import Conflict

metadata = MetaData()
boxes = Table(
    "securebase_ballot_boxes", metadata,
    Column("round", String(80), primary_key=True),  # team id and round number
    Column("secret", String(64), nullable=False),
    Column("open", Boolean, nullable=False),
    sqlite_with_rowid=False,
)
ballots = Table(
    "securebase_ballots", metadata,
    Column("round", String(80), primary_key=True),
    Column("slot", String(64), primary_key=True),  # random: rows sort by it, not by arrival
    Column("answers", JSON, nullable=False),
    sqlite_with_rowid=False,
)
voters = Table(
    "securebase_ballot_voters", metadata,
    Column("round", String(80), primary_key=True),
    Column("digest", String(64), primary_key=True),  # HMAC of the member's id under the round's secret
    sqlite_with_rowid=False,
)


def round_key(team_id: UUID, number: int) -> str:
    return f"{team_id.hex}/{number}"


class BallotBox:
    def __init__(self, engine: Engine):
        self.engine = engine
        metadata.create_all(engine)

    def open(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(insert(boxes).values({"round": key, "secret": secrets.token_hex(32), "open": True}))

    def cast(self, key: str, member_id: UUID, answers: dict[str, str]) -> None:
        """One ballot per member per round, or a refusal; nothing is kept of a refused one."""
        with self.engine.begin() as connection:
            secret = connection.execute(select(boxes.c.secret).where(boxes.c.round == key, boxes.c.open)
                                        .with_for_update()).scalar_one_or_none()
            if secret is None:
                raise Conflict("round", None, "has closed: answers are no longer taken")
            try:
                connection.execute(insert(voters).values({"round": key, "digest": _digest(secret, member_id)}))
            except IntegrityError:
                raise Conflict("round", None, "you have already answered this round") from None
            connection.execute(insert(ballots).values({"round": key, "slot": secrets.token_hex(32),
                                                       "answers": answers}))

    def answered(self, key: str) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(voters)
                                      .where(voters.c.round == key)).scalar_one()

    def has_answered(self, key: str, member_id: UUID) -> bool:
        with self.engine.connect() as connection:
            secret = connection.execute(select(boxes.c.secret).where(boxes.c.round == key)).scalar_one_or_none()
            return secret is not None and connection.execute(select(voters.c.digest).where(
                voters.c.round == key, voters.c.digest == _digest(secret, member_id))).first() is not None

    def counted(self, key: str) -> tuple[list[dict[str, Any]], int]:
        """Shuts the box (no ballot gets in after) and returns its ballots and how many answered."""
        with self.engine.begin() as connection:
            connection.execute(update(boxes).where(boxes.c.round == key).values(open=False))
            found = [row.answers for row in connection.execute(select(ballots.c.answers).where(ballots.c.round == key))]
            return found, len(found)

    def emptied(self, key: str) -> None:
        """Deletes the round's ballots, digests and key, leaving no row version behind."""
        with self.engine.begin() as connection:
            for table in (ballots, voters, boxes):
                connection.execute(delete(table).where(table.c.round == key))
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                for table in (ballots, voters, boxes):
                    connection.execute(text(f"VACUUM FULL {table.name}"))


def _digest(secret: str, member_id: UUID) -> str:
    return hmac.new(bytes.fromhex(secret), member_id.bytes, hashlib.sha256).hexdigest()
