"""The query parameters of the governance lists, checked by hand like the rest of the API:
each takes one value, and a value that matches nothing (a slug of nothing, a date that is
not a date) is a 400 whose invalidParams names the parameter, never an empty list that
looks like a real answer. Parameters the API does not know are ignored."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from economie071.core.api.params import ParamErrors, param_value
from economie071.governance.constants import ProposalStatus
from economie071.governance.models import Body
from economie071.portfolio.models import Project
from economie071.programme.models import Programme


def _body(params, programme: Programme, errors: ParamErrors) -> Body | None:
    slug = param_value(params, "body")
    if not slug:
        return None
    body = Body.objects.filter(programme=programme, slug=slug).first()
    if body is None:
        errors.add("body", _("There is no body “%(slug)s”.") % {"slug": slug})
    return body


def _project(params, programme: Programme, errors: ParamErrors) -> Project | None:
    slug = param_value(params, "project")
    if not slug:
        return None
    project = programme.projects.filter(slug=slug).first()
    if project is None:
        errors.add("project", _("There is no project “%(slug)s”.") % {"slug": slug})
    return project


# The dates a meeting filter takes. The selector turns a date into local midnight (and the
# day after it for `to`), which cannot be done at the very ends of the calendar (year 1,
# year 9999); no meeting of the programme lies outside these years anyway.
FIRST_DATE = datetime.date(1900, 1, 1)
LAST_DATE = datetime.date(2999, 12, 31)


def _date(params, name: str, errors: ParamErrors) -> datetime.date | None:
    raw = param_value(params, name)
    if not raw:
        return None
    try:
        value = datetime.date.fromisoformat(raw)
    except ValueError:
        errors.add(
            name, _("“%(value)s” is not a date; use YYYY-MM-DD, like 2019-12-04.") % {"value": raw}
        )
        return None
    if not FIRST_DATE <= value <= LAST_DATE:
        errors.add(
            name,
            _("Use a date from %(first)s to %(last)s.")
            % {"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()},
        )
        return None
    return value


@dataclass
class MeetingFilters:
    body: Body | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def meeting_filters(params, programme: Programme) -> MeetingFilters:
    """body (a slug), from and to (dates, both included)."""
    errors = ParamErrors()
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
    errors = ParamErrors()
    filters = DecisionFilters(body=_body(params, programme, errors))
    filters.project = _project(params, programme, errors)
    errors.raise_if_any()
    return filters


@dataclass
class ProposalFilters:
    project: Project | None = None
    body: Body | None = None
    status: str = ""


def proposal_filters(params, programme: Programme) -> ProposalFilters:
    """project and body (slugs) and status (one of ProposalStatus)."""
    errors = ParamErrors()
    filters = ProposalFilters(
        project=_project(params, programme, errors),
        body=_body(params, programme, errors),
        status=param_value(params, "status"),
    )
    if filters.status and filters.status not in ProposalStatus.values:
        errors.add(
            "status",
            _("Unknown status “%(status)s”; use one of: %(statuses)s.")
            % {"status": filters.status, "statuses": ", ".join(ProposalStatus.values)},
        )
    errors.raise_if_any()
    return filters
