"""The programme this site runs, for every app's pages, API and commands.

One installation serves one programme (Economie071): ``settings.PROGRAMME_SLUG`` names it,
or else the first one set up is it, as Django's sites framework has a current site.

``core`` imports no app, and the model lives in the ``programme`` app, a layer above. So
the model is looked up through Django's app registry when it is asked for
(``apps.get_model("programme", "Programme")``), not imported: the app registry is ready by
the time any page, API call or command runs, and core stays importable on its own. It is
the one place where core names an app; tests/test_layering.py lists it as such.
"""

from django.apps import apps
from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _


def programme_current():
    """The programme this site runs (PROGRAMME_SLUG, or the only/first one); None until
    one has been set up. Its region is read with it."""
    programme_model = apps.get_model("programme", "Programme")
    slug = getattr(settings, "PROGRAMME_SLUG", "")
    qs = programme_model.objects.select_related("region")
    return (qs.filter(slug=slug).first() if slug else None) or qs.order_by("id").first()


def programme_or_404():
    """The programme this site runs; a 404 page until one has been set up."""
    programme = programme_current()
    if programme is None:
        raise Http404(_("No programme has been set up yet."))
    return programme
