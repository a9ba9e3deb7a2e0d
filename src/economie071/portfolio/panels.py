"""Panels that parts above the portfolio add to its pages, without the portfolio
importing them.

The project page shows the decisions taken about the project, and the reporting dashboard
warns when a steering group meets less often than agreed; both come from governance, which
builds on the portfolio. Governance registers a panel for each page in its
`AppConfig.ready()` (a template and a function that gives its context); the portfolio's
views ask `panels(...)` for them, rendered, and show them, in the order registered. A panel
only reads: it gets the page's objects and the user, and returns the context for its
template, or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

PROJECT_PAGE = "project"
DASHBOARD = "dashboard"


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict | None]


_registry: dict[str, list[Panel]] = {PROJECT_PAGE: [], DASHBOARD: []}


def register(page: str, *, template: str, context: Callable[..., dict | None]) -> None:
    """Add a panel to `page` (PROJECT_PAGE: called with project= and user=; DASHBOARD:
    with programme= and user=). Registering the same template twice changes nothing."""
    if any(panel.template == template for panel in _registry[page]):
        return
    _registry[page].append(Panel(template=template, context=context))


def panels(page: str, *, request, **objects) -> list[SafeString]:
    """The panels of `page`, rendered for this request, in the order registered."""
    rendered = []
    for panel in _registry[page]:
        context = panel.context(user=request.user, **objects)
        if context is not None:
            rendered.append(render_to_string(panel.template, context, request=request))
    return [mark_safe(html) for html in rendered]  # noqa: S308 - rendered by our templates
