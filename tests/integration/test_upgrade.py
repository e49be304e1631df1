"""A store written before users had ids (tests/fixtures/stores/users-by-name.db, made by that
version: a manager, a supervisor whose role, password and status changed, and an entry she
logged) still opens: its users sign in and act, and pages show who did what."""

import shutil
from pathlib import Path

from domain.access import Role
from domain.commands import LogSupport, UserCommand
from services.auth import SignIn, hash_password
from services.bootstrap import build_app, build_view
from services.reading import reader_for
from tests.conftest import NOW

STORE = Path(__file__).parents[1] / "fixtures" / "stores" / "users-by-name.db"


def test_a_store_from_before_user_ids_opens_and_its_users_act(tmp_path):
    path = tmp_path / "securebase.db"
    shutil.copy(STORE, path)
    app = build_app(f"sqlite:///{path}", clock=lambda: NOW)
    ade = app.directory().account("ade")
    assert (ade.role, ade.disabled, ade.id is not None) == (Role.SUPERVISOR, False, True)
    assert SignIn(app)("ade", "correct horse battery", client="127.0.0.1").name == "ade"
    team = app.team_named("North Team")
    app.set_password(UserCommand.parse(name="ade", by="morgan"), hash_password("another long password"))
    app.log_support(LogSupport.parse(team_id=team.id, kind="check_in", members=list(team.members), at=NOW,
                                     logged_by="ade"))
    view = build_view(app)
    view.catch_up()
    read = reader_for(app, view, "morgan")
    history = [item for item in read.history(read.ref(team)) if item.ref]
    assert [item.by for item in history] == ["ade", "ade"]  # by id now, by name before: the same person
    assert history[-1].note == "all well"
    app.close()
