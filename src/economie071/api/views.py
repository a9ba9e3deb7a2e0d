"""The 404 for any path under /api/v1/ that no endpoint answers. Each domain's endpoints
live in its own api/ package (programme.api, portfolio.api, governance.api, ...), built on
the API kit in core.api; api/urls.py gathers them under /api/v1/."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, *args, **kwargs):
    """Any other path under /api/: a 404, as problem+json like every API error."""
    raise exceptions.NotFound(_("There is nothing at this address."))
