"""How events become bytes and back: plain JSON by orjson, types restored from the event class.

The library's JSONTranscoder tags every UUID and datetime with a small envelope and calls back
into Python for each one; at the volumes securebase logs that cost more than the insert itself
(bench/append.py). Here the stored state is plain JSON (UUIDs and datetimes as ISO strings), and
on the way back each field is converted according to the event class's own annotations.
"""

import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent, Transcoder
from eventsourcing.utils import TopicError

from domain.errors import SecureBaseError
from domain.personal import PERSONAL
from domain.team import Team
from domain.users import Directory
from services.shredding import SEALED, Shredder
from services.store_errors import UnknownEventType

Convert = Callable[[Any], Any]
SCALARS: dict[Any, Convert] = {UUID: UUID, datetime: datetime.fromisoformat, date: date.fromisoformat}


class UnreadableLog(SecureBaseError):
    """The log was written with a cipher key this application does not have."""


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


class TypedMapper(Mapper[UUID]):
    """Also seals personal fields with their people's keys, and unseals them on the way back."""
    shredder: Shredder

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        if personal := PERSONAL.get(type(domain_event)):
            sealed = object.__new__(type(domain_event))  # a shallow copy, without copy.copy's protocol
            vars(sealed).update(vars(domain_event))
            for field in personal:
                value, people = getattr(domain_event, field.field), whose(domain_event, field.whose)
                if value is not None and people:
                    vars(sealed)[field.field] = self.shredder.seal(value, people)
            domain_event = sealed
        return super().to_stored_event(domain_event)

    def to_domain_event(self, stored_event: StoredEvent, opened: bool = True) -> Any:
        """`opened=False` leaves personal fields sealed as stored, for the read models, which keep
        them so (projections/view.py); either way a field of an erased person reads as erased."""
        try:
            domain_event = super().to_domain_event(stored_event)
        except TopicError:
            raise UnknownEventType("stored event", None, f"its type {stored_event.topic} is not one this version "
                                   "of securebase knows: a newer version wrote it; upgrade securebase to "
                                   "use this store") from None
        except MapperDeserialisationError:
            raise UnreadableLog("SECUREBASE_CIPHER_KEY", None,
                                "the stored events cannot be read with this key: they were encrypted with "
                                "another key, or a key is needed") from None
        state = domain_event.__dict__
        for name, convert in converters(type(domain_event)).items():
            if name in state:
                state[name] = convert(state[name])
        for field in PERSONAL.get(type(domain_event), ()):
            value = state[field.field]
            if value is not None:
                people = whose(domain_event, field.whose)
                if opened:
                    value = self.shredder.unseal(value, people)
                elif value.startswith(SEALED) and not self.shredder.can_open(people):
                    value = None
                state[field.field] = field.erased if value is None else value
        if isinstance(domain_event, Team.MemberErased):
            self.shredder.forget(domain_event.member_id)
        elif isinstance(domain_event, Directory.UserErased):
            self.shredder.forget(domain_event.user_id)
        return domain_event


def whose(domain_event: Any, field: str) -> list[UUID]:
    """The people a personal field is about; an amendment recorded before `sealed_for` existed
    is about its members."""
    people = getattr(domain_event, field, None) or getattr(domain_event, "member_ids", None)
    return people if isinstance(people, list) else [people]


@cache
def converters(event_class: type) -> dict[str, Convert]:
    """For each field whose JSON form differs from its Python type, how to convert it back."""
    found = {}
    for name, hint in typing.get_type_hints(event_class).items():
        if name != "originator_id" and (convert := converter(hint)) is not None:
            found[name] = convert
    return found


def converter(hint: Any) -> Convert | None:
    if hint in SCALARS:
        return SCALARS[hint]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list and (item := converter(args[0])) is not None:
        return lambda values: [item(v) for v in values]
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        inner = converter(next(a for a in args if a is not type(None)))
        if inner is not None:
            return lambda value: None if value is None else inner(value)
    return None
