"""Small helpers shared by the views of several apps."""

from django.http import Http404
from django.utils.translation import gettext as _

from economie071.programme.selectors import programme_current


def programme_or_404():
    """The programme this site runs; a 404 page until one has been set up."""
    programme = programme_current()
    if programme is None:
        raise Http404(_("No programme has been set up yet."))
    return programme
