"""Takes the README's screenshots in headless Chromium: the demo's team overview, gaps, log and
Ask the team pages as its manager sees them (with a closed round: six members of the team shown
answer it first), the overview and gaps again on a phone, and the demo supervisor's digest e-mail
at desktop and phone widths.

    python -m bench.screenshots [docs]
"""

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.browser import chromium, dashboard, sign_in, visit
from domain.catalogue import Domain
from domain.commands import AddUser, AnswerPulse, ClosePulse, OpenPulse
from domain.pulse import Answer
from services.application import SecureBase
from services.auth import hash_password
from services.bootstrap import build_app, build_view
from services.demo import DEMO_PASSWORD, TEAMS, seed_demo
from services.digest import compose

FIRST_TEAM = sorted(TEAMS)[0]  # the overview's title: the team a manager's overview opens on
DESKTOP = {"overview.png": "Team overview", "gaps.png": "Gaps", "log.png": "Log support", "ask.png": "Ask the team"}
PHONE = {"overview-phone.png": "Team overview", "gaps-phone.png": "Gaps"}
# What six members say, statement by statement (a mix, so the chart and a prompt have something to show).
SAID = [Answer.AGREE, Answer.STRONGLY_AGREE, Answer.DISAGREE, Answer.AGREE, Answer.NEITHER, Answer.STRONGLY_AGREE]


def asked(app: SecureBase) -> None:
    """The team the dashboard opens on is asked; six of its members answer and the round is closed."""
    team = app.teams()[0]
    password = hash_password(DEMO_PASSWORD)
    people = [m for m in team.members.values() if m.on_team(date.today())][:6]
    app.open_pulse(OpenPulse.parse(team_id=team.id, closes_on=date.today() + timedelta(days=7), by="manager"))
    for n, person in enumerate(people):
        name = f"colleague{n}"
        app.add_user(AddUser.parse(name=name, role="member", teams=[team.id], member_id=person.id,
                                   password_hash=password, by="manager"))
        app.answer_pulse(AnswerPulse.parse(team_id=team.id, by=name, answers={
            d: SAID[(n + i) % len(SAID)] if d is not Domain.SENSITIVITY else SAID[n] for i, d in enumerate(Domain)}))
    app.close_pulse(ClosePulse.parse(team_id=team.id, by="manager"))


def shoot(page, address: str, shots: dict[str, str], folder: Path) -> None:  # noqa: ANN001 (a Playwright page)
    sign_in(page, address, "manager", DEMO_PASSWORD)
    for name, link in shots.items():
        visit(page, link, FIRST_TEAM if link == "Team overview" else None)
        page.wait_for_timeout(2500)  # let the charts finish drawing
        page.screenshot(path=folder / name, full_page=True)
        print(f"wrote {folder / name}")


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        app = build_app(url)
        seed_demo(app)
        asked(app)
        mail = Path(tmp) / "digest.html"
        view = build_view(app)
        view.catch_up()
        mail.write_text(compose(app, view, app.directory().account("supervisor"), date.today())
                        .message("securebase").get_body(("html",)).get_content())
        for name, width in (("digest.png", 900), ("digest-phone.png", 390)):
            with chromium(width=width, height=900) as page:
                page.goto(mail.as_uri())
                page.screenshot(path=folder / name, full_page=True)
                print(f"wrote {folder / name}")
        with dashboard(url) as address:
            with chromium(height=1500) as page:
                shoot(page, address, DESKTOP, folder)
            with chromium(390, 1700, phone=True) as page:  # the first two screens of a phone
                shoot(page, address, PHONE, folder)


if __name__ == "__main__":
    main()
