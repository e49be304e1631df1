"""Whatever valid commands arrive, a fresh application on the same database rebuilds the state
that the same commands give when applied to the domain objects in memory."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.catalogue import KINDS, Mode
from domain.commands import CreateTeam, EntryDetails, JoinMember, LogSupport, MemberDated, Retract
from domain.errors import SecureBaseError
from domain.support import SupportEntry
from domain.team import Team
from services.bootstrap import build_app
from tests.conftest import BACKENDS, NOW, fresh_url

pytestmark = pytest.mark.slow  # fuzzers, property tests and the browser: `pytest -m 'not slow'` skips them

START = date(2026, 1, 1)
NAMES = ["Sam Patel", "Jo Okoro", "Zoë Lambert", "Dev Kapoor"]
days = st.integers(0, 200)  # some land after NOW: those must be refused by both
operations = st.lists(st.one_of(
    st.tuples(st.just("join"), st.sampled_from(NAMES), days),
    st.tuples(st.sampled_from(["member_left", "leave_started", "member_returned"]), st.integers(0, 3), days),
    st.tuples(st.just("log"), st.sampled_from(sorted(KINDS)), st.integers(0, 3), days,
              st.sampled_from(list(Mode)),
              st.none() | st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20)),
    st.tuples(st.just("amend"), st.integers(0, 20), st.sampled_from(sorted(KINDS)), days),
    st.tuples(st.just("retract"), st.integers(0, 20)),
), max_size=40)


def on(offset: int) -> date:
    return START + timedelta(days=offset)


def at(offset: int) -> datetime:
    return datetime.combine(on(offset), datetime.min.time())


def command(operation, team_id, members, entries):
    """The method to call and its arguments, or None where the operation has nothing to act on."""
    name, *args = operation
    if name == "join":
        return "join_member", (JoinMember.parse(team_id=team_id, name=args[0], joined_on=on(args[1])),), {}
    if name == "log" and members:
        kind, who, offset, mode, note = args
        return "log_support", (LogSupport.parse(
            team_id=team_id, kind=kind, members=[members[who % len(members)]], at=at(offset),
            mode=mode, note=note, logged_by="ann"),), {}
    if name == "amend" and entries:
        return "amend", (entries[args[0] % len(entries)], "bea"), {"kind": args[1], "at": at(args[2])}
    if name == "retract" and entries:
        return "retract", (Retract.parse(entry_id=entries[args[0] % len(entries)], reason="error", by="bea"),), {}
    if name.startswith("member_") or name == "leave_started":
        if members:
            return name, (MemberDated.parse(team_id=team_id, member_id=members[args[0] % len(members)],
                                            on=on(args[1])),), {}
    return None


class Mirror:
    """The application's commands applied to domain objects in memory, with no database."""

    def __init__(self, team_name: str):
        self.team_ = Team(team_name)
        self.entries: dict = {}

    def team(self, team_id):
        return self.team_

    def entry(self, entry_id):
        return self.entries[entry_id]

    def join_member(self, cmd):
        self.team_.join(cmd.member_id, cmd.name, cmd.role, cmd.email, cmd.joined_on, cmd.by)

    def member_left(self, cmd):
        self.team_.leave(cmd.member_id, cmd.on, cmd.by)

    def leave_started(self, cmd):
        self.team_.start_leave(cmd.member_id, cmd.on, cmd.by)

    def member_returned(self, cmd):
        self.team_.return_from_leave(cmd.member_id, cmd.on, cmd.by)

    def log_support(self, cmd):
        self.entries[cmd.entry_id] = SupportEntry.log(self.team_, cmd, NOW, cmd.logged_by).mutate(None)

    def amend(self, entry_id, by, **changes):
        entry = self.entries[entry_id]
        entry.amend(self.team_, EntryDetails.parse(**(entry.details.model_dump() | changes)), by, NOW)

    def retract(self, cmd):
        self.entries[cmd.entry_id].retract(cmd.reason, cmd.by)


ENTRY_FIELDS = ["team_id", "kind", "member_ids", "occurred_at", "mode", "note", "logged_by",
                "regarding", "retracted_because", "version"]


def snapshot(source, team_id, entries):
    team = source.team(team_id)
    return (team.version, {k: vars(m) for k, m in team.members.items()},
            [[getattr(source.entry(e), f) for f in ENTRY_FIELDS] for e in entries])


def outcome(target, method, args, kwargs) -> str | None:
    try:
        getattr(target, method)(*args, **kwargs)
    except SecureBaseError as error:
        return str(error)
    return None


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_reloading_gives_the_state_the_commands_describe(backend, ops):
    url = fresh_url(backend)
    app = build_app(url, clock=lambda: NOW)
    app.create_team(CreateTeam.parse(name="North Team"))
    team_id = app.team_named("North Team").id
    mirror = Mirror("North Team")
    members, entries = [], []
    for operation in ops:
        found = command(operation, team_id, members, entries)
        if found is None:
            continue
        method, args, kwargs = found
        # Both accept the command or both refuse it with the same message.
        assert outcome(app, method, args, kwargs) == outcome(mirror, method, args, kwargs)
        if method == "join_member" and args[0].member_id in mirror.team_.members:
            members.append(args[0].member_id)
        if method == "log_support" and args[0].entry_id in mirror.entries:
            entries.append(args[0].entry_id)
    app.close()
    fresh = build_app(url, clock=lambda: NOW)
    assert snapshot(fresh, team_id, entries) == snapshot(mirror, team_id, entries)
    fresh.close()
