"""securebase's dashboard: the navigation frame and the sidebar every page shares."""


from datetime import date

import streamlit as st

from dashboard.forms import Refusals, day_input, typed_day
from dashboard.markup import plain
from dashboard.resources import reader
from dashboard.signin import sign_out, signed_in_account
from domain import zone
from domain.access import Role
from domain.dates import shown
from domain.errors import InvalidInput

st.set_page_config(page_title="securebase", page_icon=":material/diversity_3:", layout="wide")
account = st.session_state["account"] = signed_in_account()  # None: the sign-in form is shown


def page(path: str, title: str, icon: str, **kwargs) -> st.Page:
    """Signed out, every page is known but none is listed: the address asked for is kept, to open
    after signing in if the role has it (otherwise the overview opens). A hidden menu, rather than
    hidden pages, would leave Streamlit showing an empty sidebar after a sign-out now and then."""
    return st.Page(path, title=title, icon=icon, visibility="visible" if account else "hidden", **kwargs)


# A member sees their own team's activity and their own timeline: no notes, no one else's.
staff = account is None or account.role is not Role.MEMBER
overview = page("app_pages/overview.py", title="Team overview", icon=":material/dashboard:", default=True)
people = page("app_pages/people.py", title="People" if staff else "My timeline", icon=":material/person:")
ask = page("app_pages/ask.py", title="Ask the team", icon=":material/how_to_vote:")
pages = {
    "Team": [
        overview,
        page("app_pages/log_support.py", title="Log support", icon=":material/edit_note:"),
        people,
        ask,
        page("app_pages/goals_rules.py", title="Goals & rules", icon=":material/flag:"),
        page("app_pages/import_records.py", title="Import", icon=":material/upload_file:"),
    ],
    "Your teams" if account and account.role is Role.SUPERVISOR else "Across teams": [
        page("app_pages/gaps.py", title="Gaps", icon=":material/warning:"),
        page("app_pages/history.py", title="History", icon=":material/history:"),
        page("app_pages/my_digest.py", title="My digest", icon=":material/mail:"),
    ],
} if staff else {"Team": [overview, people, ask]}


def looked_back_to() -> date | None:
    """The past day typed in the sidebar, or None (today) with a refusal under it."""
    typed, refusals = day_input("As of", zone.today(), "as_of_day"), Refusals()
    refusals.under("as_of")
    with refusals.shown():
        day = typed_day(typed, "as_of")
        if day > zone.today():
            raise InvalidInput("as_of", typed, "is still to come: look back to today or an earlier day")
        return day
    return None


navigation = st.navigation(pages)
if account is None:
    st.stop()

with st.sidebar:
    st.markdown("### securebase")
    teams = reader().teams()
    if teams:
        chosen = st.selectbox("Team", teams, format_func=lambda team: team.name, key="team_choice")
        st.session_state["team"] = chosen
    else:
        st.session_state["team"] = None
        st.info("No teams yet. Create one with `securebase team create NAME`, or run "
                "`securebase demo` for a demo." if account.role is Role.MANAGER else
                "You are not on a team yet: ask a manager.")
    past = st.toggle("Look back to a past day", key="look_back",
                     help="Every page then shows the record as it stood at the end of that day.")
    st.session_state["as_of"] = looked_back_to() if past else None
    if st.session_state["as_of"]:
        st.warning(f"Historical view: the record as it stood at the end of {shown(st.session_state['as_of'])}.",
                   icon=":material/history:")
    st.divider()
    st.caption(f"Signed in as **{plain(account.name)}** ({account.role})")
    if st.button("Sign out", icon=":material/logout:"):
        sign_out()
        st.rerun()

navigation.run()
