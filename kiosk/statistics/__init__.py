"""Statistics for a day, week or month, with charts and an Excel export for the county."""
