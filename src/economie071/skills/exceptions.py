"""Errors raised by the skills services and selectors; their messages are shown to users
as they are. The error's ``code`` names the field the message is about, so a form can put
the message next to that field."""

from django.core.exceptions import ValidationError


class SkillsError(ValidationError):
    """A request that breaks a rule of the House of Skills; nothing has been written."""


class NotAllowed(SkillsError):
    """The user may not do this."""


class NoConsent(SkillsError):
    """The passport has no current consent, so it takes part in no match."""


class PassportErased(SkillsError):
    """The person this refers to has erased their passport."""


class EscoImportError(Exception):
    """The ESCO folder cannot be imported; the message names the file and line.

    Nothing of the step that failed has been written.
    """
