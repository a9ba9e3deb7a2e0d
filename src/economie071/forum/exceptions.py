"""Errors raised by forum services; their messages are shown to users as they are.

The error's ``code`` is the name of the field the message is about (``title``, ``body``,
``reason``…), so a form can put the message next to that field.
"""

from django.core.exceptions import ValidationError


class ForumError(ValidationError):
    """A request that breaks a rule of the forum; nothing has been written."""


class NotAllowed(ForumError):
    """The user may not do this."""


class Locked(ForumError):
    """The question or its topic is locked: no new answers or questions."""


class RateLimited(ForumError):
    """The author has posted as much as the forum takes in a while; the text is kept."""
