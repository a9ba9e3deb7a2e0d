"""The forum's read API: topics, questions (filter by topic, search, solved) and one
question with its visible answers. Hidden posts are never part of it, whoever asks."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from economie071.core.api.problems import problem_responses
from economie071.core.programme import programme_current
from economie071.forum import selectors
from economie071.forum.api import serializers
from economie071.forum.constants import SEARCH_MAX_LENGTH
from economie071.forum.models import Question, Topic

_BOOLEANS = {"true": True, "false": False}


class _Scoped:
    @cached_property
    def programme(self):
        return programme_current()


@extend_schema(tags=["forum"])
class TopicViewSet(_Scoped, viewsets.GenericViewSet):
    """Forum071's topics, with how many questions each holds."""

    serializer_class = serializers.ForumTopicSerializer
    queryset = Topic.objects.none()  # for the schema; the selectors do the reading
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="Forum topics",
        responses={200: serializers.ForumTopicSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        page = self.paginate_queryset(selectors.topic_list(programme=self.programme))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One forum topic",
        responses={200: serializers.ForumTopicSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        topic = None
        if self.programme is not None:
            topic = selectors.topic_list(programme=self.programme).filter(slug=slug).first()
        if topic is None:
            raise exceptions.NotFound(_("There is no topic “%(slug)s”.") % {"slug": slug})
        return Response(self.get_serializer(topic).data)


@extend_schema(tags=["forum"])
class QuestionViewSet(_Scoped, viewsets.GenericViewSet):
    """Forum071's questions; hidden questions and answers are left out."""

    serializer_class = serializers.ForumQuestionSerializer
    queryset = Question.objects.none()
    lookup_value_regex = r"\d+"

    def _filters(self, params) -> dict:
        errors: dict[str, list[str]] = {}
        filters: dict = {}
        slug = params.get("topic", "").strip()
        if slug:
            filters["topic"] = selectors.topic_by_slug(programme=self.programme, slug=slug)
            if filters["topic"] is None:
                errors["topic"] = [_("There is no topic “%(slug)s”.") % {"slug": slug}]
        q = params.get("q", "").strip()
        if len(q) > SEARCH_MAX_LENGTH:
            errors["q"] = [_("Use at most %(max)d characters.") % {"max": SEARCH_MAX_LENGTH}]
        filters["q"] = q
        solved = params.get("solved", "").strip().lower()
        if solved:
            if solved not in _BOOLEANS:
                errors["solved"] = [_("Use true or false.")]
            else:
                filters["solved"] = _BOOLEANS[solved]
        if errors:
            raise exceptions.ValidationError(errors, code="invalid")
        return filters

    @extend_schema(
        summary="Forum questions",
        description=(
            "Newest activity first; with `q`, best match first. Hidden questions are left out."
        ),
        parameters=[
            OpenApiParameter("topic", OpenApiTypes.STR, description="Only this topic (slug)."),
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description=(
                    "Search the title, text and answers. On PostgreSQL Dutch full-text "
                    'search (word forms, "phrases", OR, -word); otherwise every word must '
                    "occur."
                ),
            ),
            OpenApiParameter(
                "solved",
                OpenApiTypes.BOOL,
                description="true: only questions with a solution; false: only without.",
            ),
        ],
        responses={
            200: serializers.ForumQuestionSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        questions = selectors.question_list(
            programme=self.programme, include_hidden=False, **self._filters(request.query_params)
        )
        page = self.paginate_queryset(questions)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One forum question with its answers",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: serializers.ForumQuestionDetailSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, pk: str):
        question = None
        if self.programme is not None:
            questions = selectors.question_list(programme=self.programme, include_hidden=False)
            question = selectors.questions_with_answers(
                questions=questions.filter(pk=int(pk))
            ).first()
        if question is None:
            raise exceptions.NotFound(_("There is no question %(id)s.") % {"id": pk})
        return Response(serializers.ForumQuestionDetailSerializer(question).data)
