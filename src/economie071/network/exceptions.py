"""Errors raised by network services; their messages are shown to users as they are.

The error's ``code`` names the field the message is about, so a form can put the message
next to that field.
"""

from django.core.exceptions import ValidationError


class NetworkError(ValidationError):
    """A request that breaks a rule of the network; nothing has been written."""


class NotAllowed(NetworkError):
    """The user may not do this."""


class TooManyRequests(NetworkError):
    """The sender has sent too many contact requests recently."""
