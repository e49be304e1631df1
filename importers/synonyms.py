"""Free text to kinds of support: "Debrief after home visit" is a debrief, "welcome lunch" a
welcome. The built-in table can be extended from a mapping file's [synonyms] section.

A kind is named by whole words, in its synonym's order or another, whatever the case, accents,
hyphens or plural ("Check-ins", "stand-up", "standup", "Visit (difficult)"), never by part of a
web address or an e-mail address: a meeting whose agenda link ends in /check-in is not a
check-in."""

import functools
import re
import unicodedata

from domain.catalogue import KINDS
from domain.errors import InvalidInput

BUILT_IN: dict[str, str] = {
    "welcome": "welcome", "welcome lunch": "welcome", "welcome coffee": "welcome", "new starter": "welcome",
    "induction": "induction", "induction session": "induction", "onboarding": "induction",
    "farewell": "farewell", "leaving do": "farewell", "leaving drinks": "farewell", "goodbye": "farewell",
    "asye": "milestone_marked", "asye passed": "milestone_marked", "milestone": "milestone_marked",
    "qualification": "milestone_marked", "retirement": "milestone_marked",
    "return to work": "return_to_work", "welcome back": "return_to_work", "back from leave": "return_to_work",
    "away day": "away_day", "team day": "away_day",
    "check in": "check_in", "checkin": "check_in", "catch up": "check_in", "wellbeing call": "check_in",
    "debrief": "debrief", "debrief after home visit": "debrief", "debriefing": "debrief",
    "difficult visit": "difficult_visit", "hard visit": "difficult_visit",
    "first court": "first_prepared", "court prep": "first_prepared", "court preparation": "first_prepared",
    "mistake": "mistake_discussed", "learning from error": "mistake_discussed",
    "praise": "success_celebrated", "celebration": "success_celebrated", "well done": "success_celebrated",
    "feedback": "constructive_feedback",
    "thinking together": "thinking_together", "ambit": "thinking_together", "peer consultation": "thinking_together",
    "case discussion": "case_discussion", "group supervision": "case_discussion",
    "skills share": "skills_share", "training": "skills_share", "workshop": "skills_share",
    "shadowing": "shadowing", "shadow": "shadowing", "virtual shadowing": "shadowing",
    "buddy": "buddying", "buddy catch up": "buddying", "mentoring": "buddying",
    "drop in": "consultation_slot", "consultation slot": "consultation_slot", "surgery": "consultation_slot",
    "availability": "availability_signalled", "rota": "availability_signalled",
    "peer support": "peer_support", "reciprocity ring": "peer_support",
    "team meeting": "team_meeting", "huddle": "team_meeting", "stand up": "team_meeting", "standup": "team_meeting",
    "graded challenge": "graded_challenge", "challenge": "graded_challenge",
}


# A kind that follows up another: a title naming both is about the follow-up ("Debrief after
# difficult visit" is a debrief).
FOLLOWS = {"debrief": "difficult_visit"}
ADDRESSES = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)\S*|\S+@\S+", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def words(text: str) -> str:
    """The words that can name a kind: no web or e-mail addresses, each word without a plural s."""
    return " ".join(word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word
                    for word in normalise(ADDRESSES.sub(" ", text)).split())


@functools.lru_cache(maxsize=65536)  # the same names and activities recur on every row
def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


class Synonyms:
    def __init__(self, extra: dict[str, str] | None = None):
        self.table = {words(k): v for k, v in BUILT_IN.items()}
        self.table |= {words(key.replace("_", " ")): key for key in KINDS}
        unknown = {str(v) for v in (extra or {}).values() if not isinstance(v, str) or v not in KINDS}
        if unknown:
            raise InvalidInput("mapping", None, f"names unknown kinds: {', '.join(sorted(unknown))}")
        self.table |= {words(k): v for k, v in (extra or {}).items()}
        self.by_length = sorted(self.table, key=len, reverse=True)
        self.kind = functools.lru_cache(maxsize=4096)(self._kind)  # a log repeats a few activities

    def _kind(self, text: str) -> str | None:
        """The kind this text names: an exact synonym, else the longest synonym it contains, else
        the longest whose words it holds in another order ("Meeting of the team"); of two kinds
        named where one follows up the other, the follow-up."""
        wanted = words(text)
        if wanted in self.table:
            return self.table[wanted]
        padded, held = f" {wanted} ", set(wanted.split())
        named = [self.table[s] for s in self.by_length if f" {s} " in padded] or [
            self.table[s] for s in self.by_length if " " in s and set(s.split()) <= held]
        return next((kind for kind in named if FOLLOWS.get(kind) in named), named[0] if named else None)
