"""Reads of the forum for views and the API. Hidden posts are left out unless the reader
may see them (moderators); the lists carry their counts so pages run a fixed number of
queries whatever their length.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db import connections
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from economie071.forum import permissions
from economie071.forum.constants import ReportState
from economie071.forum.models import AbuseReport, Answer, Follow, PostVersion, Question, Topic
from economie071.programme.models import Programme

# What a question or answer needs to show its author without further queries.
AUTHOR_RELATED = ("author", "author__person", "author__person__organisation")


def author_name(*, user: User | AnonymousUser | None) -> str:
    """How the forum names a user: full name (and organisation), never an e-mail address."""
    if user is None:
        return "—"
    name = user.get_full_name().strip() or user.get_username().split("@", 1)[0]
    person = getattr(user, "person", None)
    organisation = getattr(person, "organisation", None) if person is not None else None
    return f"{name} ({organisation.name})" if organisation is not None else name


# --- Search ----------------------------------------------------------------------------------


def search_questions(*, queryset: QuerySet, text: str) -> QuerySet:
    """Questions whose title, text or a visible answer match `text`, best matches first.

    The one place that chooses how: on PostgreSQL full-text search with the Dutch
    configuration (stemming: "bouwprojecten" finds "bouwproject"; the query is read as a
    web search: "quoted phrases", OR, -word); on other databases (SQLite) every word must
    occur, case-insensitively, in the title, the text or an answer.
    """
    text = " ".join((text or "").split())
    if not text:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        # django.contrib.postgres need not be in INSTALLED_APPS for these expressions
        # (only for the `__search` lookup, which is not used here).
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(text, search_type="websearch", config="dutch")
        vector = SearchVector("title", weight="A", config="dutch") + SearchVector(
            "body", weight="B", config="dutch"
        )
        in_answers = (
            Answer.objects.filter(hidden=False)
            .annotate(search=SearchVector("body", config="dutch"))
            .filter(search=query)
            .values("question_id")
        )
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(Q(search=query) | Q(pk__in=in_answers))
            .order_by("-rank", "-last_activity_at", "-id")
        )
    for word in text.split(" "):
        in_answers = Answer.objects.filter(hidden=False, body__icontains=word).values("question_id")
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(body__icontains=word) | Q(pk__in=in_answers)
        )
    return queryset


# --- Topics ----------------------------------------------------------------------------------


def topic_list(*, programme: Programme, user: User | AnonymousUser | None = None) -> QuerySet:
    """The programme's topics with the number of (visible) questions and solved ones."""
    visible = Q() if permissions.can_see_hidden(user) else Q(questions__hidden=False)
    return (
        Topic.objects.filter(programme=programme)
        .select_related("pillar", "theme")
        .annotate(
            question_count=Count("questions", filter=visible),
            solved_count=Count(
                "questions", filter=visible & Q(questions__accepted_answer__isnull=False)
            ),
        )
        .order_by("order", "name")
    )


def topic_by_slug(*, programme: Programme, slug: str) -> Topic | None:
    return (
        Topic.objects.filter(programme=programme, slug=slug)
        .select_related("pillar", "theme")
        .first()
    )


# --- Questions -------------------------------------------------------------------------------


