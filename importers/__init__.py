"""Importers: what teams already keep (spreadsheets, calendars, securebase's own export) turned
into the application's commands. Parse, validate, then write; never the store directly."""
