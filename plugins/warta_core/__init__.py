"""Shared building blocks of Warta's plugins: settings, clock, problems, dates and output writing."""
