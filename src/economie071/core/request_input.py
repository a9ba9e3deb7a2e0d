"""Text that comes in with a request, checked once at the edge for every app.

A NUL byte in a query parameter reached PostgreSQL (which refuses it: a server error)
while SQLite stored or compared it silently; other control characters slipped into the
database, exports and e-mail headers. Instead of a check in every view, two hooks cover
every query parameter and every form field of every app, the admin and Django's own forms
included:

- `RequestInputMiddleware` looks at each request before any view does:

  * the address itself (path): a control character is a 404 in the API (no slug or id
    holds one, so nothing is there) and a 400 page elsewhere; over MAX_PATH_LENGTH
    characters it is a 414;
  * query parameters, names and values: no control character at all (not even a tab or
    a line break), at most MAX_PARAMETER_LENGTH characters each, the whole query string
    at most MAX_QUERY_STRING_LENGTH bytes;
  * form fields of a POST (urlencoded or multipart): no control character other than tab
    and line breaks (a textarea's text has those; one-line fields are checked by the form
    hook below, which knows the widget);
  * cookies and headers with a control character are dropped, as if not sent: they are
    not typed by a person, and a session cookie with a NUL in it would otherwise reach a
    database query.

  Under /api/ a refused parameter is a 400 application/problem+json whose invalidParams
  names each one. On pages the refused value is replaced by a `RejectedValue`, which reads
  as empty text, so a view that reads the parameter itself sees nothing (never the bad
  value), while a form shows the reason at its field; the page is then answered with 400,
  and the base template names each refused parameter in a notice at the top (also for
  the filter forms that show no errors of their own, and parameters read without a form).

- `install_form_check()` (called once at start-up) makes every form field check its raw
  value before it is cleaned: a `RejectedValue` becomes a field error with its reason; a
  one-line field (any widget but a Textarea) takes no control character at all, a
  multi-line one takes tabs and line breaks.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from economie071.core.problems import problem_http_response
from economie071.core.text import control_character_problem, find_control_character

API_PATH_PREFIX = "/api/"
# One query parameter (its name or a value): a search term, a slug, a date. Enough for any
# real use, and it bounds what a single parameter can make the database do.
MAX_PARAMETER_LENGTH = 1000
# The whole query string, in bytes; a front-end server usually stops longer request lines
# already (gunicorn at about 4 KB), this holds when the application runs on its own too.
MAX_QUERY_STRING_LENGTH = 8192
# The path: slugs and ids in it are looked up in the database; no address of ours is long.
MAX_PATH_LENGTH = 2048

_FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectedValue(str):
    """A value refused at the edge. It is empty text to whoever reads it, and carries the
    parameter's name and the reason for a form (or the page's notice) to show."""

    def __new__(cls, name: str, reason: str):
        value = super().__new__(cls, "")
        value.name = name
        value.reason = reason
        return value

    def __deepcopy__(self, memo):  # QueryDict.copy() deep-copies its values
        return self

    def __reduce__(self):
        return (RejectedValue, (self.name, self.reason))


def printable_name(name: str) -> str:
    """A parameter name fit to show: control characters written as \\xNN."""
    return "".join(
        f"\\x{ord(char):02x}"
        if find_control_character(char, multiline=False, tab=False) == 0
        else char
        for char in name
    )


def _length_problem(value: str) -> str | None:
    if len(value) > MAX_PARAMETER_LENGTH:
        return _("Too long: at most %(max)d characters.") % {"max": MAX_PARAMETER_LENGTH}
    return None


def _problems(data: QueryDict, *, multiline: bool, bounded: bool) -> dict[str, str]:
    """{name: reason} for every parameter of `data` whose name or a value is refused."""
    problems = {}
    for name, values in data.lists():
        reason = control_character_problem(name, multiline=False) or (
            bounded and _length_problem(name)
        )
        if reason:
            problems[name] = _("The name of this parameter: %(reason)s") % {"reason": reason}
            continue
        for value in values:
            if not isinstance(value, str):
                continue
            reason = control_character_problem(value, multiline=multiline) or (
                bounded and _length_problem(value)
            )
            if reason:
                problems[name] = reason
                break
    return problems


def _with_rejections(data: QueryDict, problems: dict[str, str]) -> tuple[QueryDict, list]:
    """A copy of `data` in which each refused value is a RejectedValue; a parameter whose
    name is refused is left out (no form or view asks for it by that name)."""
    copy = data.copy()
    rejected = []
    for name, reason in problems.items():
        if control_character_problem(name, multiline=False) or len(name) > MAX_PARAMETER_LENGTH:
            del copy[name]
            rejected.append(RejectedValue(printable_name(name[:100]), reason))
            continue
        value = RejectedValue(name, reason)
        copy.setlist(name, [value])
        rejected.append(value)
    copy._mutable = False
    return copy, rejected


def _clean_headers_and_cookies(request) -> None:
    for name in [n for n, v in request.COOKIES.items() if _has_control(n) or _has_control(v)]:
        del request.COOKIES[name]
    for key in [k for k in request.META if k.startswith("HTTP_")]:
        value = request.META[key]
        if isinstance(value, str) and find_control_character(value, multiline=False) is not None:
            del request.META[key]


def _has_control(text: str) -> bool:
    return find_control_character(text, multiline=False, tab=False) is not None


def _invalid_params(problems: dict[str, str]) -> list[dict]:
    return [
        {"name": printable_name(name), "code": "invalid", "reason": reason}
        for name, reason in problems.items()
    ]


class RequestInputMiddleware:
    """See the module's docstring. Place it before the session, CSRF and auth middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path_info.startswith(API_PATH_PREFIX)
        _clean_headers_and_cookies(request)

        if _has_control(request.path_info):
            if is_api:  # no slug or id holds one: like any address of nothing, a 404
                return problem_http_response(
                    status=404, detail=_("There is nothing at this address.")
                )
            return _bad_request_page()

        if len(request.path_info) > MAX_PATH_LENGTH:
            detail = _("The address is too long: at most %(max)d characters.") % {
                "max": MAX_PATH_LENGTH
            }
            if is_api:
                return problem_http_response(status=414, detail=detail)
            return _bad_request_page(status=414)

        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_LENGTH:
            detail = _("The query string is too long: at most %(max)d characters.") % {
                "max": MAX_QUERY_STRING_LENGTH
            }
            if is_api:
                return problem_http_response(status=414, detail=detail)
            return _bad_request_page(status=414)

        problems = _problems(request.GET, multiline=False, bounded=True)
        body_problems = {}
        if request.method == "POST" and request.content_type in _FORM_CONTENT_TYPES:
            body_problems = _problems(request.POST, multiline=True, bounded=False)

        if is_api and (problems or body_problems):
            return problem_http_response(
                status=400,
                detail=_("One or more parameters are invalid."),
                instance=request.get_full_path(),
                invalidParams=_invalid_params({**problems, **body_problems}),
            )

        rejected = []
        if problems:
            request.GET, rejected_query = _with_rejections(request.GET, problems)
            rejected += rejected_query
        if body_problems:
            request.POST, rejected_body = _with_rejections(request.POST, body_problems)
            rejected += rejected_body
        request.rejected_input = rejected

        response = self.get_response(request)
        if rejected and response.status_code == 200:
            response.status_code = 400
            response.reason_phrase = "Bad Request"
        return response


