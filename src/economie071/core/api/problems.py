"""Errors as application/problem+json (RFC 9457), as the NL API Design Rules ask.

Every error the API raises goes through `problem_exception_handler` (REST_FRAMEWORK's
EXCEPTION_HANDLER), and `problem_responses` states an endpoint's errors in the OpenAPI
document. The `type` is always about:blank, so the `title` is the HTTP status phrase, as
RFC 9457 section 4.2.1 recommends; `detail` says what went wrong this time.
Invalid input (a request body or a query parameter) lists each parameter in
`invalidParams` with its name, a code and the reason, as the NL API Design Rules'
problem-details extension does.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

from economie071.core.problems import PROBLEM_CONTENT_TYPE, problem_body

PROBLEM_DESCRIPTIONS = {
    400: "Invalid query parameter",
    403: "Not allowed",
    404: "Not found (or a page past the last)",
    409: "The request cannot be answered in the current state (the reasons are in detail)",
}


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The parameter (or field) that is invalid.")
    code = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="Always about:blank: see the status.")
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    instance = serializers.CharField(required=False, help_text="The request's path and query.")
    invalidParams = InvalidParamSerializer(many=True, required=False)


def problem_responses(*statuses: int, **descriptions: str) -> dict:
    """The problem+json responses of an endpoint for drf-spectacular's `responses`.

    A description can be made specific with a keyword like `d409="…"`."""
    return {
        (status, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ProblemSerializer,
            description=descriptions.get(f"d{status}", PROBLEM_DESCRIPTIONS[status]),
        )
        for status in statuses
    }


def problem_response(
    *, status: int, title: str = "", detail: str = "", request=None, **extra
) -> Response:
    body = problem_body(
        status=status,
        title=title,
        detail=detail,
        instance=request.get_full_path() if request is not None else "",
        **extra,
    )
    return Response(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: let Django's 500 handling take it
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = _("One or more parameters are invalid.")
        extra["invalidParams"] = _invalid_params(exc.detail)
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = str(response.data["detail"])
    else:
        detail = ""
    problem = problem_response(
        status=response.status_code, detail=detail, request=context.get("request"), **extra
    )
    for header, value in response.items():
        if header.lower() not in {"content-type", "content-length"}:
            problem[header] = value
    return problem


def _invalid_params(detail, prefix: str = "") -> list[dict]:
    params = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            params += _invalid_params(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(detail, list):
        for item in detail:
            if isinstance(item, (dict, list)):
                params += _invalid_params(item, prefix)
            else:
                params.append(_param(prefix, item))
    else:
        params.append(_param(prefix, detail))
    return params


def _param(name: str, detail) -> dict:
    return {
        "name": name or "non_field_errors",
        "code": getattr(detail, "code", None) or "invalid",
        "reason": str(detail),
    }
