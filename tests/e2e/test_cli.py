"""The securebase command line, as a supervisor uses it, including every way it says no."""

from datetime import date, timedelta

import pytest

from domain.dates import shown
from tests.e2e.conftest import app, runner


def error_line(result) -> str:
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_supervisor_sets_up_a_team_and_logs_support(team):
    logged = team("log", "check_in", "--team", "North Team", "-m", "Sam Patel",
                  "--at", "2026-03-02 10:30", "--mode", "online", "--note", "after court")
    assert logged.output.startswith("logged check_in [")
    team("log", "away_day", "--team", "North Team", "--at", "2026-03-05")
    history = team("history", "--team", "North Team").output.splitlines()
    assert history[0].startswith("2026-03-05 00:00  away_day")
    assert "2026-03-02 10:30  check_in" in history[1] and "Sam Patel" in history[1]
    assert "online" in history[1] and "by ann" in history[1] and "after court" in history[1]
    assert "joined" in history[2] and "Jo Okoro" in history[2]
    assert len(team("history", "--team", "North Team", "--limit", "1").output.splitlines()) == 1


def test_members_are_listed_with_their_status(team):
    team("member", "start-leave", "Sam Patel", "--team", "North Team", "--on", "2026-04-01")
    team("member", "leave", "jo.okoro@example.org", "--team", "North Team", "--on", "2026-05-01")
    listing = team("member", "list", "--team", "North Team").output
    assert "Jo Okoro" in listing and "senior practitioner" in listing and "left 2026-05-01" in listing
    assert "on leave since 2026-04-01" in listing
    team("member", "return", "Sam Patel", "--team", "North Team", "--on", "2026-04-20")
    assert "Sam Patel" in team("member", "list", "--team", "North Team").output
    assert "North Team  (1 current members)" in team("team", "list").output


def test_amend_and_retract_by_reference(team):
    logged = team("log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", "2026-03-02")
    ref = logged.output.split("[")[1].split("]")[0]
    team("amend", ref, "--kind", "debrief", "-m", "Jo Okoro", "-m", "Sam Patel")
    line = team("history", "--team", "North Team", "--limit", "1").output
    assert "debrief" in line and "Jo Okoro, Sam Patel" in line and "amended by ann" in line
    team("retract", ref, "--reason", "wrong team")
    assert "retracted: wrong team" in team("history", "--team", "North Team").output
    again = team("retract", ref, "--reason", "again", ok=False)
    assert error_line(again) == f"error: entry '{ref}': was already retracted (wrong team)"


@pytest.mark.parametrize("args, message", [
    (["log", "coffee", "--team", "North Team", "-m", "Sam Patel"], "error: kind 'coffee': unknown kind"),
    (["log", "check_in", "--team", "North Team", "-m", "Nobody"], "error: member 'Nobody': is not a member of North Team"),
    (["log", "check_in", "--team", "Nowhere", "-m", "Sam Patel"], "error: team 'Nowhere'"),
    (["log", "check_in", "--team", "North Team", "-m", "Jo Okoro", "--at", "2026-01-10"],
     "error: members 'Jo Okoro': was not on North Team on 10 Jan 2026 (joined on 1 Feb 2026)"),
    (["log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", "2099-01-01"], "error: at '2099-01-01 00:00': is in the future"),
    (["log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", "2999-01-01"], "error: at '2999-01-01': is out of range: use a date between 1 Jan 1950 and 31 Dec 2099"),
    (["member", "join", "Bo", "--team", "North Team", "--on", "9999-12-31"], "error: joined_on '9999-12-31': is out of range"),
    (["member", "join", "Sam\u00a0Patel", "--team", "North Team", "--on", "2026-03-01"], "error: name 'Sam Patel': already joined North Team on 5 Jan 2026 as Sam Patel"),
    (["member", "join", "S\x1b[2Jam", "--team", "North Team", "--on", "2026-03-01"], "error: name 'S\\x1b[2Jam': contains a control character (U+001B) at character 2"),
    (["log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--note", "a\x00b"], "error: note 'a\\x00b': contains a control character (U+0000) at character 2"),
    (["log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--note", "x" * 501], "error: note 'xxxx"),
    (["log", "check_in", "--team", "North Team"], "error: members: a check in needs at least one member"),
    (["log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--mode", "fax"], "error: mode 'fax'"),
    (["member", "join", "sam patel", "--team", "North Team", "--on", "2026-03-01"], "error: name 'sam patel': already joined North Team on 5 Jan 2026 as Sam Patel"),
    (["member", "leave", "Sam Patel", "--team", "North Team", "--on", "2025-12-01"], "error: left_on '2025-12-01': is before Sam Patel joined"),
    (["member", "join", "Bo", "--team", "North Team", "--on", "yesterday-ish"], "error: joined_on 'yesterday-ish'"),
    (["team", "create", "north TEAM"], "error: name 'north TEAM': a team with this name already exists"),
    (["amend", "deadbeef", "--note", "x"], "error: entry 'deadbeef': no entry has this reference"),
])
def test_bad_input_gets_one_line_and_changes_nothing(team, args, message):
    before = team("history", "--team", "North Team").output
    result = team(*args, ok=False)
    assert error_line(result).startswith(message), result.output
    assert team("history", "--team", "North Team").output == before


