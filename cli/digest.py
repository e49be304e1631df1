"""securebase digest: e-mail each person what they can act on (domain/digest.py). Run it daily
from cron or a systemd timer; it sends only what is due."""

import typer

from cli.base import App, acting, application, reader, refreshed, say
from domain import zone
from domain.access import Action
from services.digest import compose, recipients, send_all
from services.mail import Mailer

app = App()


@app.command()
def digest(dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be sent; send nothing."),
           user: str = typer.Option(None, "--user", help="Only this user's digest.")) -> None:
    """Send the digests that are due now (managers), or print them with --dry-run."""
    if user is None or user.casefold() != acting().casefold():
        reader().check(Action.ADMINISTER)
    today, view = zone.today(), refreshed()
    if dry_run:
        for account in recipients(application(), today, user):
            found = compose(application(), view, account, today)
            say(f"--- to {account.name} <{account.email}>" + (" (nothing to tell: not sent)" if found.empty else ""))
            if not found.empty:
                say(found.message("securebase").get_body(("plain",)).get_content())
        return
    sent, failed = send_all(application(), view, Mailer.from_environment(), today, user)
    say(f"sent {len(sent)} digest(s)" + (f": {', '.join(sent)}" if sent else ""))
    if failed:
        for name, why in failed.items():
            say(f"not reached: {name}: {why}", err=True)
        raise typer.Exit(1)
