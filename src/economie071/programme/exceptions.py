"""Errors raised by the programme's services; their messages are shown to users as they are.

The error's ``code`` names the field the message is about, so a form can show it there.
"""

from django.core.exceptions import ValidationError


class AccountError(ValidationError):
    """A sign-up or its confirmation that cannot be done; nothing has been written."""


class TooManyAttempts(AccountError):
    """Over a rate limit (economie071.core.throttle); try again later."""


class InvitationError(AccountError):
    """An invitation that cannot be made, sent, withdrawn or accepted; nothing was written."""


class RegionFileError(ValidationError):
    """A region file that cannot be set up; every message names its place. Nothing written."""
