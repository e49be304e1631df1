"""The service layer: the application (the one door for commands) and its composition root."""
