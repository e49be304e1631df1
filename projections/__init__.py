"""Read models: what the log means, kept in tables beside it and updated exactly once per event."""
