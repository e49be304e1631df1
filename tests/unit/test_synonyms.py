"""Titles and activities to kinds of support, as supervisors write them: whole words in any case,
with accents, hyphens and plurals, never a word inside a web or e-mail address."""

import re
from pathlib import Path

import pytest

from importers.synonyms import BUILT_IN, Synonyms


@pytest.mark.parametrize("text, kind", [
    ("Check-ins", "check_in"),
    ("Weekly stand-up", "team_meeting"),
    ("STANDUP", "team_meeting"),
    ("Debriefs after visits", "debrief"),
    ("Welcome lunch for Zoë", "welcome"),
    ("Drop-ins", "consultation_slot"),
    ("Planning: https://intranet.example.org/team/check-in", None),  # a word in a web address names nothing
    ("Ask checkin@example.org", None),  # nor one in an e-mail address
    ("Meeting of the team", "team_meeting"),  # a synonym's words in another order
    ("Visit (difficult) - Sam", "difficult_visit"),
    ("Debrief after difficult visit", "debrief"),  # the follow-up, not what it follows
    ("Difficult visit: debrief", "debrief"),
    ("Difficult visit to the Smiths", "difficult_visit"),
    ("Budget review", None),
    ("Shadowboxing", None),  # "shadow" inside another word is not shadowing
])
def test_a_kind_is_named_by_whole_words(text, kind):
    assert Synonyms().kind(text) == kind


def test_a_mapping_file_adds_a_teams_own_words_by_the_same_rules():
    assert Synonyms({"reflective space": "thinking_together"}).kind("Reflective spaces") == "thinking_together"


def test_the_readme_lists_every_built_in_synonym():
    readme = Path(__file__).parents[2].joinpath("README.md").read_text(encoding="utf-8")
    listed = re.search(r"\*\*Words for kinds of support\.\*\*(.*?)A mapping file adds", readme, re.S)[1]
    listed = " ".join(listed.split()).lower()
    missing = [word for word in BUILT_IN if word.replace("_", " ") not in listed]
    assert missing == []
