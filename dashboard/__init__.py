"""The Streamlit dashboard: it reads through the role-checked reader (services/reading.py) and
sends the application's commands."""
