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

from domain.errors import SecureBaseError

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
    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            domain_event = super().to_domain_event(stored_event)
        except MapperDeserialisationError:
            raise UnreadableLog("SECUREBASE_CIPHER_KEY", None,
                                "the stored events cannot be read with this key: they were encrypted with "
                                "another key, or a key is needed") from None
        state = domain_event.__dict__
        for name, convert in converters(type(domain_event)).items():
            if name in state:
                state[name] = convert(state[name])
        return domain_event


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