def _answer_count():
    counts = (
        Answer.objects.filter(question=OuterRef("pk"), hidden=False)
        .order_by()
        .values("question")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def question_list(
    *,
    programme: Programme,
    user: User | AnonymousUser | None = None,
    topic: Topic | None = None,
    q: str = "",
    solved: bool | None = None,
    include_hidden: bool | None = None,
) -> QuerySet:
    """Questions, newest activity first (best match first when searching).

    Hidden questions are included only for readers who may see them, and only when not
    told otherwise (`include_hidden=False`: the public view, as in the API).
    """
    if include_hidden is None:
        include_hidden = permissions.can_see_hidden(user)
    questions = Question.objects.filter(topic__programme=programme)
    if not include_hidden:
        questions = questions.filter(hidden=False)
    if topic is not None:
        questions = questions.filter(topic=topic)
    if solved is not None:
        questions = questions.filter(accepted_answer__isnull=not solved)
    questions = questions.select_related("topic", *AUTHOR_RELATED).annotate(
        answer_count=_answer_count()
    )
    return search_questions(queryset=questions, text=q)


def recent_questions(
    *, programme: Programme, user: User | AnonymousUser | None = None, limit: int = 10
) -> list[Question]:
    return list(question_list(programme=programme, user=user)[:limit])


def question_detail(
    *, programme: Programme, pk: int, user: User | AnonymousUser | None = None
) -> Question | None:
    """The question if the reader may see it (a hidden one only for moderators)."""
    question = (
        Question.objects.filter(pk=pk, topic__programme=programme)
        .select_related("topic", "topic__pillar", "topic__theme", *AUTHOR_RELATED)
        .first()
    )
    if question is None or (question.hidden and not permissions.can_see_hidden(user)):
        return None
    return question


def question_answers(
    *,
    question: Question,
    user: User | AnonymousUser | None = None,
    include_hidden: bool | None = None,
) -> list[Answer]:
    """The answers, the solution first, then oldest first; hidden ones only for moderators."""
    if include_hidden is None:
        include_hidden = permissions.can_see_hidden(user)
    answers = question.answers.select_related(*AUTHOR_RELATED)
    if not include_hidden:
        answers = answers.filter(hidden=False)
    answers = list(answers)
    answers.sort(key=lambda a: (a.pk != question.accepted_answer_id, a.created_at, a.pk))
    return answers


def post_versions(*, question: Question) -> dict:
    """The earlier versions of a question and of its answers (hidden ones included), newest
    first, for moderators; the answers with versions in the order of the page."""
    versions = list(
        PostVersion.objects.filter(Q(question=question) | Q(answer__question=question))
        .select_related("replaced_by", "answer", "answer__author")
        .order_by("-replaced_at", "-id")
    )
    by_answer: dict[int, list[PostVersion]] = {}
    for version in versions:
        if version.answer_id:
            by_answer.setdefault(version.answer_id, []).append(version)
    answers = sorted(
        (group[0].answer for group in by_answer.values()), key=lambda a: (a.created_at, a.pk)
    )
    for answer in answers:
        answer.earlier_versions = by_answer[answer.pk]
    return {
        "question_versions": [v for v in versions if v.question_id],
        "answers_with_versions": answers,
    }


def questions_with_answers(*, questions: QuerySet, include_hidden: bool = False) -> QuerySet:
    """Prefetch each question's answers (visible ones unless told otherwise), for the API."""
    answers = Answer.objects.select_related(*AUTHOR_RELATED).order_by("created_at", "id")
    if not include_hidden:
        answers = answers.filter(hidden=False)
    return questions.prefetch_related(Prefetch("answers", queryset=answers, to_attr="shown"))


# --- Following -------------------------------------------------------------------------------


def follows_topic(*, user: User | AnonymousUser | None, topic: Topic) -> bool:
    if not permissions.is_logged_in(user):
        return False
    return Follow.objects.filter(user=user, topic=topic).exists()


def follows_question(*, user: User | AnonymousUser | None, question: Question) -> bool:
    if not permissions.is_logged_in(user):
        return False
    return Follow.objects.filter(user=user, question=question).exists()


# --- Moderation ------------------------------------------------------------------------------


def _reports() -> QuerySet:
    return AbuseReport.objects.select_related(
        "reporter",
        "handled_by",
        "question",
        "question__topic",
        "answer",
        "answer__question",
        "answer__question__topic",
    )


def open_reports() -> QuerySet:
    return _reports().filter(state=ReportState.OPEN).order_by("created_at", "id")


def handled_reports(*, limit: int = 20) -> list[AbuseReport]:
    return list(_reports().filter(state=ReportState.HANDLED).order_by("-handled_at", "-id")[:limit])


def report_by_pk(*, pk: int) -> AbuseReport | None:
    return _reports().filter(pk=pk).first()


def hidden_posts(*, programme: Programme) -> dict[str, list]:
    """What moderators have hidden, to review."""
    return {
        "questions": list(
            Question.objects.filter(topic__programme=programme, hidden=True)
            .select_related("topic")
            .order_by("-updated_at")
        ),
        "answers": list(
            Answer.objects.filter(question__topic__programme=programme, hidden=True)
            .select_related("question")
            .order_by("-updated_at")
        ),
    }
