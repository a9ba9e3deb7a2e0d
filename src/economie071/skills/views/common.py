"""Helpers shared by the House of Skills pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from economie071.skills import selectors


def posted(request, files: bool = False):
    """The form data of a POST (even an empty one, so the form is bound and says what is
    missing), or None for a GET."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def own_passport_or_redirect(request):
    """(passport, None) for the signed-in person, or (None, a redirect to the consent page)."""
    passport = selectors.passport_of(user=request.user)
    if passport is None:
        return None, redirect("skills:consent")
    return passport, None


def get_or_404(queryset, pk, message):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(message)
    return obj


def sector_filter(request) -> dict:
    """The `?sector=<slug>` of a mobility page: {"sector": Sector or None, "sectors": all,
    "sector_error": a message naming the wrong value, or ""}."""
    slug = request.GET.get("sector", "").strip()
    sectors = list(selectors.sectors())
    found = next((s for s in sectors if s.slug == slug), None) if slug else None
    error = ""
    if slug and found is None:
        error = _("Sector: there is no sector “%(value)s”; all sectors are shown.") % {
            "value": slug[:50]
        }
    return {"sector": found, "sectors": sectors, "sector_error": error}
