"""Composing each user's digest from what their role lets them read (the reading door), and
sending it: multipart plain text and HTML from templates, one message per user, recorded only
once the server has taken it (domain/digest.py says why)."""

import os
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from domain.access import Account, Action, Role
from domain.dates import shown
from domain.digest import Rhythm, due, escalated
from domain.periods import period_of
from projections.queries import DueSoonView, GapView
from projections.view import SupportView
from services.application import SecureBase
from services.mail import Mailer
from services.reading import reader_for

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                        autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
TEMPLATES.filters["day"] = shown


@dataclass
class TeamPart:
    """A supervisor's view of one team; a manager's one line of it."""
    name: str
    line: str  # "3 open gaps, the oldest 20 days (Sam Patel: no induction); Acceptance behind its goal"
    due_soon: list[DueSoonView] = field(default_factory=list)
    new: list[GapView] = field(default_factory=list)
    still_open: list[GapView] = field(default_factory=list)
    month: list[str] = field(default_factory=list)  # one line per domain


@dataclass
class Digest:
    account: Account
    teams: list[TeamPart]
    escalated: list[GapView]
    today: date
    link: str  # the dashboard's address

    @property
    def told(self) -> list[str]:
        return sorted({g.ref for part in self.teams for g in [*part.new, *part.still_open]})

    @property
    def empty(self) -> bool:
        """No team to tell of: a digest of teams goes even when all is well, which is news too."""
        return not self.teams and not self.escalated

    def message(self, sender: str) -> EmailMessage:
        message = EmailMessage()
        message["From"], message["To"] = sender, self.account.email
        message["Subject"] = f"securebase: your {'daily' if self.account.digest == Rhythm.DAILY else 'weekly'} " \
                             f"digest, {shown(self.today)}"
        message.set_content(TEMPLATES.get_template("digest.txt").render(digest=self))
        message.add_alternative(TEMPLATES.get_template("digest.html").render(digest=self), subtype="html")
        return message


def compose(app: SecureBase, view: SupportView, account: Account, today: date) -> Digest:
    """What this user is to hear today, read as they would read it."""
    read = reader_for(app, view, account.name)
    teams = read.teams(Action.SEE_NOTES)
    gaps = read.gaps(teams, today)
    summaries = {t.team_id: read.summary(t, period_of(today, "month"), today) for t in teams}
    mailbox = app.mailbox(account.id)
    parts = []
    for team in teams:
        own = [g for g in gaps if g.team_id == team.team_id]
        line = summaries[team.team_id].standing(own).answer()
        if account.role is Role.MANAGER:
            parts.append(TeamPart(team.name, line))
            continue
        told = mailbox.told if mailbox else {}
        parts.append(TeamPart(
            team.name, line, read.due_soon([team], today), [g for g in own if g.ref not in told],
            [g for g in own if g.ref in told],
            [f"{row.domain.label}: {row.count}" + (f" of {row.goal:g}, {row.pace.value}"
                                                  if row.pace else " (no goal)")
             for row in summaries[team.team_id].domains]))
    late = []
    if account.role is Role.MANAGER:
        first = first_told(app, gaps)
        after = {team.team_id: app.team(team.team_id).escalate_after for team in teams}
        refs = escalated({g.ref: after[g.team_id] for g in gaps}, first, mailbox.escalated if mailbox else set(), today)
        late = [g for g in gaps if g.ref in refs]
    return Digest(account, parts, late, today, os.environ.get("SECUREBASE_PUBLIC_URL", "http://localhost:8501"))


def first_told(app: SecureBase, gaps: list[GapView]) -> dict:
    """Each gap's first day any supervisor of its team was told of it."""
    directory, found = app.directory(), {}
    for account in directory.by_id.values() if directory else ():
        if account.role is Role.SUPERVISOR and (mailbox := app.mailbox(account.id)):
            for gap in gaps:
                if gap.team_id in account.teams and gap.ref in mailbox.told:
                    found[gap.ref] = min(mailbox.told[gap.ref], found.get(gap.ref, mailbox.told[gap.ref]))
    return found


def recipients(app: SecureBase, today: date, only: str | None = None) -> list[Account]:
    """Who is owed a digest today: enabled staff with an address whose rhythm has come round."""
    directory = app.directory()
    accounts = [a for a in (directory.by_id.values() if directory else ()) if not a.disabled and a.email
                and a.role is not Role.MEMBER and (only is None or a.name.casefold() == only.casefold())]
    return [a for a in accounts
            if due(Rhythm(a.digest), (box.last_sent if (box := app.mailbox(a.id)) else None), today)]


def send_all(app: SecureBase, view: SupportView, mailer: Mailer, today: date,
             only: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Sends what is due; returns who was sent a digest and who was not reached, with why. Only
    a message the server took is recorded as sent."""
    sent, failed = [], {}
    for account in recipients(app, today, only):
        digest = compose(app, view, account, today)
        if digest.empty:
            continue
        if why := mailer.send(digest.message(mailer.sender)):
            failed[account.name] = why
            continue
        app.record_digest(account.id, today, digest.told, [g.ref for g in digest.escalated])
        sent.append(account.name)
    return sent, failed
