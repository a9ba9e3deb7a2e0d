"""Errors as application/problem+json (RFC 9457), as the NL API Design Rules ask."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(*, status: int, title: str, detail: str = "", request=None, **extra):
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.get_full_path()
    body.update(extra)
    return Response(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: let Django's 500 handling take it
    request = context.get("request")
    title = getattr(exc, "default_detail", "Error")
    detail = ""
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        title = "Invalid input"
        extra["invalidParams"] = _invalid_params(exc.detail)
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = str(response.data["detail"])
    problem = problem_response(
        status=response.status_code, title=str(title), detail=detail, request=request, **extra
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
                params.append({"name": prefix or "non_field_errors", "reason": str(item)})
    else:
        params.append({"name": prefix or "non_field_errors", "reason": str(detail)})
    return params
