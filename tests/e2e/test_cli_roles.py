"""Who may do what from the command line: each role against each command, allowed or refused
with one clear line; unknown and disabled users refused; every change records who made it."""

import pytest

from domain.team import Team
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_cli import error_line

ROLES = ("boss", "sue", "sam")  # a manager, North Team's supervisor, a member of North Team
EVERYONE, STAFF, MANAGER = set(ROLES), {"boss", "sue"}, {"boss"}

# Each command, as run by USER (who changes what they add, so every allowed run succeeds).
MATRIX = [
    (["summary", "--team", "North Team"], EVERYONE),
    (["summary", "--team", "South Team"], MANAGER),
    (["goals", "show", "--team", "North Team"], EVERYONE),
    (["member", "list", "--team", "North Team"], EVERYONE),
    (["history", "--team", "North Team"], STAFF),
    (["gaps", "--team", "North Team"], STAFF),
    (["log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", "2026-03-02"], STAFF),
    (["log", "check_in", "--team", "South Team", "-m", "Ola Berg", "--at", "2026-03-02"], MANAGER),
    (["goals", "set", "sensitivity", "4", "--team", "North Team"], STAFF),
    (["import", "{tmp}/log.csv", "--team", "North Team", "--dry-run"], STAFF),
    (["rules", "set", "--team", "North Team", "-t", "no_check_in=21"], STAFF),
    (["member", "join", "New {user}", "--team", "North Team", "--on", "2026-03-01"], STAFF),
    (["member", "export", "{sam}", "--team", "North Team", "--out", "{tmp}/{user}.json"], MANAGER),
    (["team", "create", "Team of {user}"], MANAGER),
    (["user", "list"], MANAGER),
    (["user", "add", "new-{user}", "--role", "manager", "--password", PASSWORD], MANAGER),
    (["export", "{tmp}/{user}.jsonl"], MANAGER),
    (["projections", "rebuild"], MANAGER),
]


@pytest.fixture
def staffed(team, tmp_path):
    """North Team (Sam Patel, Jo Okoro) and South Team (Ola Berg), with a user of each role."""
    team("team", "create", "South Team")
    team("member", "join", "Ola Berg", "--team", "South Team", "--on", "2026-01-05")
    (tmp_path / "log.csv").write_text("Date,Type,Staff\n02/03/2026,check-in,Sam Patel\n")
    refs = {line.split()[1]: line.split()[0] for line in team("member", "list", "--team", "North Team").output.splitlines()}
    team("user", "add", "boss", "--role", "manager", "--password", PASSWORD)
    team("--as", "boss", "user", "add", "sue", "--role", "supervisor", "--team", "North Team",
         "--password", PASSWORD)
    team("--as", "boss", "user", "add", "sam", "--role", "member", "--team", "North Team",
         "--member", "Sam Patel", "--password", PASSWORD)
    return lambda user, *args, ok=True: team(
        "--as", user, *[a.format(user=user, tmp=tmp_path, sam=refs["Sam"], jo=refs["Jo"]) for a in args], ok=ok)


@pytest.mark.parametrize("user", ROLES)
@pytest.mark.parametrize("args, allowed", MATRIX, ids=[" ".join(args[:2]) for args, _ in MATRIX])
def test_each_role_may_do_only_what_it_allows(staffed, user, args, allowed):
    result = staffed(user, *args, ok=user in allowed)
    if user not in allowed and "South Team" in args:  # another team's is not even said to exist
        assert error_line(result) == "error: team 'South Team': no team by that name"
    elif user not in allowed:
        assert error_line(result).startswith(f"error: user '{user}': as a ")
        assert " may not " in result.output


def test_a_refusal_says_who_and_what(staffed):
    refused = staffed("sam", "log", "check_in", "--team", "North Team", "-m", "Sam Patel", ok=False)
    assert error_line(refused) == ("error: user 'sam': as a member may not log, amend, retract or "
                                   "import support for North Team")


def test_unknown_and_disabled_users_are_refused(staffed, monkeypatch):
    unknown = staffed("mallory", "summary", "--team", "North Team", ok=False)
    assert error_line(unknown) == ("error: user 'mallory': is not a securebase user: ask a manager "
                                   "to add you (`securebase user add`)")
    monkeypatch.setenv("SECUREBASE_USER", "mallory")  # the environment counts as --as does
    assert "is not a securebase user" in staffed("mallory", "team", "list", ok=False).output
    staffed("boss", "user", "disable", "sue")
    disabled = staffed("sue", "summary", "--team", "North Team", ok=False)
    assert error_line(disabled) == "error: user 'sue': is disabled: ask a manager"
    staffed("boss", "user", "enable", "sue")
    staffed("sue", "summary", "--team", "North Team")


def test_the_first_user_must_be_a_manager(team):
    first = team("user", "add", "sue", "--role", "supervisor", "--team", "North Team",
                 "--password", PASSWORD, ok=False)
    assert error_line(first) == "error: role 'supervisor': the first user must be a manager, to add the others"
    short = team("user", "add", "boss", "--role", "manager", "--password", "short", ok=False)
    assert error_line(short) == "error: password: use at least 10 characters"


def test_users_see_only_their_teams_and_may_change_only_their_own_password(staffed):
    assert "South Team" not in staffed("sue", "team", "list").output
    assert "South Team" in staffed("boss", "team", "list").output
    staffed("sam", "user", "password", "sam", "--password", "a new long password")
    refused = staffed("sam", "user", "password", "sue", "--password", "a new long password", ok=False)
    assert "may not manage users and teams" in refused.output
    listing = staffed("boss", "user", "list").output.splitlines()
    assert [line.split()[:2] for line in listing] == [["boss", "manager"], ["sam", "member"], ["sue", "supervisor"]]


def test_every_change_records_who_made_it(staffed):
    from cli.base import application
    staffed("sue", "goals", "set", "sensitivity", "4", "--team", "North Team")
    staffed("sue", "log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", "2026-03-02")
    goal = [e for _, e in application().read_log(Team.GoalSet)][-1]
    assert goal.by == application().directory().account("sue").id.hex  # by id: a name can be erased
    assert "by sue" in staffed("boss", "history", "--team", "North Team", "--limit", "1").output


def test_a_manager_erases_a_member_and_every_view_shows_erased_member(staffed):
    refused = staffed("sue", "member", "erase", "{jo}", "--team", "North Team", "--yes", ok=False)
    assert "as a supervisor may not manage users and teams, or erase or export a person" in refused.output
    staffed("sue", "log", "debrief", "--team", "North Team", "-m", "Jo Okoro", "-m", "Sam Patel",
            "--at", "2026-03-02", "--note", "Jo's worries")
    erased = staffed("boss", "member", "erase", "{jo}", "--team", "North Team", "--yes")
    assert erased.output.startswith("erased Jo Okoro [")  # says whom the reference named
    assert "erased member" in staffed("boss", "member", "list", "--team", "North Team").output
    history = staffed("boss", "history", "--team", "North Team").output
    assert "Jo" not in history and "erased member, Sam Patel" in history
    again = staffed("boss", "member", "erase", "{jo}", "--team", "North Team", "--yes", ok=False)
    assert error_line(again).endswith(": was already erased")
    unknown = staffed("boss", "member", "erase", "0123abcd", "--team", "North Team", "--yes", ok=False)
    assert error_line(unknown) == ("error: member '0123abcd': no member of North Team has this reference: "
                                   "see `securebase member list`")
