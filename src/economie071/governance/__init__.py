"""Governance: steering groups and boards, meetings, proposals, decisions and decision trails."""
