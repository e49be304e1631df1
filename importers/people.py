"""Matching the people a record names to the team's members: by full name, by initial and
surname ("J. Okoro"), or by email, compared as every name is (domain/text.py `name_key`)."""

import functools
from collections import defaultdict
from uuid import UUID

from domain.team import Team
from domain.text import name_key


class People:
    def __init__(self, team: Team):
        self.keys: dict[str, set[UUID]] = defaultdict(set)
        for member in team.members.values():
            words = name_key(member.name).split()
            self.keys[" ".join(words)].add(member.id)
            if len(words) > 1:
                self.keys[f"{words[0][0]} {words[-1]}"].add(member.id)
                self.keys[words[-1]].add(member.id)
            if member.email:
                self.keys[member.email.lower()].add(member.id)
        self.names = {m.id: m.name for m in team.members.values()}
        self.match_all = functools.lru_cache(maxsize=4096)(self._match_all)  # a log names the same people often

    def match(self, text: str) -> UUID:
        """One person's id; ValueError says why when no one, or more than one, fits."""
        key = text.strip().lower() if "@" in text else name_key(text)
        found = self.keys.get(key, set())
        if not found:
            raise ValueError(f"no member of the team is called {text.strip()!r}")
        if len(found) > 1:
            names = ", ".join(sorted(self.names[m] for m in found))
            raise ValueError(f"{text.strip()!r} could be any of {names}")
        return next(iter(found))

    def known(self, emails: list[str]) -> list[UUID]:
        """The members among a meeting's attendees; guests from outside the team are passed over."""
        return [next(iter(self.keys[e.lower()])) for e in emails if len(self.keys.get(e.lower(), ())) == 1]

    def _match_all(self, text: str) -> tuple[UUID, ...]:
        """Everyone in a list such as "Sam Patel; J. Okoro" (separated by ; , / or 'and')."""
        parts = [p for p in split_people(text) if p.strip()]
        return tuple(dict.fromkeys(self.match(p) for p in parts))


def split_people(text: str) -> list[str]:
    """The names in a list such as "Sam Patel; J. Okoro" (separated by ; , / & or 'and')."""
    for separator in (";", ",", "/", " and ", " & "):
        text = text.replace(separator, "\n")
    return text.split("\n")
