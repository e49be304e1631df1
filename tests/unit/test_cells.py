"""CSV cells a spreadsheet would run as formulas are written as text; everything else as it was."""

import csv
import io
from datetime import date

import pytest

from services.cells import csv_bytes, neutralise


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A9)",
                                  "\t=1+1", "\r=1+1", "=", "-"])
def test_text_that_starts_a_formula_is_written_as_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Sam Patel", "after the visit", "", " =1+1", "1-2", "'quoted", "a=b"])
def test_other_text_is_left_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [-5, 3.5, 0, None, True, date(2026, 3, 5)])
def test_numbers_and_other_values_stay_as_they_are(value):
    assert neutralise(value) is value


def read(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode()), delimiter=delimiter))


def test_a_csv_has_a_header_and_every_cell_neutralised():
    rows = [{"line": 3, "value": '=HYPERLINK("http://evil.example","a, b")', "reason": "-1 is not a date"},
            {"line": -4, "value": None, "reason": 'says "hello"\nthen leaves'}]
    assert read(csv_bytes(rows)) == [
        ["line", "value", "reason"],
        ["3", """'=HYPERLINK("http://evil.example","a, b")""", "'-1 is not a date"],
        ["-4", "", 'says "hello"\nthen leaves']]


def test_the_header_is_neutralised_too_and_columns_can_be_chosen():
    data = csv_bytes([{"=cmd": "x", "other": "y"}], columns=["=cmd"])
    assert read(data) == [["'=cmd"], ["x"]]
    assert csv_bytes([], columns=["when", "what"]) == b"when,what\r\n"
    assert csv_bytes([]) == b""


def test_a_separator_another_locale_uses_cannot_start_a_cell():
    """Excel where the list separator is a semicolon splits unquoted cells on it."""
    data = csv_bytes([{"note": "fine;=1+1", "who": "Sam\t@SUM(1)"}])
    assert data.splitlines()[1] == b'"fine;=1+1","Sam\t@SUM(1)"'
    assert len(read(data, delimiter=";")[1]) == 1  # not split before the = or the @


def test_text_is_utf8():
    assert read(csv_bytes([{"who": "Zoë Lambert"}])) == [["who"], ["Zoë Lambert"]]
