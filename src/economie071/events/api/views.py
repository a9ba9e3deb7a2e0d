"""The events read API: published events with their programme and attendance figures."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from economie071.core.api.params import ParamErrors, param_value
from economie071.core.api.problems import problem_responses
from economie071.core.api.views import ProgrammeScoped
from economie071.events import permissions, selectors
from economie071.events.api.serializers import EventDetailSerializer, EventSerializer
from economie071.events.constants import EventKind
from economie071.events.models import Event

_BOOLEANS = {"true": True, "false": False}


def event_filters(params, programme) -> dict:
    """upcoming (true/false), kind, pillar (a slug); unknown values are a 400."""
    errors = ParamErrors()
    result = {
        "kind": param_value(params, "kind"),
        "pillar": param_value(params, "pillar"),
        "upcoming": None,
    }
    upcoming = param_value(params, "upcoming").lower()
    if upcoming:
        if upcoming in _BOOLEANS:
            result["upcoming"] = _BOOLEANS[upcoming]
        else:
            errors.add("upcoming", _("Use true or false."))
    if result["kind"] and result["kind"] not in EventKind.values:
        errors.add(
            "kind",
            _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
            % {"kind": result["kind"], "kinds": ", ".join(EventKind.values)},
        )
    if result["pillar"] and not programme.pillars.filter(slug=result["pillar"]).exists():
        errors.add("pillar", _("There is no pillar “%(slug)s”.") % {"slug": result["pillar"]})
    errors.raise_if_any()
    return result


@extend_schema(tags=["events"])
class EventViewSet(ProgrammeScoped, viewsets.GenericViewSet):
    """Published events: date, place, capacity, linked projects and pillars, the programme
    and attendance figures (no personal data)."""

    serializer_class = EventSerializer
    queryset = Event.objects.none()  # for the schema; the selectors do the reading
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="The programme's events",
        parameters=[
            OpenApiParameter(
                "upcoming",
                OpenApiTypes.BOOL,
                description="true: events not over yet (soonest first); false: past events "
                "(most recent first). Without it: all, most recent first.",
            ),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=EventKind.values, description="Only this kind."
            ),
            OpenApiParameter(
                "pillar", OpenApiTypes.STR, description="Only events in the pillar with this slug."
            ),
        ],
        responses={200: EventSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        filters = event_filters(request.query_params, self.programme)
        events = selectors.event_list(programme=self.programme, public_only=True, **filters)
        page = self.paginate_queryset(events.prefetch_related("projects"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One event, with its programme",
        responses={200: EventDetailSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        event = (
            selectors.event_by_slug(programme=self.programme, slug=slug) if self.programme else None
        )
        if event is None or not permissions.is_public(event):
            raise exceptions.NotFound(_("There is no event “%(slug)s”.") % {"slug": slug})
        return Response(EventDetailSerializer(event, context={"request": request}).data)
