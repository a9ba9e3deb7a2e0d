"""The query parameters of the governance lists, checked by hand like the rest of the API:
each takes one value, and a value that matches nothing (a slug of nothing, a date that is
not a date) is a 400 whose invalidParams names the parameter, never an empty list that
looks like a real answer. Parameters the API does not know are ignored."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from economie071.governance.models import Body
from economie071.portfolio.models import Project
from economie071.programme.models import Programme


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, reason: str) -> None:
        self.errors.setdefault(name, []).append(reason)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors, code="invalid")


def _value(params, name: str) -> str:
    return params.get(name, "").strip()


def _body(params, programme: Programme, errors: _Errors) -> Body | None:
    slug = _value(params, "body")
    if not slug:
        return None
    body = Body.objects.filter(programme=programme, slug=slug).first()
    if body is None:
        errors.add("body", _("There is no body “%(slug)s”.") % {"slug": slug})
    return body


def _date(params, name: str, errors: _Errors) -> datetime.date | None:
    raw = _value(params, name)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors.add(
            name, _("“%(value)s” is not a date; use YYYY-MM-DD, like 2019-12-04.") % {"value": raw}
        )
        return None


@dataclass
class MeetingFilters:
    body: Body | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def meeting_filters(params, programme: Programme) -> MeetingFilters:
    """body (a slug), from and to (dates, both included)."""
    errors = _Errors()
    filters = MeetingFilters(
        body=_body(params, programme, errors),
        date_from=_date(params, "from", errors),
        date_to=_date(params, "to", errors),
    )
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        errors.add("to", _("The end date lies before the start date (from)."))
    errors.raise_if_any()
    return filters


@dataclass
class DecisionFilters:
    project: Project | None = None
    body: Body | None = None


def decision_filters(params, programme: Programme) -> DecisionFilters:
    """project and body (slugs)."""
    errors = _Errors()
    filters = DecisionFilters(body=_body(params, programme, errors))
    slug = _value(params, "project")
    if slug:
        filters.project = programme.projects.filter(slug=slug).first()
        if filters.project is None:
            errors.add("project", _("There is no project “%(slug)s”.") % {"slug": slug})
    errors.raise_if_any()
    return filters