def test_kinds_lists_the_catalogue_with_domains(cli):
    lines = cli("kinds").output.splitlines()
    debrief = next(line for line in lines if line.startswith("debrief"))
    assert "Sensitivity, Acceptance" in debrief
    assert len(lines) == 23


def test_demo_seeds_once(cli):
    seeded = cli("demo", "--if-empty").output
    assert seeded.startswith("seeded 3 teams, 20 members")
    assert "sign in as manager, supervisor or member with the password secure-base-demo" in seeded
    assert "already has teams" in cli("demo", "--if-empty").output
    assert "is not a securebase user" in cli("team", "list", ok=False).output  # the demo has users now
    teams = cli("--as", "manager", "team", "list").output
    assert "Riverside Family Support" in teams and "Hillcrest Assessment" in teams


def test_an_empty_store_says_what_to_do(cli):
    assert "create one with `securebase team create NAME`" in cli("team", "list").output


def test_goals_rules_summary_and_gaps(team):
    team("log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", "2026-03-02 10:00", "--mode", "online")
    team("goals", "set", "sensitivity", "4", "--team", "North Team")
    assert "Sensitivity" in team("goals", "show", "--team", "North Team").output
    summary = team("summary", "--team", "North Team", "--period", "2026-03").output.splitlines()
    assert summary[0] == "North Team, 2026-03"
    sensitivity = next(line for line in summary if line.startswith("Sensitivity"))
    assert sensitivity.split()[1:4] == ["1", "-", "100%"]  # the goal was set later: March had none
    now = team("summary", "--team", "North Team").output.splitlines()
    assert next(line for line in now if line.startswith("Sensitivity")).split()[1:3] == ["0", "4"]
    rules = team("rules", "set", "--team", "North Team", "-t", "no_check_in=14", "--closed-day", "2026-12-25").output
    assert "no_check_in" in rules and " 14 days" in rules and "closed days: 2026-12-25" in rules
    month_ago = date.today() - timedelta(days=30)
    team("log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", month_ago.isoformat())
    gaps = team("gaps", "--team", "North Team").output
    assert "Sam Patel" in gaps and "No check-in" in gaps and f"no contact since {shown(month_ago)}" in gaps
    assert f"no contact since {shown(month_ago)}" not in team("gaps", "--as-of", (month_ago + timedelta(days=14)).isoformat()).output


def test_projections_status_and_rebuild(team):
    team("log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", "2026-03-02 10:00")
    status = team("projections", "status").output
    assert status.strip() == "position 4 of 4 (lag 0)"
    assert team("projections", "rebuild").output.strip() == "rebuilt from 4 events"


@pytest.mark.parametrize("args, message", [
    (["goals", "set", "kindness", "4", "--team", "North Team"], "error: domain 'kindness'"),
    (["goals", "set", "sensitivity", "600", "--team", "North Team"], "error: target 600: must be a whole number of at most 500"),
    (["rules", "set", "--team", "North Team", "-t", "no_check_in=0"], "error: thresholds.no_check_in"),
    (["rules", "set", "--team", "North Team", "-t", "bedtime=3"], "error: thresholds.bedtime"),
    (["summary", "--team", "North Team", "--as-of", "soon"], "error: --as-of 'soon': use a date such as"),
])
def test_bad_goals_and_rules_get_one_line(team, args, message):
    result = team(*args, ok=False)
    assert error_line(result).startswith(message), result.output


