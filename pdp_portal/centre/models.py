"""Models of the privacy centre."""
