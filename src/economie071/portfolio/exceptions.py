"""Errors raised by portfolio services; their messages are shown to users as they are."""

from django.core.exceptions import ValidationError


class PortfolioError(ValidationError):
    """A request that breaks a rule of the portfolio; nothing has been written."""


class StaleCardError(PortfolioError):
    """Someone else saved the card since this edit began."""


class CardStateError(PortfolioError):
    """The card is not in a state that allows this step."""


class NotAllowed(PortfolioError):
    """The user may not do this."""


class AllocationError(PortfolioError):
    """A budget line cannot be shared out as asked."""
