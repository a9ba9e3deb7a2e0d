"""What every part of the read API shares: the problem responses of an endpoint's schema,
the programme the API serves, and the 404 for any other path. Each domain's endpoints live
in its api/ package (programme.api, portfolio.api, governance.api, ...); api/urls.py
gathers them under /api/v1/.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view

from economie071.api import serializers
from economie071.api.problems import PROBLEM_CONTENT_TYPE
from economie071.programme.selectors import programme_current

PROBLEM_DESCRIPTIONS = {
    400: "Invalid query parameter",
    403: "Not allowed",
    404: "Not found (or a page past the last)",
    409: "The request cannot be answered in the current state (the reasons are in detail)",
}


def problem_responses(*statuses: int, **descriptions: str) -> dict:
    """The problem+json responses of an endpoint for drf-spectacular's `responses`.

    A description can be made specific with a keyword like `d409="…"`."""
    return {
        (status, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            serializers.ProblemSerializer,
            description=descriptions.get(f"d{status}", PROBLEM_DESCRIPTIONS[status]),
        )
        for status in statuses
    }


class ProgrammeScoped:
    """The programme the API serves, looked up once per request."""

    @cached_property
    def programme(self):
        return programme_current()

    def _fake(self) -> bool:
        """True while drf-spectacular inspects the view to write the schema."""
        return getattr(self, "swagger_fake_view", False)


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, *args, **kwargs):
    """Any other path under /api/: a 404, as problem+json like every API error."""
    raise exceptions.NotFound(_("There is nothing at this address."))
