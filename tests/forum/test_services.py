"""Forum services: who may do what, the locked and hidden rules, notifications, audit."""

import re

import pytest
from django.core import mail

from economie071.audit.models import AuditEntry
from economie071.forum import services
from economie071.forum.constants import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, ReportState
from economie071.forum.exceptions import ForumError, Locked, NotAllowed
from economie071.forum.models import AbuseReport, Answer, Follow, Question
from tests.factories import UserFactory


@pytest.fixture
def forum_counts(db):
    def count():
        return {
            model.__name__: model.objects.count()
            for model in (Question, Answer, Follow, AbuseReport, AuditEntry)
        }

    return count


def actions(target) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=target._meta.label_lower, object_id=str(target.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


# --- Asking ----------------------------------------------------------------------------------


def test_asking_writes_the_question_follows_it_and_audits(topic, asker):
    question = services.question_ask(
        topic=topic, actor=asker, title="  Een   vraag over hout ", body=" Tekst "
    )
    assert question.title == "Een vraag over hout"
    assert question.body == "Tekst"
    assert question.author == asker
    assert Follow.objects.filter(user=asker, question=question).exists()
    assert actions(question) == ["forum.question.asked"]


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "tekst", "title"),
        ("   ", "tekst", "title"),
        ("kort", "tekst", "title"),
        ("x" * (TITLE_MAX_LENGTH + 1), "tekst", "title"),
        ("Een goede titel", "", "body"),
        ("Een goede titel", "   \n ", "body"),
        ("Een goede titel", "x" * (BODY_MAX_LENGTH + 1), "body"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(
    topic, asker, forum_counts, title, body, field
):
    before = forum_counts()
    with pytest.raises(ForumError) as error:
        services.question_ask(topic=topic, actor=asker, title=title, body=body)
    assert error.value.code == field
    assert forum_counts() == before


def test_anonymous_cannot_ask(topic, anonymous_user, forum_counts):
    before = forum_counts()
    with pytest.raises(NotAllowed):
        services.question_ask(topic=topic, actor=anonymous_user, title="Een vraag", body="x")
    with pytest.raises(NotAllowed):
        services.question_ask(topic=topic, actor=None, title="Een vraag", body="x")
    assert forum_counts() == before


def test_an_inactive_user_cannot_ask(topic):
    user = UserFactory(is_active=False)
    with pytest.raises(NotAllowed):
        services.question_ask(topic=topic, actor=user, title="Een vraag", body="x")


def test_a_locked_topic_takes_no_questions(topic, asker, forum_counts):
    services.topic_lock(topic=topic, actor=None)
    topic.refresh_from_db()
    before = forum_counts()
    with pytest.raises(Locked, match="gesloten"):
        services.question_ask(topic=topic, actor=asker, title="Een vraag", body="x")
    assert forum_counts() == before


# --- Answering -------------------------------------------------------------------------------


def test_answering_updates_the_question_activity(question, answerer):
    before = question.last_activity_at
    answer = services.answer_post(question=question, actor=answerer, body="Antwoord")
    question.refresh_from_db()
    assert question.last_activity_at == answer.created_at >= before
    assert actions(answer) == ["forum.answer.posted"]


def test_a_locked_question_takes_no_answers(question, answerer, moderator_user, forum_counts):
    services.question_lock(question=question, actor=moderator_user)
    assert actions(question)[-1] == "forum.question.locked"
    before = forum_counts()
    with pytest.raises(Locked, match="Deze vraag is gesloten"):
        services.answer_post(question=question, actor=answerer, body="Antwoord")
    assert forum_counts() == before
    services.question_unlock(question=question, actor=moderator_user)
    services.answer_post(question=question, actor=answerer, body="Antwoord")


def test_a_locked_topic_takes_no_answers(question, answerer, moderator_user):
    services.topic_lock(topic=question.topic, actor=moderator_user)
    with pytest.raises(Locked, match="Circulair bouwen"):
        services.answer_post(question=question, actor=answerer, body="Antwoord")
    services.topic_unlock(topic=question.topic, actor=moderator_user)
    services.answer_post(question=question, actor=answerer, body="Antwoord")
    assert actions(question.topic)[-2:] == ["forum.topic.locked", "forum.topic.unlocked"]


def test_a_hidden_question_takes_no_answers(question, answerer, moderator_user):
    services.question_hide(question=question, actor=moderator_user, reason="Reclame")
    with pytest.raises(Locked, match="verborgen"):
        services.answer_post(question=question, actor=answerer, body="Antwoord")
    # Even from the moderator: a question that is hidden is closed.
    with pytest.raises(Locked):
        services.answer_post(question=question, actor=moderator_user, body="Antwoord")


def test_an_empty_answer_is_refused(question, answerer):
    with pytest.raises(ForumError) as error:
        services.answer_post(question=question, actor=answerer, body="  ")
    assert error.value.code == "body"


# --- Accepting -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["asker", "moderator_user", "office_user"])
def test_the_author_or_a_moderator_marks_the_solution(request, who, question, answer):
    user = request.getfixturevalue(who)
    services.answer_accept(answer=answer, actor=user)
    question.refresh_from_db()
    assert question.accepted_answer == answer
    assert question.solved
    assert actions(answer)[-1] == "forum.answer.accepted"


@pytest.mark.parametrize("who", ["answerer", "plain_user", "anonymous_user", "steering_user"])
def test_others_cannot_mark_the_solution(request, who, question, answer, forum_counts):
    user = request.getfixturevalue(who)
    before = forum_counts()
    with pytest.raises(NotAllowed):
        services.answer_accept(answer=answer, actor=user)
    question.refresh_from_db()
    assert question.accepted_answer is None
    assert forum_counts() == before


def test_accepting_another_answer_replaces_the_solution(question, answer, asker, plain_user):
    second = services.answer_post(question=question, actor=plain_user, body="Beter antwoord")
    services.answer_accept(answer=answer, actor=asker)
    services.answer_accept(answer=second, actor=asker)
    question.refresh_from_db()
    assert question.accepted_answer == second
    services.answer_unaccept(question=question, actor=asker)
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_a_hidden_answer_cannot_be_the_solution(question, answer, asker, moderator_user):
    services.answer_hide(answer=answer, actor=moderator_user, reason="Scheldwoorden")
    answer.refresh_from_db()
    with pytest.raises(ForumError, match="verborgen antwoord"):
        services.answer_accept(answer=answer, actor=asker)


def test_hiding_the_solution_takes_the_mark_away(question, answer, asker, moderator_user):
    services.answer_accept(answer=answer, actor=asker)
    services.answer_hide(answer=answer, actor=moderator_user, reason="Onjuist advies")
    question.refresh_from_db()
    assert question.accepted_answer is None
    entry = AuditEntry.objects.get(action="forum.answer.hidden")
    assert entry.data == {"reason": "Onjuist advies", "was_solution": True}


# --- Moderation ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["asker", "plain_user", "anonymous_user", "steering_user"])
def test_only_moderators_moderate(request, who, question, answer, forum_counts):
    user = request.getfixturevalue(who)
    before = forum_counts()
    calls = [
        lambda: services.question_hide(question=question, actor=user, reason="x"),
        lambda: services.question_unhide(question=question, actor=user),
        lambda: services.question_lock(question=question, actor=user),
        lambda: services.question_unlock(question=question, actor=user),
        lambda: services.answer_hide(answer=answer, actor=user, reason="x"),
        lambda: services.answer_unhide(answer=answer, actor=user),
        lambda: services.topic_lock(topic=question.topic, actor=user),
        lambda: services.topic_unlock(topic=question.topic, actor=user),
    ]
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
    assert forum_counts() == before


@pytest.mark.parametrize("who", ["moderator_user", "office_user"])
def test_moderators_and_the_office_hide_and_show_with_a_reason(request, who, question, answer):
    user = request.getfixturevalue(who)
    services.question_hide(question=question, actor=user, reason="Persoonsgegevens")
    question.refresh_from_db()
    assert question.hidden and question.hidden_reason == "Persoonsgegevens"
    services.question_unhide(question=question, actor=user)
    question.refresh_from_db()
    assert not question.hidden and question.hidden_reason == ""
    services.answer_hide(answer=answer, actor=user, reason="Reclame")
    services.answer_unhide(answer=answer, actor=user)
    assert actions(question)[-2:] == ["forum.question.hidden", "forum.question.shown"]
    assert actions(answer)[-2:] == ["forum.answer.hidden", "forum.answer.shown"]


def test_hiding_needs_a_reason(question, moderator_user, forum_counts):
    before = forum_counts()
    with pytest.raises(ForumError) as error:
        services.question_hide(question=question, actor=moderator_user, reason="  ")
    assert error.value.code == "reason"
    assert forum_counts() == before


def test_hiding_twice_is_refused(question, moderator_user):
    services.question_hide(question=question, actor=moderator_user, reason="Reclame")
    with pytest.raises(ForumError, match="al verborgen"):
        services.question_hide(question=question, actor=moderator_user, reason="Nog eens")


# --- Reports ---------------------------------------------------------------------------------


def test_any_logged_in_user_reports_once(question, answer, plain_user):
    report = services.abuse_report(actor=plain_user, question=question, reason="Reclame")
    assert report.state == ReportState.OPEN
    assert actions(report) == ["forum.report.filed"]
    with pytest.raises(ForumError, match="al gemeld"):
        services.abuse_report(actor=plain_user, question=question, reason="Nog eens")
    services.abuse_report(actor=plain_user, answer=answer, reason="Ook reclame")
    assert AbuseReport.objects.count() == 2


def test_a_report_needs_a_reason_a_target_and_a_login(question, plain_user, anonymous_user):
    with pytest.raises(ForumError) as error:
        services.abuse_report(actor=plain_user, question=question, reason="")
    assert error.value.code == "reason"
    with pytest.raises(ForumError):
        services.abuse_report(actor=plain_user, reason="Reclame")
    with pytest.raises(NotAllowed):
        services.abuse_report(actor=anonymous_user, question=question, reason="Reclame")
    assert not AbuseReport.objects.exists()


def test_moderators_handle_reports(question, plain_user, moderator_user, asker):
    report = services.abuse_report(actor=plain_user, question=question, reason="Reclame")
    with pytest.raises(NotAllowed):
        services.report_handle(report=report, actor=asker)
    services.report_handle(report=report, actor=moderator_user, note="Verborgen")
    report.refresh_from_db()
    assert report.state == ReportState.HANDLED
    assert report.handled_by == moderator_user
    assert report.handled_at is not None
    assert actions(report) == ["forum.report.filed", "forum.report.handled"]
    with pytest.raises(ForumError, match="al afgehandeld"):
        services.report_handle(report=report, actor=moderator_user)


# --- Following and notifications ------------------------------------------------------------


def test_following_is_idempotent_and_audited(topic, plain_user):
    first = services.topic_follow(topic=topic, actor=plain_user)
    assert services.topic_follow(topic=topic, actor=plain_user) == first
    assert Follow.objects.filter(user=plain_user).count() == 1
    services.topic_unfollow(topic=topic, actor=plain_user)
    services.topic_unfollow(topic=topic, actor=plain_user)
    assert not Follow.objects.filter(user=plain_user).exists()
    assert AuditEntry.objects.filter(action__startswith="forum.follow.").count() == 2


def test_a_new_question_mails_the_topic_followers_but_not_the_author(
    topic, other_topic, asker, plain_user, steering_user, django_capture_on_commit_callbacks
):
    services.topic_follow(topic=topic, actor=plain_user)
    services.topic_follow(topic=topic, actor=asker)  # the author follows the topic too
    services.topic_follow(topic=other_topic, actor=steering_user)  # another topic
    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(topic=topic, actor=asker, title="Een nieuwe vraag", body="Tekst")
    assert [message.to for message in mail.outbox] == [[plain_user.email]]
    message = mail.outbox[0]
    assert "Circulair bouwen" in message.subject
    assert "Een nieuwe vraag" in message.body
    assert "/forum/afmelden/" in message.body
    assert "/forum/afmelden/" in message.extra_headers["List-Unsubscribe"]
    assert asker.email not in message.body


def test_a_new_answer_mails_the_question_followers_but_not_the_answerer(
    question, asker, answerer, plain_user, django_capture_on_commit_callbacks
):
    services.question_follow(question=question, actor=plain_user)
    services.question_follow(question=question, actor=answerer)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_post(question=question, actor=answerer, body="Mijn antwoord")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([asker.email, plain_user.email])  # the asker follows it
    assert all(question.title in message.subject for message in mail.outbox)


def test_no_mail_when_nobody_else_follows(question, asker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_post(question=question, actor=asker, body="Ik heb het zelf gevonden")
    assert mail.outbox == []


def test_no_mail_before_commit_or_when_refused(
    question, answerer, moderator_user, django_capture_on_commit_callbacks
):
    services.question_lock(question=question, actor=moderator_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Locked):
        services.answer_post(question=question, actor=answerer, body="Antwoord")
    assert callbacks == []
    assert mail.outbox == []


def test_the_unsubscribe_link_stops_the_follow(
    topic, asker, plain_user, client, django_capture_on_commit_callbacks
):
    services.topic_follow(topic=topic, actor=plain_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(topic=topic, actor=asker, title="Een nieuwe vraag", body="Tekst")
    link = re.search(r"https?://\S+/forum/afmelden/\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)  # a GET only asks (mail scanners open links)
    assert page.status_code == 200
    assert Follow.objects.filter(user=plain_user, topic=topic).exists()
    assert "Circulair bouwen" in page.content.decode()
    done = client.post(path)
    assert done.status_code == 200
    assert not Follow.objects.filter(user=plain_user, topic=topic).exists()
    assert client.post(path).status_code == 200  # twice: already done, no error
    entry = AuditEntry.objects.filter(action="forum.follow.stopped").get()
    assert entry.actor == plain_user


def test_a_forged_unsubscribe_link_is_refused(client, topic, plain_user):
    follow = services.topic_follow(topic=topic, actor=plain_user)
    token = services.unsubscribe_token(follow)
    response = client.post(f"/forum/afmelden/{token[:-2]}xx/")
    assert response.status_code == 400
    assert Follow.objects.filter(pk=follow.pk).exists()
