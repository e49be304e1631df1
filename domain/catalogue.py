"""The five domains of the Team as a Secure Base model and the kinds of support that count in them.

This is the one place the model's mapping lives: every other module asks here which domains a
kind counts in, whether it needs named members, and how to describe it.
"""

from dataclasses import dataclass
from enum import StrEnum


class Domain(StrEnum):
    AVAILABILITY = "availability"
    SENSITIVITY = "sensitivity"
    ACCEPTANCE = "acceptance"
    COOPERATION = "cooperation"
    BELONGING = "belonging"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def belief(self) -> str:
        """What a worker comes to feel when the team does this well."""
        return _LABELS[self][1]


_LABELS = {
    Domain.AVAILABILITY: ("Availability", "people are there for me"),
    Domain.SENSITIVITY: ("Sensitivity", "my feelings are manageable"),
    Domain.ACCEPTANCE: ("Acceptance", "I don't always have to be strong"),
    Domain.COOPERATION: ("Co-operation", "I can work with others to find a solution"),
    Domain.BELONGING: ("Team belonging", "I am valued and I belong"),
}


class Mode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"
    HYBRID = "hybrid"


@dataclass(frozen=True)
class Kind:
    key: str
    domains: tuple[Domain, ...]  # primary first; empty for triggers such as a difficult visit
    hint: str
    needs_members: bool = True

    @property
    def label(self) -> str:
        return self.key.replace("_", " ").capitalize()

    @property
    def primary(self) -> Domain | None:
        return self.domains[0] if self.domains else None


AV, SE, AC, CO, BE = (Domain.AVAILABILITY, Domain.SENSITIVITY, Domain.ACCEPTANCE,
                      Domain.COOPERATION, Domain.BELONGING)

KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("welcome", (BE,), "a new member welcomed to the team"),
    Kind("induction", (BE, CO), "a planned induction session in someone's first weeks"),
    Kind("farewell", (BE,), "saying goodbye to someone who is leaving"),
    Kind("milestone_marked", (BE, AC), "passing ASYE, a qualification, retirement, parental leave"),
    Kind("return_to_work", (BE, SE), "welcoming someone back after leave or sickness"),
    Kind("away_day", (BE, CO), "the whole team reviewing its work and culture", needs_members=False),
    Kind("check_in", (SE, AV), "reaching out to one worker: in person, a call or a video"),
    Kind("debrief", (SE, AC), "talking through a difficult visit or event afterwards"),
    Kind("difficult_visit", (), "a worker had a hard visit: a debrief is now due"),
    Kind("first_prepared", (SE,), "preparing someone for a first: court, chairing a meeting"),
    Kind("mistake_discussed", (AC,), "a mistake talked through as learning, without blame"),
    Kind("success_celebrated", (AC, BE), "good work praised or celebrated"),
    Kind("constructive_feedback", (AC,), "help given kindly when something went wrong"),
    Kind("thinking_together", (CO, SE), "structured peer consultation on a case"),
    Kind("case_discussion", (CO,), "a group working a case problem out together"),
    Kind("skills_share", (CO,), "someone sharing a skill or strength with colleagues"),
    Kind("shadowing", (CO, BE), "shadowing a colleague, in person or virtually"),
    Kind("buddying", (CO, BE), "a buddy or mentoring session"),
    Kind("consultation_slot", (AV,), "an open slot offered, such as an online drop-in",
         needs_members=False),
    Kind("availability_signalled", (AV,), "making whereabouts and availability visible",
         needs_members=False),
    Kind("peer_support", (AV, SE), "informal support offered between colleagues"),
    Kind("team_meeting", (CO, BE), "a meeting of the team", needs_members=False),
    Kind("graded_challenge", (CO, AC), "a colleague's practice raised respectfully"),
)}
del AV, SE, AC, CO, BE
