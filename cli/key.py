"""securebase key generate"""

import typer
from eventsourcing.cryptography import AESCipher

from cli.base import App

app = App(help="Keys for encrypting the stored events.")


@app.command()
def generate() -> None:
    """Print a new key. Keep it safe: without it the stored events cannot be read."""
    typer.echo(AESCipher.create_key(num_bytes=32))
    typer.echo("set it as SECUREBASE_CIPHER_KEY before the store's first event; keep a copy somewhere safe",
               err=True)
