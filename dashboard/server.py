"""How the dashboard is served: `streamlit run dashboard/server.py` (or any ASGI server, e.g.
`uvicorn dashboard.server:app`). Streamlit's st.App runs dashboard/streamlit_app.py as usual and
adds one route of our own, the one that sets the session cookie (dashboard/signin.py says why)."""

from pathlib import Path

import streamlit as st
from starlette.routing import Route

from dashboard.signin import ROUTE, session_cookie

app = st.App(Path(__file__).with_name("streamlit_app.py"),
             routes=[Route(ROUTE, session_cookie, methods=["POST"])])
