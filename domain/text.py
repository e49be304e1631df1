"""One rule for the text people type, wherever it enters: names, notes, reasons, roles.

Names and notes are read back by supervisors, printed in terminals, written to spreadsheets and
stored in databases that refuse some characters (PostgreSQL text cannot hold NUL). So text is
normalised once, at the command boundary:
- control characters (NUL, escape, backspace, ...) are refused, naming the character and where
  it is; a note may keep its line breaks and tabs;
- invisible formatting characters (zero-width spaces, joiners, direction overrides) are dropped
  from names, and direction overrides from notes, so two names that look the same are the same;
- names are Unicode NFKC with whitespace collapsed ("Jo\u00a0 Smith" is "Jo Smith"), and a word
  mixing alphabets that look alike (a Cyrillic "а" in a Latin name) is refused.

`name_key` is how names are compared and matched everywhere (members, users, importers): case,
accents and punctuation do not count, any alphabet does.
"""

import functools
import re
import unicodedata

NOTE_CONTROLS = frozenset("\n\t")
DIRECTION = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LOOK_ALIKE = frozenset({"LATIN", "CYRILLIC", "GREEK"})
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7f, 0xa0)]]  # Unicode's Cc category: a closed set
NOTE_ALLOWS = NOTE_CONTROLS | {"\r"}  # a carriage return too, counted in what was typed, then made a line break
NAME_REFUSES = re.compile(f"[{re.escape(''.join(CONTROLS))}]")
NOTE_REFUSES = re.compile(f"[{re.escape(''.join(c for c in CONTROLS if c not in NOTE_ALLOWS))}]")
DIRECTION_MARK = re.compile(f"[{''.join(sorted(DIRECTION))}]")


@functools.lru_cache(maxsize=65536)  # names recur: an import names the same people on every row
def clean_name(value: str) -> str:
    """A single line of text as it is stored: no controls, no invisible characters, NFKC.
    ASCII holds no invisible characters and only Latin letters, so its checks stop early."""
    _refuse_controls(value, NAME_REFUSES)
    visible = value if value.isascii() else "".join(c for c in value if unicodedata.category(c) != "Cf")
    name = " ".join(unicodedata.normalize("NFKC", visible).split())  # then an accent meets its letter
    for word in () if name.isascii() else name.split():
        scripts = {_script(c) for c in word if c.isalpha()} & LOOK_ALIKE
        if len(scripts) > 1:
            raise ValueError(f"the word {word!r} mixes {' and '.join(sorted(s.title() for s in scripts))} "
                             "letters that look alike; retype it in one alphabet")
    return name


def clean_note(value: str) -> str:
    """Free text that may run over several lines: no controls but line breaks and tabs. ASCII
    holds no direction marks and is its own NFC."""
    _refuse_controls(value, NOTE_REFUSES)
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return (text if text.isascii() else unicodedata.normalize("NFC", DIRECTION_MARK.sub("", text))).strip()


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """What two names must share to be the same person's: case, accents, punctuation and
    spacing aside."""
    visible = "".join(c for c in unicodedata.normalize("NFKC", name) if unicodedata.category(c) not in ("Cc", "Cf"))
    folded = unicodedata.normalize("NFKD", visible.casefold())
    plain = "".join(c if c.isalnum() else " " for c in folded if not unicodedata.combining(c))
    return " ".join(plain.split())


def printable(value: str) -> str:
    """Text safe to print on a terminal: control characters shown as their code, not obeyed."""
    return "".join(f"<U+{ord(c):04X}>" if (unicodedata.category(c) == "Cc" and c not in NOTE_CONTROLS)
                   or c in DIRECTION else c for c in value)


def _refuse_controls(value: str, refused: re.Pattern[str]) -> None:
    if found := refused.search(value):
        raise ValueError(f"contains a control character (U+{ord(found.group()):04X}) at character "
                         f"{found.start() + 1}; remove it")


def _script(c: str) -> str:
    return unicodedata.name(c, "UNKNOWN").split()[0]
