"""Reflective prompts a supervisor can take to the team when a domain is quiet or below goal."""

from domain.catalogue import Domain

PROMPTS: dict[Domain, list[str]] = {
    Domain.AVAILABILITY: [
        "When someone is out on visits all day, how would they know who they can call?",
        "Is there a regular time when anyone can drop in, online or in the office?",
        "Do people know each other's working patterns this week?",
        "Who might feel they are bothering people by asking for help?",
    ],
    Domain.SENSITIVITY: [
        "Working remotely, how would you notice that someone is struggling?",
        "Who came back from a hard visit recently, and did anyone ask how it went?",
        "Is there a moment in the week to talk about how the work feels, not only what it needs?",
        "Who has a first coming up — court, chairing a meeting — and might want to talk it through?",
    ],
    Domain.ACCEPTANCE: [
        "When did the team last talk about a mistake as something to learn from?",
        "What went well this month that nobody has said out loud yet?",
        "Would a newer colleague feel safe saying 'I don't know how to do this'?",
        "How does the team give feedback that helps rather than stings?",
    ],
    Domain.COOPERATION: [
        "Which case would benefit from a structured thinking-together session?",
        "Who has a skill the rest of the team could learn from?",
        "Is anyone carrying a difficult case mostly on their own?",
        "How are decisions about stuck cases shared across the team?",
    ],
    Domain.BELONGING: [
        "Has everyone who joined recently had a proper welcome and induction?",
        "Whose milestone — a qualification, a work anniversary — could the team mark?",
        "How does the team say goodbye, and welcome people back after leave?",
        "Does everyone know each other as people, not only as roles?",
    ],
}
