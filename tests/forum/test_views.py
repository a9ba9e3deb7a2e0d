"""Forum pages: a visitor asks a question, who sees and may do what, clear errors, constant
query counts, sanitised Markdown and no e-mail addresses."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from economie071.forum import services
from economie071.forum.models import Answer, Question
from tests.factories import TEST_PASSWORD, UserFactory
from tests.forum.conftest import client_for

# --- A visitor asks a question ----------------------------------------------------------------


def test_a_visitor_logs_in_and_asks_a_question(client, topic, asker, plain_user):
    services.topic_follow(topic=topic, actor=plain_user)
    ask = f"/forum/vraag-stellen/?topic={topic.slug}"
    response = client.get(ask)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith("/inloggen/?next=")

    response = client.post(login_url, {"username": asker.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == ask

    form = client.get(ask)
    assert form.status_code == 200
    html = form.content.decode()
    assert f'<option value="{topic.pk}" selected>' in html

    response = client.post(
        ask,
        {"topic": topic.pk, "title": "Hoe hergebruik ik oude kozijnen?", "body": "Tekst *hier*"},
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/forum/vragen/{question.pk}/"
    assert question.author == asker

    page = client.get(response["Location"]).content.decode()
    assert "Hoe hergebruik ik oude kozijnen?" in page
    assert "<em>hier</em>" in page
    assert "Vera Vraag" in page


def test_the_followers_hear_of_a_question_asked_on_the_page(
    topic, asker, plain_user, django_capture_on_commit_callbacks
):
    services.topic_follow(topic=topic, actor=plain_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(asker).post(
            "/forum/vraag-stellen/",
            {"topic": topic.pk, "title": "Een vraag via de pagina", "body": "Tekst"},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[plain_user.email]]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "body": "x"}, "title", "Dit veld is vereist."),
        ({"title": "x" * 201, "body": "x"}, "title", "niet meer dan 200 tekens"),
        ({"title": "kort", "body": "x"}, "title", "minstens 5 tekens"),
        ({"title": "Een goede vraag", "body": "   "}, "body", "Dit veld is vereist."),
    ],
)
def test_bad_questions_show_a_clear_message_and_save_nothing(asker, topic, data, field, message):
    response = client_for(asker).post("/forum/vraag-stellen/", {"topic": topic.pk, **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}-error"' in html or f"id_{field}" in html
    assert 'class="error-summary"' in html
    assert not Question.objects.exists()


def test_a_locked_topic_is_not_offered_and_a_forged_post_is_refused(
    asker, topic, other_topic, moderator_user
):
    services.topic_lock(topic=topic, actor=moderator_user)
    client = client_for(asker)
    html = client.get("/forum/vraag-stellen/").content.decode()
    assert "Onderwijs en arbeidsmarkt" in html
    assert "Circulair bouwen" not in html
    response = client.post(
        "/forum/vraag-stellen/", {"topic": topic.pk, "title": "Een vraag", "body": "x"}
    )
    assert response.status_code == 200
    assert not Question.objects.exists()


# --- Answering on the page -------------------------------------------------------------------


def test_answering_on_the_page(question, answerer):
    client = client_for(answerer)
    response = client.post(f"/forum/vragen/{question.pk}/beantwoorden/", {"body": "Mijn tip"})
    answer = Answer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/forum/vragen/{question.pk}/#antwoord-{answer.pk}"


def test_an_empty_answer_shows_the_form_again(question, answerer):
    response = client_for(answerer).post(
        f"/forum/vragen/{question.pk}/beantwoorden/", {"body": "  "}
    )
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.content.decode()
    assert not Answer.objects.exists()


def test_a_locked_question_says_so_and_refuses_answers(question, answerer, moderator_user):
    services.question_lock(question=question, actor=moderator_user)
    client = client_for(answerer)
    html = client.get(f"/forum/vragen/{question.pk}/").content.decode()
    assert "Deze vraag is gesloten" in html
    assert 'name="body"' not in html
    response = client.post(
        f"/forum/vragen/{question.pk}/beantwoorden/", {"body": "Toch"}, follow=True
    )
    assert response.status_code == 200
    assert "Deze vraag is gesloten" in response.content.decode()
    assert not Answer.objects.exists()


def test_answering_a_hidden_question(question, answerer, moderator_user):
    services.question_hide(question=question, actor=moderator_user, reason="Reclame")
    url = f"/forum/vragen/{question.pk}/beantwoorden/"
    assert client_for(answerer).post(url, {"body": "Toch"}).status_code == 404
    response = client_for(moderator_user).post(url, {"body": "Toch"}, follow=True)
    assert response.status_code == 200
    assert "verborgen" in response.content.decode()
    assert not Answer.objects.exists()


def test_anonymous_posts_are_sent_to_login(client, question, answer):
    for url in [
        f"/forum/vragen/{question.pk}/beantwoorden/",
        f"/forum/vragen/{question.pk}/volgen/",
        f"/forum/antwoorden/{answer.pk}/oplossing/",
        f"/forum/vragen/{question.pk}/melden/",
    ]:
        response = client.post(url, {"body": "x", "reason": "x"})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/inloggen/"), url
    assert Answer.objects.count() == 1


# --- Permissions matrix -----------------------------------------------------------------------

# who: (sees the hidden question, may mark the solution, has the moderator tools)
MATRIX = {
    None: (False, False, False),
    "plain_user": (False, False, False),
    "steering_user": (False, False, False),
    "asker": (False, True, False),
    "moderator_user": (True, True, True),
    "office_user": (True, True, True),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_question_page_per_reader(request, who, question, answer):
    user = request.getfixturevalue(who) if who else None
    sees_hidden, accepts, moderates = MATRIX[who]
    client = client_for(user)
    html = client.get(f"/forum/vragen/{question.pk}/").content.decode()
    assert ("Markeer als oplossing" in html) is accepts
    assert ("Vraag verbergen" in html) is moderates
    assert ("Vraag sluiten" in html) is moderates

    accept = client.post(f"/forum/antwoorden/{answer.pk}/oplossing/")
    if user is None:
        assert accept.status_code == 302 and accept["Location"].startswith("/inloggen/")
    else:
        assert accept.status_code == (302 if accepts else 403)
    question.refresh_from_db()
    assert (question.accepted_answer_id == answer.pk) is accepts

    hide = client.post(f"/forum/vragen/{question.pk}/verbergen/", {"reason": "Reclame"})
    assert hide.status_code == (302 if moderates or user is None else 403)
    question.refresh_from_db()
    assert question.hidden is moderates

    if not moderates:
        services.question_hide(question=question, actor=None, reason="Test")
    page = client.get(f"/forum/vragen/{question.pk}/")
    assert page.status_code == (200 if sees_hidden else 404)
    if sees_hidden:
        assert "Reclame" in page.content.decode()  # the reason, for moderators


@pytest.mark.parametrize(
    ("who", "status"),
    [("plain_user", 403), ("asker", 403), ("moderator_user", 200), ("office_user", 200)],
)
def test_the_moderation_queue_is_for_moderators(request, who, status, question, plain_user):
    services.abuse_report(actor=plain_user, question=question, reason="Dit is spam")
    response = client_for(request.getfixturevalue(who)).get("/forum/moderatie/")
    assert response.status_code == status
    if status == 200:
        assert "Dit is spam" in response.content.decode()


def test_the_moderation_queue_sends_anonymous_to_login(client):
    assert client.get("/forum/moderatie/").status_code == 302


def test_a_report_round_trip(question, answer, plain_user, moderator_user):
    client = client_for(plain_user)
    form = client.get(f"/forum/antwoorden/{answer.pk}/melden/")
    assert form.status_code == 200
    empty = client.post(f"/forum/antwoorden/{answer.pk}/melden/", {"reason": ""})
    assert "Dit veld is vereist." in empty.content.decode()
    sent = client.post(f"/forum/antwoorden/{answer.pk}/melden/", {"reason": "Reclame"})
    assert sent.status_code == 302
    report = answer.reports.get()
    moderator = client_for(moderator_user)
    handled = moderator.post(f"/forum/meldingen/{report.pk}/afhandelen/", {"note": "Bekeken"})
    assert handled.status_code == 302
    report.refresh_from_db()
    assert report.state == "handled"
    html = moderator.get("/forum/moderatie/").content.decode()
    assert "Er zijn geen open meldingen." in html
    assert "Bekeken" in html


def test_a_hidden_answer_is_shown_only_to_moderators(question, answer, moderator_user, client):
    services.answer_hide(answer=answer, actor=moderator_user, reason="Scheldwoorden")
    assert "inventarisatie" not in client.get(f"/forum/vragen/{question.pk}/").content.decode()
    html = client_for(moderator_user).get(f"/forum/vragen/{question.pk}/").content.decode()
    assert "inventarisatie" in html
    assert "Scheldwoorden" in html


def test_lock_and_follow_buttons(question, topic, moderator_user, plain_user):
    moderator = client_for(moderator_user)
    moderator.post(f"/forum/vragen/{question.pk}/sluiten/", {"action": "lock"})
    question.refresh_from_db()
    assert question.locked
    moderator.post(f"/forum/vragen/{question.pk}/sluiten/", {"action": "unlock"})
    question.refresh_from_db()
    assert not question.locked
    moderator.post(f"/forum/onderwerpen/{topic.slug}/sluiten/", {"action": "lock"})
    topic.refresh_from_db()
    assert topic.locked
    html = client_for(plain_user).get(f"/forum/onderwerpen/{topic.slug}/").content.decode()
    assert "Dit onderwerp is gesloten" in html

    user = client_for(plain_user)
    user.post(f"/forum/onderwerpen/{topic.slug}/volgen/", {"action": "follow"})
    assert plain_user.forum_follows.filter(topic=topic).exists()
    html = user.get(f"/forum/onderwerpen/{topic.slug}/").content.decode()
    assert "Dit onderwerp niet meer volgen" in html
    user.post(f"/forum/onderwerpen/{topic.slug}/volgen/", {"action": "unfollow"})
    assert not plain_user.forum_follows.filter(topic=topic).exists()
    user.post(f"/forum/vragen/{question.pk}/volgen/", {"action": "follow"})
    assert plain_user.forum_follows.filter(question=question).exists()


def test_the_solution_is_shown_first(question, answer, asker, plain_user):
    later = services.answer_post(question=question, actor=plain_user, body="LATER ANTWOORD")
    services.answer_accept(answer=later, actor=asker)
    html = client_for(None).get(f"/forum/vragen/{question.pk}/").content.decode()
    assert html.index("LATER ANTWOORD") < html.index("inventarisatie")
    assert "Oplossing" in html


# --- Markdown, e-mail addresses, missing things ----------------------------------------------


def test_markdown_is_sanitised(topic, asker, answerer, client):
    question = services.question_ask(
        topic=topic,
        actor=asker,
        title="Een vraag met <script>alert(1)</script> erin",
        body='Hallo <script>alert("x")</script> <img src=x onerror="alert(2)"> '
        "[klik](javascript:alert(3)) **vet**",
    )
    services.answer_post(
        question=question, actor=answerer, body='<iframe src="https://example.org"></iframe>ok'
    )
    html = client.get(f"/forum/vragen/{question.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html  # the title is escaped text
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "<strong>vet</strong>" in html
    api = client.get(f"/api/v1/forum/questions/{question.pk}").json()
    assert "<script" not in api["bodyHtml"]
    assert "<iframe" not in api["answers"][0]["bodyHtml"]


def test_no_email_addresses_on_the_pages(topic, question, answer, plain_user, client):
    address = "iemand@example.org"
    user = UserFactory(username=address, first_name="", last_name="", email=address)
    services.answer_post(question=question, actor=user, body="Antwoord")
    for url in [
        "/forum/",
        f"/forum/onderwerpen/{topic.slug}/",
        f"/forum/vragen/{question.pk}/",
        "/forum/zoeken/?q=circulair",
    ]:
        html = client.get(url).content.decode()
        assert "@example.org" not in html, url
    assert "iemand" in client.get(f"/forum/vragen/{question.pk}/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/forum/onderwerpen/bestaat-niet/",
        "/forum/vragen/999999/",
        "/forum/vragen/99999999999999999999999/",
        "/forum/antwoorden/999999/melden/",
    ],
)
def test_missing_things_are_404(client, plain_user, topic, url):
    assert client_for(plain_user).get(url).status_code == 404


def test_get_on_post_only_urls_is_405(question, asker):
    assert client_for(asker).get(f"/forum/vragen/{question.pk}/volgen/").status_code == 405


def test_search_page_with_bad_input(client, topic, question):
    assert client.get("/forum/zoeken/?q=" + "x" * 500).status_code == 200
    assert client.get("/forum/zoeken/?topic=nee&solved=misschien&page=abc").status_code == 200
    html = client.get("/forum/zoeken/?q=slopen&topic=circulair-bouwen&solved=nee").content.decode()
    assert question.title in html


# --- Query counts ------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_questions(topic, count):
    for i in range(count):
        author = UserFactory()
        question = services.question_ask(
            topic=topic, actor=author, title=f"Vraag nummer {i} over slopen", body="Tekst"
        )
        answer = services.answer_post(question=question, actor=UserFactory(), body="Antwoord")
        services.answer_accept(answer=answer, actor=author)


@pytest.mark.parametrize("who", [None, "moderator_user"])
def test_query_counts_do_not_grow_with_the_content(request, who, topic, other_topic):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)
    _add_questions(topic, 2)
    question = Question.objects.first()
    urls = [
        "/forum/",
        f"/forum/onderwerpen/{topic.slug}/",
        "/forum/zoeken/?q=slopen",
        "/api/v1/forum/questions",
        "/api/v1/forum/topics",
    ]
    before = {url: _queries(client, url) for url in urls}
    before_question = _queries(client, f"/forum/vragen/{question.pk}/")
    _add_questions(topic, 5)
    for _i in range(4):
        services.answer_post(question=question, actor=UserFactory(), body="Nog een antwoord")
    after = {url: _queries(client, url) for url in urls}
    assert after == before
    assert _queries(client, f"/forum/vragen/{question.pk}/") == before_question


# --- Topics ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("plain_user", 403), ("moderator_user", 200)])
def test_new_topics_are_for_moderators(request, who, status, programme):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/forum/onderwerp-toevoegen/").status_code == status


def test_a_moderator_creates_a_topic(moderator_user, topic, pillar):
    client = client_for(moderator_user)
    taken = client.post("/forum/onderwerp-toevoegen/", {"name": "Nog een", "slug": topic.slug})
    assert "Korte naam: er is al een onderwerp" in taken.content.decode()
    response = client.post(
        "/forum/onderwerp-toevoegen/",
        {"name": "Starters", "slug": "starters", "pillar": pillar.pk, "description": "Voor u"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/forum/onderwerpen/starters/"
    assert topic.programme.forum_topics.get(slug="starters").pillar == pillar
