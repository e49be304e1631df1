"""The Streamlit dashboard: it reads the projections' queries and sends the application's commands."""
