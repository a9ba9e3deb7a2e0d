"""Authors edit their own posts: the earlier version is kept for moderators, the post says
when it was edited, and an edit never brings back a hidden post. New posts are rate
limited per author, and a refused post comes back in its form."""

import pytest
from django.test import override_settings

from economie071.audit.models import AuditEntry
from economie071.forum import services
from economie071.forum.exceptions import Locked, NotAllowed, RateLimited
from economie071.forum.models import Answer, PostVersion, Question
from tests.forum.conftest import client_for

# --- Editing -------------------------------------------------------------------------------------


def test_the_author_edits_their_question_and_the_page_says_edited(question, asker, answerer):
    url = f"/forum/vragen/{question.pk}/bewerken/"
    form = client_for(asker).get(url)
    assert form.status_code == 200
    assert "materialen hergebruiken" in form.content.decode()

    response = client_for(asker).post(
        url, {"title": "Wie heeft ervaring met circulair slopen in Leiden?", "body": "Nu *nieuw*."}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Wie heeft ervaring met circulair slopen in Leiden?"
    assert "<em>nieuw</em>" in str(question.body_html)
    assert question.edited_at is not None

    version = PostVersion.objects.get(question=question)
    assert version.title == "Wie heeft ervaring met circulair slopen?"
    assert "<strong>materialen hergebruiken</strong>" in str(version.body_html)
    assert version.replaced_by == asker
    assert AuditEntry.objects.filter(action="forum.question.edited").count() == 1

    # A reader sees that it was edited, and only the new text.
    page = client_for(answerer).get(f"/forum/vragen/{question.pk}/").content.decode()
    assert "bewerkt" in page
    assert "<em>nieuw</em>" in page
    assert "materialen hergebruiken" not in page
    assert f"/forum/vragen/{question.pk}/versies/" not in page


def test_the_author_edits_their_answer(question, answer, answerer):
    response = client_for(answerer).post(
        f"/forum/antwoorden/{answer.pk}/bewerken/", {"body": "Begin met een **materialenlijst**."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/forum/vragen/{question.pk}/#antwoord-{answer.pk}"
    answer.refresh_from_db()
    assert "<strong>materialenlijst</strong>" in str(answer.body_html)
    assert answer.edited_at is not None
    assert PostVersion.objects.get(answer=answer).body == (
        "Maak eerst een inventarisatie van materialen."
    )


def test_an_unchanged_text_is_no_edit(question, asker):
    services.question_edit(question=question, actor=asker, title=question.title, body=question.body)
    question.refresh_from_db()
    assert question.edited_at is None
    assert not PostVersion.objects.exists()


@pytest.mark.parametrize("who", ["other", "moderator", "anonymous"])
def test_nobody_else_edits_a_post(who, question, answer, plain_user, moderator_user):
    user = {"other": plain_user, "moderator": moderator_user, "anonymous": None}[who]
    client = client_for(user)
    urls = (f"/forum/vragen/{question.pk}/bewerken/", f"/forum/antwoorden/{answer.pk}/bewerken/")
    for url in urls:
        response = client.post(url, {"title": "Een andere titel hier", "body": "Overschreven"})
        if user is None:
            assert response.status_code == 302
            assert response["Location"].startswith("/inloggen/")
        else:
            assert response.status_code == 403
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.body.startswith("We verbouwen")
    assert answer.body.startswith("Maak eerst")
    assert not PostVersion.objects.exists()
    if user is not None:
        with pytest.raises(NotAllowed):
            services.answer_edit(answer=answer, actor=user, body="Overschreven")


def test_a_hidden_post_cannot_be_edited_back_into_view(
    question, answer, asker, answerer, moderator_user
):
    services.answer_hide(answer=answer, actor=moderator_user, reason="Reclame")
    response = client_for(answerer).post(
        f"/forum/antwoorden/{answer.pk}/bewerken/", {"body": "Nette tekst nu"}
    )
    assert response.status_code == 404  # a hidden answer does not exist for its author
    with pytest.raises(Locked):
        services.answer_edit(answer=answer, actor=answerer, body="Nette tekst nu")
    answer.refresh_from_db()
    assert answer.hidden and answer.body.startswith("Maak eerst")

    services.question_hide(question=question, actor=moderator_user, reason="Persoonsgegevens")
    with pytest.raises(Locked):
        services.question_edit(
            question=question, actor=asker, title="Een nette titel", body="Zonder gegevens"
        )
    question.refresh_from_db()
    assert question.hidden and question.edited_at is None


def test_a_locked_question_cannot_be_edited(question, asker, moderator_user):
    services.question_lock(question=question, actor=moderator_user)
    page = client_for(asker).get(f"/forum/vragen/{question.pk}/").content.decode()
    assert f"/forum/vragen/{question.pk}/bewerken/" not in page
    response = client_for(asker).post(
        f"/forum/vragen/{question.pk}/bewerken/", {"title": "Andere titel", "body": "Anders"}
    )
    assert response.status_code == 403


def test_only_moderators_see_the_earlier_versions(
    question, answer, asker, answerer, plain_user, moderator_user
):
    services.question_edit(question=question, actor=asker, title=question.title, body="Versie 2")
    services.answer_edit(answer=answer, actor=answerer, body="Antwoord versie 2")
    url = f"/forum/vragen/{question.pk}/versies/"

    page = client_for(moderator_user).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>materialen hergebruiken</strong>" in html
    assert "Maak eerst een inventarisatie van materialen." in html
    assert url in client_for(moderator_user).get(f"/forum/vragen/{question.pk}/").content.decode()

    for user in (asker, answerer, plain_user):
        assert client_for(user).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    # The API shows the current text and when it was edited, never the earlier one.
    data = client_for(None).get(f"/api/v1/forum/questions/{question.pk}").json()
    assert data["body"] == "Versie 2" and data["editedAt"]
    assert data["answers"][0]["editedAt"]
    assert "materialen hergebruiken" not in str(data)


# --- Rate limit ----------------------------------------------------------------------------------


@override_settings(
    THROTTLE_LIMITS={"forum.post.user": (2, 600), "forum.post.user.day": (10, 86400)}
)
def test_the_rate_limit_refuses_the_next_question_and_keeps_the_text(topic, asker):
    client = client_for(asker)
    for n in range(2):
        response = client.post(
            "/forum/vraag-stellen/",
            {"topic": topic.pk, "title": f"Vraag nummer {n} hier", "body": "Tekst"},
        )
        assert response.status_code == 302
    response = client.post(
        "/forum/vraag-stellen/",
        {"topic": topic.pk, "title": "Mijn derde vraag", "body": "Een lange uitleg die blijft."},
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "10 minuten" in html
    assert "Mijn derde vraag" in html
    assert "Een lange uitleg die blijft." in html
    assert Question.objects.count() == 2


@override_settings(THROTTLE_LIMITS={"forum.post.user": (5, 600), "forum.post.user.day": (2, 86400)})
def test_questions_and_answers_count_together_per_author(question, asker, answerer):
    # The fixture's question is the asker's first post; one answer makes two for the day.
    services.answer_post(question=question, actor=asker, body="Aanvulling")
    response = client_for(asker).post(
        f"/forum/vragen/{question.pk}/beantwoorden/", {"body": "Nog een aanvulling van mij"}
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "24 uur" in html
    assert "Nog een aanvulling van mij" in html
    assert Answer.objects.filter(author=asker).count() == 1
    with pytest.raises(RateLimited):
        services.answer_post(question=question, actor=asker, body="En nog een")
    # Someone else is not limited by the asker's posts.
    services.answer_post(question=question, actor=answerer, body="Mijn antwoord")
