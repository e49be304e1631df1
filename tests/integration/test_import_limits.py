"""What an import will not do, whatever the file asks: tell an uploaded file from the same file
on disk."""

from datetime import date
from pathlib import Path

import pytest

from domain.commands import CreateTeam, JoinMember
from importers.records import Upload
from importers.run import run_import, source_for
from importers.tabular import Mapping

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


@pytest.fixture
def team(app):
    app.create_team(CreateTeam.parse(name="North Team"))
    team_id = app.team_named("North Team").id
    for name, email in [("Sam Patel", "sam.patel@example.org"), ("Jo Okoro", "jo.okoro@example.org")]:
        app.join_member(JoinMember.parse(team_id=team_id, name=name, email=email, joined_on=date(2025, 1, 5)))
    return team_id


@pytest.mark.parametrize("name", ["supervision_log.csv", "../../supervision_log.csv", "/tmp/supervision_log.csv",
                                  "C:\\Users\\ann\\supervision_log.csv"])
def test_an_upload_and_the_same_file_on_disk_are_one_source(app, team, name):
    """Each entry's id comes from the file's name and the row, so an upload of a file already
    imported from disk, whatever folders its name carries, adds nothing."""
    app.join_member(JoinMember.parse(team_id=team, name="Zoë Lambert", joined_on=date(2025, 1, 5)))
    app.join_member(JoinMember.parse(team_id=team, name="José Núñez", joined_on=date(2025, 1, 5)))
    on_disk = run_import(app, team, source_for(FIXTURES / "supervision_log.csv", Mapping()), "ann")
    assert on_disk.added == 5
    data = (FIXTURES / "supervision_log.csv").read_bytes()
    uploaded = run_import(app, team, source_for(Upload(name, data), Mapping()), "ann")
    assert (uploaded.added, uploaded.already_imported) == (0, 5)
