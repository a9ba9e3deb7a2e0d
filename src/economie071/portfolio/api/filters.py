"""The query parameters of the projects and cards endpoints, read and checked by hand with
the API's shared helpers (economie071.core.api.params): each takes one value, and a value that
matches nothing is a 400 naming the parameter. Parameters the API does not know are ignored.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from economie071.core.api.params import ParamErrors, param_value
from economie071.portfolio.constants import Phase
from economie071.portfolio.models import Project, ReportingPeriod
from economie071.portfolio.selectors import ProjectFilters, period_by_label
from economie071.programme.models import Municipality, Organisation, Person, Programme

PHASE_NONE = "none"  # projects whose phase has not been recorded
INCLUDE_UNPUBLISHED = "unpublished"


def project_filters(params, programme: Programme) -> ProjectFilters:
    """pillar, theme, municipality, organisation, person (slugs) and phase (or 'none')."""
    errors = ParamErrors()
    filters = ProjectFilters(
        pillar=param_value(params, "pillar"),
        theme=param_value(params, "theme"),
        phase=param_value(params, "phase"),
        municipality=param_value(params, "municipality"),
        organisation=param_value(params, "organisation"),
        person=param_value(params, "person"),
    )
    known = {
        "pillar": programme.pillars.all(),
        "theme": programme.themes.all(),
        "municipality": Municipality.objects.filter(region_id=programme.region_id),
        "organisation": Organisation.objects.all(),
        "person": Person.objects.all(),
    }
    for name, queryset in known.items():
        slug = getattr(filters, name)
        if slug and not queryset.filter(slug=slug).exists():
            errors.add(name, _("There is no %(name)s “%(slug)s”.") % {"name": name, "slug": slug})
    if filters.phase and filters.phase not in [*Phase.values, PHASE_NONE]:
        errors.add(
            "phase",
            _("Unknown phase “%(phase)s”; use one of: %(phases)s.")
            % {"phase": filters.phase, "phases": ", ".join([*Phase.values, PHASE_NONE])},
        )
    errors.raise_if_any()
    return filters


@dataclass
class CardParams:
    include_unpublished: bool = False
    period: ReportingPeriod | None = None
    project: Project | None = None


def card_params(params, programme: Programme, *, lookups: bool = True) -> CardParams:
    """include=unpublished, and (for the list) period (like 2019-H2) and project (a slug)."""
    errors = ParamErrors()
    result = CardParams()
    include = param_value(params, "include")
    if include:
        if include == INCLUDE_UNPUBLISHED:
            result.include_unpublished = True
        else:
            errors.add(
                "include",
                _("Unknown value “%(value)s”; the only value is %(only)s.")
                % {"value": include, "only": INCLUDE_UNPUBLISHED},
            )
    if lookups:
        label = param_value(params, "period")
        if label:
            try:
                result.period = period_by_label(programme=programme, label=label)
            except ValueError as error:
                errors.add("period", str(error))
            else:
                if result.period is None:
                    errors.add(
                        "period",
                        _("Reporting period %(label)s has not been opened.") % {"label": label},
                    )
        slug = param_value(params, "project")
        if slug:
            result.project = programme.projects.filter(slug=slug).first()
            if result.project is None:
                errors.add("project", _("There is no project “%(slug)s”.") % {"slug": slug})
    errors.raise_if_any()
    return result
