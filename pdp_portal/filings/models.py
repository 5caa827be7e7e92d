"""Models of the filings core."""
