"""The shape of an error as application/problem+json (RFC 9457), for the API.

The API's own errors go through DRF (economie071.core.api.problems); a request refused before
it reaches a view (see economie071.core.request_input) is answered here in the same shape.
"""

import json
from http import HTTPStatus

from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_body(*, status: int, title: str = "", detail: str = "", instance: str = "", **extra):
    """`type` is always about:blank, so `title` is the status phrase (RFC 9457, 4.2.1)."""
    body = {"type": "about:blank", "title": title or status_phrase(status), "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_http_response(*, status: int, **fields) -> HttpResponse:
    """A plain Django response holding a problem, for code that runs outside DRF."""
    body = problem_body(status=status, **fields)
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE
    )
