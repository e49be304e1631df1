"""The one rule for typed text (domain/text.py), case by case: what a name and a note become,
what is refused and how the refusal names the character, how names are compared, and how text
is shown on a terminal."""

import re
import unicodedata

import pytest

from domain.text import clean_name, clean_note, name_key, printable


@pytest.mark.parametrize("typed, stored", [
    ("Sam Patel", "Sam Patel"),
    ("Jo\u00a0Smith", "Jo Smith"),  # non-breaking space
    ("Jo\u00a0 Smith", "Jo Smith"),
    ("  Jo   Smith  ", "Jo Smith"),  # double and edge spaces
    ("Jo\u2009Smith", "Jo Smith"),  # thin space
    ("Jo\u3000Smith", "Jo Smith"),  # ideographic space
    ("Jo\u200bSmith", "JoSmith"),  # zero-width space
    ("Jo\u200dSmith", "JoSmith"),  # zero-width joiner
    ("Jo\u200cSmith", "JoSmith"),  # zero-width non-joiner
    ("Jo\u2060Smith", "JoSmith"),  # word joiner
    ("\ufeffJo Smith", "Jo Smith"),  # byte order mark
    ("\u202eJo Smith\u202c", "Jo Smith"),  # right-to-left override and its end
    ("\u2067Jo\u2069 \u200fSmith\u200e", "Jo Smith"),  # isolates and marks
    ("Zoe\u0308", "Zoë"),  # a combining accent joins its letter
    ("Zoe\u0308 Lambert", "Zoë Lambert"),
    ("Zoe\u200b\u0308", "Zoë"),  # ... even with an invisible character between them
    ("Zoe\u202e\u0308", "Zoë"),
    ("Ｓａｍ", "Sam"),  # full-width letters
    ("ﬁona", "fiona"),  # a ligature
    ("Сергей Иванов", "Сергей Иванов"),  # wholly Cyrillic
    ("Σοφία Παππά", "Σοφία Παππά"),  # wholly Greek
    ("Sam Иванов", "Sam Иванов"),  # one alphabet per word
    ("O'Brien-Smith", "O'Brien-Smith"),
    ("José Núñez", "José Núñez"),
    ("李小龍", "李小龍"),
])
def test_a_name_is_stored_as_it_looks(typed, stored):
    assert clean_name(typed) == stored
    assert clean_name(stored) == stored


@pytest.mark.parametrize("typed", ["", " ", "\u00a0", "\u200b", "\ufeff \u202e", "\u2060\u00a0\u200d"])
def test_a_name_of_nothing_visible_is_empty(typed):
    assert clean_name(typed) == ""


@pytest.mark.parametrize("typed, code, position", [
    ("Sam\x00Patel", "U+0000", 4),  # NUL
    ("\x1b[31mSam", "U+001B", 1),  # ESC, as a terminal colour code starts
    ("Sam Patel\x07", "U+0007", 10),  # BEL
    ("Sam\nPatel", "U+000A", 4),  # a name is one line
    ("Sam\tPatel", "U+0009", 4),
    ("Sam\rPatel", "U+000D", 4),
    ("Sam\x7f", "U+007F", 4),  # DEL
    ("Sam\x85", "U+0085", 4),  # next line, a C1 control
    ("\u200bSam\x08", "U+0008", 5),  # counted in what was typed, invisible characters too
])
def test_a_control_character_in_a_name_is_refused_naming_it_and_where_it_is(typed, code, position):
    with pytest.raises(ValueError, match=re.escape(f"control character ({code}) at character {position};")):
        clean_name(typed)
    assert typed[position - 1] == chr(int(code[2:], 16))


@pytest.mark.parametrize("typed, alphabets", [
    ("S\u0430m Patel", "Cyrillic and Latin"),  # Cyrillic а in a Latin word
    ("Sam P\u0430tel", "Cyrillic and Latin"),
    ("\u0405am", "Cyrillic and Latin"),  # Cyrillic Ѕ
    ("J\u03bf Smith", "Greek and Latin"),  # Greek ο
    ("Серг\u0065й", "Cyrillic and Latin"),  # Latin e in a Cyrillic word
    ("Σοφ\u0438α", "Cyrillic and Greek"),
])
def test_a_word_mixing_alphabets_that_look_alike_is_refused(typed, alphabets):
    with pytest.raises(ValueError, match=f"mixes {alphabets} letters that look alike"):
        clean_name(typed)


