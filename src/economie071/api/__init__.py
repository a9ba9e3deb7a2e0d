"""The read API under /api/v1/, following the NL API Design Rules."""
