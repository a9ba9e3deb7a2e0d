"""Models of the forum app."""
