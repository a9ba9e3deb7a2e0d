"""The forum's read API: topics, questions with filters, one question with its visible
answers; problems for bad parameters; no hidden posts and no e-mail addresses."""

import pytest

from economie071.forum import services


@pytest.fixture
def solved(question, answer, asker):
    services.answer_accept(answer=answer, actor=asker)
    return question


def test_topics(client, topic, other_topic, question):
    response = client.get("/api/v1/forum/topics")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    first = data["results"][0]
    assert first == {
        "slug": "circulair-bouwen",
        "name": "Circulair bouwen",
        "description": "Kennis over circulaire sloop en bouw.",
        "pillar": None,
        "theme": "circulaire-economie",
        "locked": False,
        "questionCount": 1,
        "solvedCount": 0,
    }
    assert client.get("/api/v1/forum/topics/onderwijs-arbeidsmarkt").json()["pillar"] == (
        "verbinden"
    )
    missing = client.get("/api/v1/forum/topics/bestaat-niet")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_questions_and_filters(client, solved, answer, topic, other_topic, asker):
    open_question = services.question_ask(
        topic=other_topic, actor=asker, title="Stages in de techniek", body="Wie?"
    )
    data = client.get("/api/v1/forum/questions").json()
    assert data["count"] == 2
    assert data["results"][0]["id"] == open_question.pk  # newest activity first
    entry = next(r for r in data["results"] if r["id"] == solved.pk)
    assert entry["topic"] == "circulair-bouwen"
    assert entry["author"] == "Vera Vraag"
    assert entry["solved"] is True
    assert entry["answerCount"] == 1
    assert entry["acceptedAnswer"] == answer.pk
    assert entry["bodyHtml"] == (
        "<p>We verbouwen ons pand en willen <strong>materialen hergebruiken</strong>.</p>"
    )

    def ids(query):
        return [r["id"] for r in client.get(f"/api/v1/forum/questions?{query}").json()["results"]]

    assert ids("topic=onderwijs-arbeidsmarkt") == [open_question.pk]
    assert ids("solved=true") == [solved.pk]
    assert ids("solved=false") == [open_question.pk]
    assert ids("q=slopen") == [solved.pk]
    assert ids("q=techniek&solved=false") == [open_question.pk]


@pytest.mark.parametrize(
    ("query", "name"),
    [("topic=bestaat-niet", "topic"), ("solved=misschien", "solved"), ("q=" + "x" * 201, "q")],
)
def test_bad_parameters_are_problems(client, question, query, name):
    response = client.get(f"/api/v1/forum/questions?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


def test_one_question_with_its_visible_answers(client, solved, answer, moderator_user, plain_user):
    hidden = services.answer_post(question=solved, actor=plain_user, body="VERBORGEN")
    services.answer_hide(answer=hidden, actor=moderator_user, reason="Reclame")
    data = client.get(f"/api/v1/forum/questions/{solved.pk}").json()
    assert [a["id"] for a in data["answers"]] == [answer.pk]
    assert data["answers"][0]["isSolution"] is True
    assert data["answers"][0]["author"] == "Anton Woord"
    assert "VERBORGEN" not in str(data)


@pytest.mark.parametrize("who", [None, "moderator_user"])
def test_hidden_questions_are_not_in_the_api_for_anyone(
    request, client, question, moderator_user, who
):
    services.question_hide(question=question, actor=moderator_user, reason="Reclame")
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get("/api/v1/forum/questions").json()["count"] == 0
    assert client.get(f"/api/v1/forum/questions/{question.pk}").status_code == 404
    assert client.get("/api/v1/forum/topics").json()["results"][0]["questionCount"] == 0


def test_no_email_addresses(client, solved, asker, answerer):
    text = client.get("/api/v1/forum/questions").content.decode()
    text += client.get(f"/api/v1/forum/questions/{solved.pk}").content.decode()
    assert "@" not in text
    assert asker.email not in text and answerer.email not in text


def test_missing_question(client, topic):
    assert client.get("/api/v1/forum/questions/12345").status_code == 404
    assert client.get("/api/v1/forum/questions/99999999999999999999999").status_code == 404
    assert client.get("/api/v1/forum/questions/abc").status_code == 404
