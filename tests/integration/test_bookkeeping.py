"""Signing in and clicking keep small records (sessions, failed attempts) that must never make a
person wait for SQLite to copy a large write, an import's say, from its write-ahead log into the
database file: that copy is left to the writers of the log and the read models."""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from domain.commands import AddUser
from services.auth import SignIn, hash_password
from services.bootstrap import build_app
from services.persistence import bookkeeping_engine
from services.sessions import Sessions

PASSWORD = "correct horse battery"


def test_a_sign_in_and_a_click_after_a_large_write_leave_it_in_the_log(tmp_path: Path):
    path = tmp_path / "store.db"
    url = f"sqlite:///{path}"
    app = build_app(url)
    app.add_user(AddUser.parse(name="ade", role="manager", password_hash=hash_password(PASSWORD)))
    engine = bookkeeping_engine(url)
    sign_in, sessions = SignIn(app, engine=engine), Sessions(engine)
    handle, _ = sessions.open(sign_in("ade", PASSWORD))
    with closing(sqlite3.connect(path)) as importer, importer:  # about 8 MB, left in the log
        importer.execute("PRAGMA wal_autocheckpoint=0")
        importer.execute("CREATE TABLE imported (row BLOB)")
        importer.executemany("INSERT INTO imported VALUES (?)", [(os.urandom(4000),) for _ in range(2000)])
    before = path.stat().st_size, path.stat().st_mtime_ns

    sign_in("ade", PASSWORD)  # counts and clears attempts
    sessions.open(app.directory().account("ade"))
    sessions.account(handle, app.directory())  # a click: the session's use is counted

    assert (path.stat().st_size, path.stat().st_mtime_ns) == before
    with closing(sqlite3.connect(path)) as reader:
        assert reader.execute("SELECT count(*) FROM imported").fetchone() == (2000,)