@pytest.mark.parametrize("typed, stored", [
    ("after court", "after court"),
    ("first line\nsecond line", "first line\nsecond line"),  # line breaks kept
    ("first\r\nsecond\r\nthird", "first\nsecond\nthird"),  # Windows line ends
    ("first\rsecond", "first\nsecond"),  # old Mac line ends
    ("item\tdone", "item\tdone"),  # tabs kept
    ("  \n after court \n ", "after court"),  # trimmed
    ("call \u202eback\u202c later", "call back later"),  # direction overrides dropped
    ("\u2066note\u2069", "note"),
    ("Zoe\u0308", "Zoë"),
    ("Zoe\u202e\u0308", "Zoë"),
    ("a\u00a0b", "a\u00a0b"),  # a note keeps its spacing
    ("👩\u200d👧", "👩\u200d👧"),  # and the joiners emoji are made of
    ("", ""),
    ("\u202e\n", ""),
])
def test_a_note_keeps_its_lines(typed, stored):
    assert clean_note(typed) == stored


@pytest.mark.parametrize("typed, code, position", [
    ("after\x00court", "U+0000", 6),
    ("\x1b[2J", "U+001B", 1),
    ("after court\x07", "U+0007", 12),
    ("line\x0bline", "U+000B", 5),  # vertical tab
    ("line\x0cline", "U+000C", 5),  # form feed
    ("one\r\ntwo\x00", "U+0000", 9),  # counted in what was typed, before line ends are made one
    ("e\u0301\x01", "U+0001", 3),  # ... and before accents are joined to their letters
    ("\u202ea\x02", "U+0002", 3),
])
def test_a_control_character_in_a_note_is_refused_naming_it_and_where_it_is(typed, code, position):
    with pytest.raises(ValueError, match=re.escape(f"control character ({code}) at character {position};")):
        clean_note(typed)
    assert typed[position - 1] == chr(int(code[2:], 16))


@pytest.mark.parametrize("names", [
    ["Bea Fernández", "bea  fernandez", "BEA FERNANDEZ", "Bea Fernandez", " bea fernández ", "Bea\u00a0Fernández",
     "Bea Ferna\u0301ndez", "Bea Fernández.", "Bea-Fernández"],
    ["Worker\u00a000", "Worker 00", "worker 00", "WORKER\u200b 00"],
    ["O'Brien", "O’Brien", "o brien", "OBrien ".replace("OB", "O B")],
    ["Zoë Lambert", "Zoe\u0308 Lambert", "ZOE LAMBERT", "Zoe\u200b\u0308 Lambert"],
    ["Straße", "STRASSE", "strasse"],
    ["Сергей", "СЕРГЕЙ", "сергей"],
    ["Ｓａｍ", "sam", "SAM"],
])
def test_names_that_differ_only_in_case_accents_punctuation_or_spacing_share_a_key(names):
    assert len({name_key(name) for name in names}) == 1, {name: name_key(name) for name in names}


@pytest.mark.parametrize("one, other", [
    ("Sam Patel", "Sunil Patel"),
    ("Sam Patel", "Sam Patel Jr"),
    ("Worker 00", "Worker 01"),
    ("Jo Okoro", "J Okoro"),
    ("Sam", "S\u0430m"),  # a Cyrillic а is a different letter
    ("Сергей", "Sergei"),  # any alphabet counts
    ("Ali", "Alí Ali"),
])
def test_different_names_have_different_keys(one, other):
    assert name_key(one) != name_key(other)


@pytest.mark.parametrize("text, shown", [
    ("Sam Patel", "Sam Patel"),
    ("\x1b[31mred", "<U+001B>[31mred"),
    ("bell\x07", "bell<U+0007>"),
    ("nul\x00", "nul<U+0000>"),
    ("del\x7f", "del<U+007F>"),
    ("c1\x9b", "c1<U+009B>"),
    ("one\ntwo\tthree", "one\ntwo\tthree"),  # line breaks and tabs kept
    ("carriage\rreturn", "carriage<U+000D>return"),  # a bare return would overwrite the line
    ("evil\u202eexe.txt", "evil<U+202E>exe.txt"),  # direction overrides shown, not obeyed
    ("Zoë 🙂", "Zoë 🙂"),
])
def test_printable_shows_control_characters_by_their_code(text, shown):
    assert printable(text) == shown
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in printable(text))
