"""The audit log: one entry for every state change, with a dotted action name."""
