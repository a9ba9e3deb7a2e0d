"""The governance part of the read API: bodies, meetings, proposals, decisions and decision
trails.

The same rules as the pages (governance.permissions): bodies, meetings and trails are
public; of a meeting the public reads the published minutes and decisions only, while the
programme office and the body's members (logged in, session cookie) also read the agenda,
attendance, action items, documents and what is not published yet. A proposal is seen by
everyone once it has a published decision (its title, project, body, status, amount and
published decisions); the office, the body's members and the project's leader see all
proposals of their bodies and projects, with their text, budget implications, agenda
items, attachments and unpublished decisions. Parse the query, call a selector, serialize.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from economie071.core.api.params import slug_parameter
from economie071.core.api.problems import problem_responses
from economie071.core.api.views import ProgrammeScoped
from economie071.core.links import absolute_url
from economie071.governance import selectors
from economie071.governance.api import serializers
from economie071.governance.api.filters import (
    decision_filters,
    meeting_filters,
    proposal_filters,
)
from economie071.governance.constants import ProposalStatus
from economie071.governance.models import Body, Decision, DecisionTrail, Meeting, Proposal

TAG = "governance"


class _ListBase(ProgrammeScoped, viewsets.GenericViewSet):
    def _empty(self):
        return self.get_paginated_response(self.paginate_queryset([]))

    def _page(self, queryset):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=[TAG])
class BodyViewSet(_ListBase):
    """Steering groups and project boards, with their members over time."""

    serializer_class = serializers.BodySerializer
    queryset = Body.objects.none()  # for the schema; the selectors do the reading
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="Governance bodies",
        responses={200: serializers.BodySerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self._empty()
        return self._page(selectors.body_list(programme=self.programme))

    @extend_schema(
        summary="One governance body, with its members",
        responses={200: serializers.BodyDetailSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        body = (
            selectors.body_list(programme=self.programme).filter(slug=slug).first()
            if self.programme
            else None
        )
        if body is None:
            raise exceptions.NotFound(_("There is no body “%(slug)s”.") % {"slug": slug})
        body.members = selectors.body_memberships(body=body)
        body.calendar_url = absolute_url(reverse("governance:body_calendar", args=[body.slug]))
        return Response(serializers.BodyDetailSerializer(body).data)


@extend_schema(tags=[TAG])
class MeetingViewSet(_ListBase):
    """Meetings of the bodies. What is shown of a meeting depends on who asks."""

    serializer_class = serializers.MeetingSerializer
    queryset = Meeting.objects.none()
    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="Meetings",
        description="All meetings in date order (oldest first), cancelled ones included.",
        parameters=[
            slug_parameter("body", "Only the meetings of the body with this slug."),
            OpenApiParameter(
                "from",
                OpenApiTypes.DATE,
                description="Only meetings on or after this date (local time); 1900-01-01 "
                "to 2999-12-31.",
            ),
            OpenApiParameter(
                "to",
                OpenApiTypes.DATE,
                description="Only meetings on or before this date; 1900-01-01 to 2999-12-31.",
            ),
        ],
        responses={200: serializers.MeetingSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self._empty()
        filters = meeting_filters(request.query_params, self.programme)
        return self._page(
            selectors.meeting_list(
                programme=self.programme,
                body=filters.body,
                date_from=filters.date_from,
                date_to=filters.date_to,
            )
        )

    @extend_schema(
        summary="One meeting",
        description=(
            "Everyone reads the date, place, status, published minutes and published "
            "decisions. The programme office and the body's current members also read the "
            "agenda, attendance, action items, documents, and the minutes and decisions "
            "before publication; for others those fields are null."
        ),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: serializers.MeetingDetailSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, pk: str):
        meeting = selectors.meeting_detail(pk=int(pk))
        if (
            meeting is None
            or self.programme is None
            or (meeting.body.programme_id != self.programme.pk)
        ):
            raise exceptions.NotFound(_("There is no meeting %(id)s.") % {"id": pk})
        meeting = selectors.meeting_for_reader(meeting=meeting, user=request.user)
        data = serializers.MeetingDetailSerializer(meeting, context={"request": request}).data
        return Response(data)


@extend_schema(tags=[TAG])
class ProposalViewSet(_ListBase):
    """Proposals put to the bodies. What is shown of a proposal depends on who asks."""

    serializer_class = serializers.ProposalSerializer
    queryset = Proposal.objects.none()
    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="Proposals",
        description=(
            "Newest first. Everyone sees the proposals with a published decision; logged in, "
            "the programme office sees all, a body's members also the proposals to their "
            "body, and a project leader those of their project."
        ),
        parameters=[
            slug_parameter("project", "Only the proposals of the project with this slug."),
            slug_parameter("body", "Only the proposals to the body with this slug."),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=ProposalStatus.values,
                description="Only the proposals with this status.",
            ),
        ],
        responses={200: serializers.ProposalSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self._empty()
        filters = proposal_filters(request.query_params, self.programme)
        return self._page(
            selectors.proposal_list(
                programme=self.programme,
                user=request.user,
                project=filters.project,
                body=filters.body,
                status=filters.status,
            )
        )

    @extend_schema(
        summary="One proposal",
        description=(
            "A proposal you may see (see the list). The programme office, the body's current "
            "members and the project's leader also read its text, requested decision, budget "
            "implications, the agenda items it was on, its attachments (downloaded through "
            "the same permission check) and its unpublished decisions; for others those "
            "fields are null and decisions holds the published ones only. A proposal you may "
            "not see is a 404."
        ),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: serializers.ProposalDetailSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, pk: str):
        proposal = selectors.proposal_detail(pk=int(pk))
        if proposal is not None and (
            self.programme is None or proposal.project.programme_id != self.programme.pk
        ):
            proposal = None
        if proposal is not None:
            proposal = selectors.proposal_for_reader(proposal=proposal, user=request.user)
        if proposal is None:
            raise exceptions.NotFound(
                _("There is no proposal %(id)s, or you may not see it.") % {"id": pk}
            )
        data = serializers.ProposalDetailSerializer(proposal, context={"request": request}).data
        return Response(data)


@extend_schema(tags=[TAG])
class DecisionViewSet(_ListBase):
    """What the bodies decided on the proposals put to them."""

    serializer_class = serializers.DecisionSerializer
    queryset = Decision.objects.none()

    @extend_schema(
        summary="Decisions",
        description=(
            "Newest first. Everyone sees the published decisions; logged in, the programme "
            "office sees all, a body's members also those of their body that are not "
            "published yet, and a project leader those on their project's proposals "
            "(see `published`)."
        ),
        parameters=[
            slug_parameter("project", "Only decisions on proposals of the project with this slug."),
            slug_parameter("body", "Only decisions of the body with this slug."),
        ],
        responses={200: serializers.DecisionSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self._empty()
        filters = decision_filters(request.query_params, self.programme)
        return self._page(
            selectors.decision_list(
                programme=self.programme,
                user=request.user,
                project=filters.project,
                body=filters.body,
            )
        )


@extend_schema(tags=[TAG])
class TrailViewSet(_ListBase):
    """Regional decisions that each municipality takes in its own steps."""

    serializer_class = serializers.TrailSerializer
    queryset = DecisionTrail.objects.none()
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="Decision trails",
        responses={200: serializers.TrailSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self._empty()
        return self._page(selectors.trail_list_full(programme=self.programme))

    @extend_schema(
        summary="One decision trail, with its step × municipality matrix",
        responses={200: serializers.TrailDetailSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        trail = (
            selectors.trail_list_full(programme=self.programme).filter(slug=slug).first()
            if self.programme
            else None
        )
        if trail is None:
            raise exceptions.NotFound(_("There is no decision trail “%(slug)s”.") % {"slug": slug})
        trail.matrix = selectors.trail_matrix(trail=trail)
        return Response(serializers.TrailDetailSerializer(trail).data)
