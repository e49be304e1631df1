"""The read-model tables. Rows that can change keep the day they were recorded (and, for entry
facts, the day they stopped being true), so every query can answer "as of" a past day."""

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Index, Integer, MetaData, String, Table, Text, Uuid, text

metadata = MetaData()

tracking = Table(
    "securebase_view_tracking", metadata,
    Column("view", String(40), primary_key=True),
    Column("position", Integer, nullable=False),
)

teams = Table(
    "securebase_teams", metadata,
    Column("team_id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("recorded_on", Date, nullable=False),
)

members = Table(
    "securebase_members", metadata,
    Column("member_id", Uuid, primary_key=True),
    Column("team_id", Uuid, nullable=False, index=True),
    Column("name", Text, nullable=False),  # name and email sealed under the member's key
    Column("role", Text, nullable=False),
    Column("email", Text),
    Column("joined_on", Date, nullable=False),
    Column("recorded_on", Date, nullable=False),
    Column("left_on", Date),
    Column("left_recorded_on", Date),
)

leaves = Table(
    "securebase_leaves", metadata,
    Column("member_id", Uuid, primary_key=True),
    Column("starts_on", Date, primary_key=True),
    Column("team_id", Uuid, nullable=False, index=True),
    Column("recorded_on", Date, nullable=False),
    Column("returned_on", Date),
    Column("returned_recorded_on", Date),
)

# Goals ("goal:<domain>") and rules ("rules"), one row per change: the history of each.
settings = Table(
    "securebase_settings", metadata,
    Column("team_id", Uuid, primary_key=True),
    Column("key", String(40), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("value", JSON, nullable=False),
    Column("recorded_on", Date, nullable=False),
)

# Each support entry as it now stands, for timelines, history and amend bookkeeping.
entries = Table(
    "securebase_entries", metadata,
    Column("entry_id", Uuid, primary_key=True),
    Column("team_id", Uuid, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("occurred_at", DateTime, nullable=False),
    Column("mode", String(20), nullable=False),
    Column("note", Text),  # sealed under the keys of `sealed_for` (hex ids)
    Column("sealed_for", JSON, nullable=False),
    Column("logged_by", Text, nullable=False),  # a user's id (hex), or a name from before users
    Column("logged_at", DateTime(timezone=True), nullable=False),
    Column("regarding", Uuid),
    Column("members", JSON, nullable=False),  # [[member hex, day this member was first recorded]]
    Column("version", Integer, nullable=False),
    Column("amended_by", Text),
    Column("retracted_on", Date),
    Column("retraction", Text),
    Index("securebase_entries_team_when", "team_id", "occurred_at"),
)

# One row per entry version and member (member_id null for whole-team entries), true from
# valid_from until valid_to (the day it was amended or retracted; null while current).
facts = Table(
    "securebase_facts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry_id", Uuid, nullable=False),
    Column("team_id", Uuid, nullable=False),
    Column("member_id", Uuid),
    Column("kind", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("since", Date, nullable=False),  # first recorded with this kind for this member
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Index("securebase_facts_team_kind", "team_id", "kind", "occurred_on"),
    Index("securebase_facts_member_kind", "member_id", "kind", "occurred_on"),
)

# Activity counts as deltas by the day they were recorded: a period's count as of a day is the
# sum of its deltas recorded by then. Amendments and retractions add negative deltas. Periods
# are days (for quiet spells), months and ISO weeks (for goals).
TAKEN = text("count < 0")
activity = Table(
    "securebase_activity", metadata,
    Column("team_id", Uuid, primary_key=True),
    Column("per", String(5), nullable=False),  # "day", "week" or "month"
    Column("period", String(10), primary_key=True),  # "2026-11-25", "2026-W48" or "2026-11"
    Column("domain", String(20), primary_key=True),
    Column("mode", String(20), primary_key=True),  # "" for days: spells ignore the mode
    Column("recorded_on", Date, primary_key=True),
    Column("count", Integer, nullable=False),
    Index("securebase_activity_per", "team_id", "per", "period", "domain"),  # new rows at each run's end
    Index("securebase_activity_empty", "team_id", sqlite_where=text("count = 0"),
          postgresql_where=text("count = 0")),  # rows that cancelled out, to delete
    Index("securebase_activity_taken", "recorded_on", sqlite_where=TAKEN,
          postgresql_where=TAKEN),  # counts taken away on a day (see projections/apply.py `_revived`)
)

# What each gap rule made owed (domain/gaps.py `Obligation`), one row per obligation and version:
# a new version from the day its record changed (valid_from) until the next (valid_to; null while
# current). Time passing is not an event: a gap open on day D is a row valid on D with
# `opens_on <= D` and not closed by D, so the partial indexes below answer it without a scan.
GAPS, UNMET = text("opens_on IS NOT NULL"), text("met_on IS NULL")
obligations = Table(
    "securebase_obligations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Uuid, nullable=False),
    Column("member_id", Uuid),  # a member's obligation, or
    Column("domain", String(20)),  # a domain's
    Column("rule", String(20), nullable=False),
    Column("owed_from", Date, nullable=False),  # the day of what opened it
    Column("subject", Text, nullable=False),
    Column("to_close", Text, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("noticed_on", Date, nullable=False),  # the day what opened it was recorded
    Column("met_on", Date),  # the day the support that met it was logged
    Column("ended_on", Date),  # the first day it was no longer owed (left, on leave)
    Column("opens_on", Date),  # its gap's first day; null: never a gap
    Column("closes_on", Date),
    Column("closed_how", String(20)),
    Column("hidden_from", Date),  # superseded by a later opening of a running rule while still open
    Column("superseded", Boolean, nullable=False),  # unmet, and a later opening of its rule is on record
    Column("settled_on", Date),  # met and its gap over: nothing later can change it (null: not yet)
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Index("securebase_obligations_met", "team_id", "valid_to", "met_on"),  # what a page can alter
    Index("securebase_obligations_owed", "team_id", "valid_to", "owed_from"),
    Index("securebase_obligations_settled", "team_id", "valid_to", "settled_on"),
    Index("securebase_obligations_gaps", "team_id", "valid_to", "closes_on", sqlite_where=GAPS,
          postgresql_where=GAPS),
    Index("securebase_obligations_unmet", "team_id", "due_on", sqlite_where=UNMET, postgresql_where=UNMET),
)

# What supervisors decided about gaps (not applicable, snoozed, reinstated), one row per decision.
gap_decisions = Table(
    "securebase_gap_decisions", metadata,
    Column("gap_id", Uuid, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("team_id", Uuid, nullable=False, index=True),
    Column("gap_key", Text, nullable=False),
    Column("decision", String(20), nullable=False),
    Column("until", Date),
    Column("reason", Text, nullable=False),
    Column("by", Text, nullable=False),
    Column("recorded_on", Date, nullable=False),
)

# Events the read models could not apply (a bad value, a bug): passed over so that one event
# never stops every team's pages, shown by `securebase projections status`, retried by a rebuild.
failures = Table(
    "securebase_view_failures", metadata,
    Column("position", Integer, primary_key=True),
    Column("event", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

READ_MODELS = [teams, members, leaves, settings, entries, facts, activity, obligations, gap_decisions, failures]
