"""Takes the README's screenshots in headless Chromium: the demo's team overview, gaps, log and
Ask the team pages (with a closed round: six members of the team shown answer it first), and the
demo supervisor's digest e-mail at desktop and phone widths.

    python -m bench.screenshots [docs]
"""

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.browser import chromium, dashboard, sign_in
from domain.catalogue import Domain
from domain.commands import AddUser, AnswerPulse, ClosePulse, OpenPulse
from domain.pulse import Answer
from services.application import SecureBase
from services.auth import hash_password
from services.bootstrap import build_app, build_view
from services.demo import DEMO_PASSWORD, seed_demo
from services.digest import compose

SHOTS = {"overview.png": ("Team overview", "Things to reflect on"), "gaps.png": ("Gaps", "Closed in the last 30 days"),
         "log.png": ("Log support", "Correct or withdraw an entry"),
         "ask.png": ("Ask the team", "Every team side by side")}
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
        with dashboard(url) as address, chromium(height=1500) as page:
            sign_in(page, address, "manager", DEMO_PASSWORD)
            for name, (link, last_text) in SHOTS.items():
                page.get_by_role("link", name=link).click()
                page.get_by_text(last_text).wait_for(timeout=60000)
                page.wait_for_timeout(2500)  # let the charts finish drawing
                page.screenshot(path=folder / name, full_page=True)
                print(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
