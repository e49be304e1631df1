"""How the dashboard is served: `streamlit run dashboard/server.py` (or any ASGI server, e.g.
`uvicorn dashboard.server:app`). Streamlit's st.App runs dashboard/streamlit_app.py as usual and
adds one route of our own, the one that sets the session cookie (dashboard/signin.py says why).
Before the server takes its first visitor, it readies what that visitor would otherwise wait for
after signing in (dashboard/resources.py: ready)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from dashboard.resources import ready
from dashboard.signin import ROUTE, session_cookie


@asynccontextmanager
async def _readied(_: st.App) -> AsyncIterator[None]:
    await run_in_threadpool(ready)
    yield


app = st.App(Path(__file__).with_name("streamlit_app.py"), lifespan=_readied,
             routes=[Route(ROUTE, session_cookie, methods=["POST"])])
