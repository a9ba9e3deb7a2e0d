"""What the forum API returns, field by field (camelCase); also the OpenAPI schema.

Authors are named as the pages name them (full name and organisation), never by e-mail
address. Bodies come as the author's Markdown and as sanitised HTML.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from economie071.forum.models import Answer, Question, Topic
from economie071.forum.selectors import author_name


class _AuthorField(serializers.Field):
    def to_representation(self, value):
        return author_name(user=value)


_AuthorField = extend_schema_field(OpenApiTypes.STR)(_AuthorField)


class _HtmlField(serializers.Field):
    """The Markdown body as sanitised HTML (no scripts, no raw HTML), rendered when the
    post was saved."""

    def to_representation(self, value):
        return str(value)


_HtmlField = extend_schema_field(OpenApiTypes.STR)(_HtmlField)


class ForumTopicSerializer(serializers.ModelSerializer):
    pillar = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The pillar the topic belongs to (slug), if any.",
    )
    theme = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The theme the topic belongs to (slug), if any.",
    )
    locked = serializers.BooleanField(help_text="A locked topic takes no new posts.")
    questionCount = serializers.IntegerField(source="question_count", min_value=0)
    solvedCount = serializers.IntegerField(
        source="solved_count", min_value=0, help_text="Questions with an answer marked solution."
    )

    class Meta:
        model = Topic
        fields = [
            "slug",
            "name",
            "description",
            "pillar",
            "theme",
            "locked",
            "questionCount",
            "solvedCount",
        ]


class ForumAnswerSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(min_value=1)
    author = _AuthorField(help_text="The author's name (and organisation).")
    body = serializers.CharField(help_text="The answer as its author wrote it (Markdown).")
    bodyHtml = _HtmlField(source="body_html")
    createdAt = serializers.DateTimeField(source="created_at")
    editedAt = serializers.DateTimeField(
        source="edited_at", allow_null=True, help_text="When its author last edited it, if ever."
    )
    isSolution = serializers.SerializerMethodField()
    isExample = serializers.BooleanField(
        source="is_example", help_text="Example content of the demo, not a real answer."
    )

    class Meta:
        model = Answer
        fields = [
            "id",
            "author",
            "body",
            "bodyHtml",
            "createdAt",
            "editedAt",
            "isSolution",
            "isExample",
        ]

    def get_isSolution(self, answer) -> bool:  # noqa: N802 - the field's camelCase name
        return answer.pk == answer.question.accepted_answer_id


class ForumQuestionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(min_value=1)
    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = _AuthorField(help_text="The author's name (and organisation).")
    body = serializers.CharField(help_text="The question as its author wrote it (Markdown).")
    bodyHtml = _HtmlField(source="body_html")
    createdAt = serializers.DateTimeField(source="created_at")
    editedAt = serializers.DateTimeField(
        source="edited_at", allow_null=True, help_text="When its author last edited it, if ever."
    )
    lastActivityAt = serializers.DateTimeField(
        source="last_activity_at", help_text="When it was asked or last answered."
    )
    locked = serializers.BooleanField(help_text="A locked question takes no new answers.")
    solved = serializers.BooleanField(help_text="An answer has been marked as the solution.")
    acceptedAnswer = serializers.IntegerField(
        source="accepted_answer_id", allow_null=True, help_text="The id of the solution."
    )
    answerCount = serializers.IntegerField(source="answer_count", min_value=0)
    isExample = serializers.BooleanField(
        source="is_example", help_text="Example content of the demo, not a real question."
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "topic",
            "title",
            "author",
            "body",
            "bodyHtml",
            "createdAt",
            "editedAt",
            "lastActivityAt",
            "locked",
            "solved",
            "acceptedAnswer",
            "answerCount",
            "isExample",
        ]


class ForumQuestionDetailSerializer(ForumQuestionSerializer):
    answers = ForumAnswerSerializer(
        source="shown", many=True, help_text="The visible answers, oldest first."
    )

    class Meta(ForumQuestionSerializer.Meta):
        fields = [*ForumQuestionSerializer.Meta.fields, "answers"]
