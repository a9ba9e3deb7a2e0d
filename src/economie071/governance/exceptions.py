"""Errors raised by governance services; their messages are shown to users as they are.

The error's ``code`` is the name of the field the message is about, so a form can put
the message next to that field.
"""

from django.core.exceptions import ValidationError


class GovernanceError(ValidationError):
    """A request that breaks a rule of governance; nothing has been written."""


class NotAllowed(GovernanceError):
    """The user may not do this."""


class NoAgendaError(GovernanceError):
    """A meeting pack was asked for a meeting without agenda items."""
