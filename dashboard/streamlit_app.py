"""securebase's dashboard: the navigation frame and the sidebar every page shares."""


import streamlit as st

from dashboard.markup import plain
from dashboard.resources import reader
from dashboard.signin import sign_out, signed_in_account
from domain import zone
from domain.access import Role

st.set_page_config(page_title="securebase", page_icon=":material/diversity_3:", layout="wide")
account = st.session_state["account"] = signed_in_account()

# A member sees their own team's activity and their own timeline: no notes, no one else's.
staff = account.role is not Role.MEMBER
overview = st.Page("app_pages/overview.py", title="Team overview", icon=":material/dashboard:", default=True)
people = st.Page("app_pages/people.py", title="People" if staff else "My timeline", icon=":material/person:")
ask = st.Page("app_pages/ask.py", title="Ask the team", icon=":material/how_to_vote:")
pages = {
    "Team": [
        overview,
        st.Page("app_pages/log_support.py", title="Log support", icon=":material/edit_note:"),
        people,
        ask,
        st.Page("app_pages/goals_rules.py", title="Goals & rules", icon=":material/flag:"),
        st.Page("app_pages/import_records.py", title="Import", icon=":material/upload_file:"),
    ],
    "Across teams" if account.role is Role.MANAGER else "Your teams": [
        st.Page("app_pages/gaps.py", title="Gaps", icon=":material/warning:"),
        st.Page("app_pages/history.py", title="History", icon=":material/history:"),
    ],
} if staff else {"Team": [overview, people, ask]}
navigation = st.navigation(pages)

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
    st.session_state["as_of"] = st.date_input("As of", value=zone.today(), max_value=zone.today(),
                                              key="as_of_day", format="DD/MM/YYYY") if past else None
    if st.session_state["as_of"]:
        st.warning(f"Historical view: the record as it stood at the end of "
                   f"{st.session_state['as_of']:%d %B %Y}.", icon=":material/history:")
    st.divider()
    st.caption(f"Signed in as **{plain(account.name)}** ({account.role})")
    if st.button("Sign out", icon=":material/logout:"):
        sign_out()
        st.rerun()

navigation.run()
