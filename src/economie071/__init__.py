"""Economie071: the platform of a regional economic programme."""