def _bad_request_page(status: int = 400) -> HttpResponse:
    """The bilingual 400 page (web's 400.html, also Django's for other bad requests): it is
    answered before the session and the user are known, so it stands on its own."""
    return HttpResponse(render_to_string("400.html"), status=status)


def rejected_input(request) -> list[RejectedValue]:
    """The values of this request refused at the edge, for the page's notice."""
    return list(getattr(request, "rejected_input", ()))


def _raw_value_problem(field: forms.Field, value) -> str | None:
    values = value if isinstance(value, (list, tuple)) else [value]
    multiline = isinstance(field.widget, forms.Textarea)
    for item in values:
        if isinstance(item, RejectedValue):
            return item.reason
        if isinstance(item, str):
            reason = control_character_problem(item, multiline=multiline)
            if reason:
                return reason
    return None


_original_clean_bound_field = None


def install_form_check() -> None:
    """Make every form field refuse control characters in its raw value (see above).

    Hooks into Field._clean_bound_field, through which BaseForm cleans every bound field
    (Django 5.x); start-up fails loudly if a Django upgrade removes it."""
    global _original_clean_bound_field
    if _original_clean_bound_field is not None:
        return
    original = forms.Field._clean_bound_field
    if not callable(original):  # pragma: no cover - a Django upgrade changed the forms
        raise RuntimeError("django.forms.Field._clean_bound_field is gone: update this hook")
    _original_clean_bound_field = original

    def _clean_bound_field(self, bf):
        if not self.disabled:
            reason = _raw_value_problem(self, bf.data)
            if reason:
                raise ValidationError(reason, code="control_character")
        return original(self, bf)

    forms.Field._clean_bound_field = _clean_bound_field
