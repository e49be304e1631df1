"""Sending mail through the standard library's SMTP client, configured by SECUREBASE_SMTP_URL:
`smtp://host:25` (plain), `smtp+starttls://host:587` (upgraded with STARTTLS) or
`smtps://host:465` (TLS from the start). The user and password come from
SECUREBASE_SMTP_USER and SECUREBASE_SMTP_PASSWORD, never from the URL, so they stay out of
process listings and logs; the sender from SECUREBASE_MAIL_FROM."""

import os
import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import urlsplit

from domain.errors import InvalidInput

PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class Mailer:
    def __init__(self, url: str, sender: str, user: str | None = None, password: str | None = None,
                 timeout: float = 30):
        parts = urlsplit(url)
        if parts.scheme not in PORTS or not parts.hostname:
            raise InvalidInput("SECUREBASE_SMTP_URL", url, "use smtp://host:25, smtp+starttls://host:587 or "
                                                          "smtps://host:465")
        if parts.username or parts.password:
            raise InvalidInput("SECUREBASE_SMTP_URL", None, "holds a user or password: give them in "
                                                           "SECUREBASE_SMTP_USER and SECUREBASE_SMTP_PASSWORD")
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port or PORTS[parts.scheme]
        self.sender, self.user, self.password, self.timeout = sender, user, password, timeout

    @classmethod
    def from_environment(cls) -> "Mailer":
        url, sender = os.environ.get("SECUREBASE_SMTP_URL"), os.environ.get("SECUREBASE_MAIL_FROM")
        if not url or not sender:
            raise InvalidInput("SECUREBASE_SMTP_URL", None, "and SECUREBASE_MAIL_FROM must be set to send mail "
                                                            "(or use --dry-run)")
        return cls(url, sender, os.environ.get("SECUREBASE_SMTP_USER"), os.environ.get("SECUREBASE_SMTP_PASSWORD"))

    def send(self, message: EmailMessage) -> str | None:
        """Sends one message on its own connection; None once the server has taken it, otherwise
        why it was not (the server down, the recipient refused), so that nothing is marked sent
        that was not."""
        try:
            with self._connected() as server:
                server.send_message(message)
        except smtplib.SMTPRecipientsRefused as refused:
            code, reply = next(iter(refused.recipients.values()))
            return f"refused by the mail server ({code} {reply.decode(errors='replace')})"
        except smtplib.SMTPResponseException as error:
            return f"the mail server said {error.smtp_code} {error.smtp_error.decode(errors='replace')}"
        except (smtplib.SMTPException, OSError) as error:
            return f"the mail server could not be reached ({error})"
        return None

    def _connected(self) -> smtplib.SMTP:
        if self.scheme == "smtps":
            server = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.scheme == "smtp+starttls":
                server.starttls(context=ssl.create_default_context())
        if self.user:
            server.login(self.user, self.password or "")
        return server
