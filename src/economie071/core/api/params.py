"""Query parameters, read and checked by hand (no django-filter), and documented.

Each filter takes one value. A value the API does not know (a phase that does not exist, a
slug of nothing) is a 400 whose invalidParams names the parameter, rather than an empty
list that looks like a real answer. Parameters the API does not know are ignored.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError


class ParamErrors:
    """Collects the bad query parameters of one request; raises them together as a 400."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, reason: str) -> None:
        self.errors.setdefault(name, []).append(reason)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors, code="invalid")


def param_value(params, name: str) -> str:
    """One query parameter, stripped; empty when absent."""
    return params.get(name, "").strip()


def slug_parameter(name: str, description: str) -> OpenApiParameter:
    """A query parameter holding a slug, for the OpenAPI document."""
    return OpenApiParameter(name, OpenApiTypes.STR, description=description)
