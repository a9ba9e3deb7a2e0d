"""What the portfolio's views share: who may manage, the card a user may see."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from economie071.portfolio import permissions, selectors


def office_only(request) -> None:
    """Refuse (403) anyone but the programme office."""
    if not permissions.can_manage_portfolio(request.user):
        raise PermissionDenied


def card_or_404(request, pk):
    """The card, if the user may see its working copy; else a 404 that does not say which."""
    card = selectors.card_for_user(user=request.user, card_id=pk)
    if card is None:
        raise Http404(_("There is no card here, or you may not see it."))
    return card
