"""My digest: the e-mail this user would receive today, as it would look, where it goes and how
often; a manager also sees who receives what."""

import streamlit as st

from dashboard.forms import Refusals
from dashboard.resources import app, command, reader, rerun_saying, said, user, user_name, view
from domain import zone
from domain.access import Role
from domain.commands import SetDigest, SetEmail
from domain.digest import Rhythm
from services.digest import compose

st.title("My digest")
me = user()
said("digest")
with st.form("digest"):
    refusals = Refusals()
    left, right = st.columns([2, 1])
    email = left.text_input("Send it to", value=me.email or "", placeholder="name@example.org")
    rhythm = right.selectbox("How often", list(Rhythm), index=list(Rhythm).index(Rhythm(me.digest)),
                             format_func=lambda r: {"weekly": "Weekly, on Mondays", "daily": "Every day",
                                                    "off": "Never (off)"}[r])
    refusals.under("email", "rhythm", "name", "user")
    if st.form_submit_button("Save"):
        with refusals.shown():
            command(lambda: app().set_email(SetEmail.parse(name=me.name, email=email or None, by=user_name())))
            command(lambda: app().set_digest(SetDigest.parse(name=me.name, rhythm=rhythm, by=user_name())))
            rerun_saying("Saved.", "digest")

if me.role is Role.MEMBER:
    st.info("Digests go to supervisors and managers: they tell them what to act on for their teams.")
    st.stop()
digest = compose(app(), view(), me, zone.today())
st.header("Today's, as it would arrive")
st.caption("It names no notes: only each gap's rule, dates and the team's figures, with links back here.")
st.html(digest.message("securebase").get_body(("html",)).get_content())

if me.role is Role.MANAGER:
    st.header("Who receives what")
    st.dataframe([{"User": a.name, "Role": a.role.value, "Digest": a.digest if a.email else "none (no address)",
                   "To": a.email or ""} for a in reader().users() if a.role is not Role.MEMBER and not a.disabled],
                 hide_index=True, width="stretch")
