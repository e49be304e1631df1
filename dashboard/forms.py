"""What forms share: a refusal shown once, as one plain sentence, under the field the domain's
error names (a date problem beside the date, not under the members), and dates typed as people
type them. A typed date is a text box rather than a date picker, so 27/11/2026, 2026-11-27 and
27 Nov 2026 are all accepted, on a phone as on a desktop."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import streamlit as st

from dashboard.markup import plain
from domain.dates import read_day, shown
from domain.errors import InvalidInput, SecureBaseError

# How a field is named when the refusal does not quote what was typed in it.
SUBJECTS = {"at": "The date and time", "date": "The date", "members": "Who took part", "note": "The note",
            "reason": "The reason",
            "kind": "The kind of support", "mode": "How it was given", "regarding": "The visit",
            "until": "The day to look again", "closed_days": "A closed day", "thresholds": "A rule's limit",
            "target": "The goal", "answers": "An answer", "closes_on": "The last day", "threshold": "The number",
            "entry": "The entry", "gap": "The gap", "user": "You", "round": "The round"}
PREDICATES = ("is ", "was ", "has ", "must ", "contains ", "already ", "matches ", "cannot ", "may ")
AS_A_ROLE = re.compile(r"(as an? [\w ]+?) (may not .*)")  # "as a member may not set goals"
QUOTED = {"at"}  # fields whose value is better not quoted back (an ISO time the person never typed)


def sentence(error: SecureBaseError) -> str:
    """"“31/02/2026” is not a day of the calendar: write it as 27/11/2026 or 2026-11-27.\""""
    field, reason = error.field.split(".")[0], error.reason.rstrip(".")
    quoted = isinstance(error.value, str) and error.value and field not in QUOTED
    if quoted and (role := AS_A_ROLE.fullmatch(reason)):
        return plain(f"“{error.value}”, {role[1]}, {role[2]}.")
    if reason.startswith(PREDICATES):
        subject = f"“{error.value}”" if quoted else SUBJECTS.get(field, "This")
        return plain(f"{subject} {reason}.")
    return plain(reason[0].upper() + reason[1:] + (f" (“{error.value}”)." if quoted else "."))


class Refusals:
    """The places under a form's fields; a refusal naming no field of the form goes to the first."""

    def __init__(self) -> None:
        self._places: dict[str, st.delta_generator.DeltaGenerator] = {}

    def under(self, *fields: str) -> None:
        """Marks the place for these fields' refusals, where the call is made."""
        place = st.empty()
        for field in fields:
            self._places.setdefault(field, place)

    @contextmanager
    def shown(self, stop: bool = False) -> Iterator[None]:
        """Runs the writes (or reads) inside; a refusal stops them and is shown under its field,
        and with `stop` ends the page's run there."""
        try:
            yield
        except SecureBaseError as error:
            field = error.field.split(".")[0]
            place = self._places.get(field) or next(iter(self._places.values()), None) or st
            place.error(sentence(error), icon=":material/error:")
            if stop:
                st.stop()


def day_input(label: str, value: date, key: str, container=st) -> str:  # noqa: ANN001 (a Streamlit container)
    """A date typed as the person would type it, shown as securebase shows dates."""
    return container.text_input(label, value=shown(value), key=key, placeholder="27/11/2026",
                                help="Type the day as 27/11/2026, 2026-11-27 or 27 Nov 2026.")


def typed_day(text: str, field: str) -> date:
    """The day typed in a `day_input`, or a refusal under the field."""
    try:
        return read_day(text)
    except ValueError as wrong:
        raise InvalidInput(field, text, str(wrong)) from None
