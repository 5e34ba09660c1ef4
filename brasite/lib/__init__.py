"""Helpers every app may use and that know nothing of the domain: spreadsheets, change logs, email."""