def test_key_generate_prints_a_usable_key(cli, db_url):
    key = runner.invoke(app, ["key", "generate"]).stdout.strip()
    assert len(key) == 44
    from services.bootstrap import build_app
    build_app(db_url, cipher_key=key).close()


def test_a_person_s_data_is_exported_for_a_subject_access_request(team, tmp_path):
    import json
    logged = team("log", "check_in", "--team", "North Team", "-m", "Sam Patel", "-m", "Jo Okoro",
                  "--at", "2026-03-02 10:00", "--note", "talked about the move")
    ref = logged.output.split("[")[1].split("]")[0]
    team("amend", ref, "--mode", "phone")
    team("log", "check_in", "--team", "North Team", "-m", "Jo Okoro", "--at", "2026-03-03 10:00", "--note", "other")
    team("member", "start-leave", "Sam Patel", "--team", "North Team", "--on", "2026-04-01")
    out = tmp_path / "sam.json"
    sam = next(line.split()[0] for line in team("member", "list", "--team", "North Team").output.splitlines()
               if "Sam Patel" in line)
    assert "1 support entries" in team("member", "export", sam, "--team", "North Team", "--out", str(out)).output
    data = json.loads(out.read_text())
    assert data["person"]["name"] == "Sam Patel" and data["person"]["leave"] == [{"from": "2026-04-01", "to": None}]
    assert [(s["note"], s["mode"], s["with"]) for s in data["support"]] == [
        ("talked about the move", "phone", ["Sam Patel", "Jo Okoro"])]
    assert [e["event"] for e in data["events"]] == ["Team.MemberJoined", "SupportEntry.Logged",
                                                   "SupportEntry.Amended", "Team.LeaveStarted"]
    assert "other" not in out.read_text()


def test_a_gap_is_dismissed_and_reinstated_by_its_reference(team):
    import json
    from datetime import date, timedelta
    visit = (date.today() - timedelta(days=10)).isoformat()
    team("log", "difficult_visit", "--team", "North Team", "-m", "Sam Patel", "--at", visit)
    [gap] = [json.loads(line) for line in team("gaps", "--json").output.splitlines()
             if json.loads(line)["rule"] == "debrief_overdue"]
    assert f"[{gap['ref']}]" in team("gaps").output
    refused = team("gap", "dismiss", gap["ref"], ok=False)
    assert error_line(refused) == "error: reason: say why the rule does not apply (--reason)"
    said = team("gap", "dismiss", gap["ref"], "--reason", "debriefed by the duty manager").output
    assert said.startswith(f"not applicable [{gap['ref']}]: North Team, Sam Patel, Debrief overdue")
    assert gap["ref"] not in team("gaps").output
    assert "not applicable" in team("gaps", "--closed").output and "by ann" in team("gaps", "--closed").output
    team("gap", "reinstate", gap["ref"])
    assert f"[{gap['ref']}]" in team("gaps").output
    history = team("history", "--team", "North Team").output  # each decision, by whom and why
    assert "gap not applicable" in history and "Debrief overdue" in history and "by ann" in history
    assert "debriefed by the duty manager" in history and "gap reinstated" in history
    assert error_line(team("gap", "snooze", "0123abcd", "--until", "2099-01-01", ok=False)) == (
        "error: gap '0123abcd': no gap has this reference: see `securebase gaps`")


def test_gaps_due_soon_lists_what_to_do_before_a_gap_opens(team):
    import json
    assert team("gaps", "--due-soon").output.strip() == "nothing due in the next 5 working days"
    logged = team("log", "difficult_visit", "--team", "North Team", "-m", "Sam Patel")
    ref = logged.output.split("[")[1].split("]")[0]
    [line] = team("gaps", "--due-soon", "--team", "North Team").output.splitlines()
    assert line.startswith("due ") and "North Team" in line and "Sam Patel" in line and "Debrief overdue" in line
    assert "to close: log a debrief" in line and f"regarding [{ref[:8]}]" in line
    [row] = [json.loads(line) for line in team("gaps", "--due-soon", "--json").output.splitlines()]
    assert (row["member"], row["kind"], row["regarding"].replace("-", "")[:8]) == ("Sam Patel", "debrief", ref[:8])
    team("log", "debrief", "--team", "North Team", "-m", "Sam Patel", "--about", ref)
    assert "Debrief overdue" not in team("gaps", "--due-soon").output
