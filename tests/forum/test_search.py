"""Search: one selector, two ways. The suite runs on SQLite and on PostgreSQL (CI runs
both), so every test here runs on the database of the run; the vendor-specific ones say so.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from economie071.forum import selectors, services

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search with the Dutch configuration"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the icontains fallback")


@pytest.fixture
def questions(topic, other_topic, asker, answerer):
    wood = services.question_ask(
        topic=topic,
        actor=asker,
        title="Hergebruik van houten kozijnen",
        body="Wie neemt oude kozijnen af bij de sloop van een kantoorpand?",
    )
    internships = services.question_ask(
        topic=other_topic,
        actor=asker,
        title="Stageplaatsen voor mbo-studenten",
        body="Wij zoeken studenten techniek voor een stage.",
    )
    services.answer_post(
        question=internships, actor=answerer, body="Vraag het de Kenniskring van mboRijnland."
    )
    return {"wood": wood, "internships": internships}


def found(programme, text, user=None, **filters):
    return {
        q.title for q in selectors.question_list(programme=programme, user=user, q=text, **filters)
    }


def test_a_word_in_the_title_or_text(programme, questions):
    assert found(programme, "kozijnen") == {"Hergebruik van houten kozijnen"}
    assert found(programme, "stage") == {"Stageplaatsen voor mbo-studenten"}


def test_a_word_in_an_answer_finds_the_question(programme, questions):
    assert found(programme, "Kenniskring") == {"Stageplaatsen voor mbo-studenten"}


def test_every_word_must_match(programme, questions):
    assert found(programme, "kozijnen sloop") == {"Hergebruik van houten kozijnen"}
    assert found(programme, "kozijnen studenten") == set()


def test_nothing_found(programme, questions):
    assert found(programme, "fietsenstalling") == set()


def test_an_empty_search_lists_everything(programme, questions):
    assert len(found(programme, "   ")) == 2


def test_case_does_not_matter(programme, questions):
    assert found(programme, "KOZIJNEN") == {"Hergebruik van houten kozijnen"}


def test_search_with_filters(programme, questions, other_topic):
    assert found(programme, "stage", topic=other_topic) == {"Stageplaatsen voor mbo-studenten"}
    assert found(programme, "kozijnen", topic=other_topic) == set()
    assert found(programme, "stage", solved=True) == set()


def test_hidden_questions_and_answers_are_not_found_by_the_public(
    programme, questions, moderator_user
):
    services.question_hide(question=questions["wood"], actor=moderator_user, reason="Reclame")
    answer = questions["internships"].answers.get()
    services.answer_hide(answer=answer, actor=moderator_user, reason="Reclame")
    assert found(programme, "kozijnen") == set()
    assert found(programme, "Kenniskring") == set()
    assert found(programme, "kozijnen", moderator_user) == {"Hergebruik van houten kozijnen"}


def test_odd_input_is_searched_as_text(programme, questions):
    """Search operators and LIKE wildcards are characters here: none of them errors, and the
    wildcards, which no question contains, find nothing (as patterns they would find all)."""
    titles = {"Hergebruik van houten kozijnen", "Stageplaatsen voor mbo-studenten"}
    for text in ['"', "'", "&", "|", "!", "-", ":*", "()", "kozijn & | !"]:
        assert found(programme, text) <= titles, text
    for wildcard in ["%", "_", "\\", "%%", "_%_"]:
        assert found(programme, wildcard) == set(), wildcard


def test_the_selector_uses_the_databases_own_search(programme, questions):
    with CaptureQueriesContext(connection) as queries:
        found(programme, "kozijnen")
    sql = " ".join(query["sql"] for query in queries).lower()
    if connection.vendor == "postgresql":
        assert "to_tsvector" in sql and "websearch_to_tsquery" in sql and "dutch" in sql
    else:
        assert "like" in sql and "to_tsvector" not in sql


@postgresql_only
def test_dutch_stemming_finds_other_word_forms(programme, questions):
    # "kozijn" (singular) finds "kozijnen", "hout" finds "houten", "student" finds
    # "mbo-studenten"; the fallback would find the first two only as parts of words.
    assert found(programme, "kozijn") == {"Hergebruik van houten kozijnen"}
    assert found(programme, "hout") == {"Hergebruik van houten kozijnen"}
    assert found(programme, "student") == {"Stageplaatsen voor mbo-studenten"}


@postgresql_only
def test_web_search_syntax(programme, questions):
    assert found(programme, "kozijnen OR stage") == {
        "Hergebruik van houten kozijnen",
        "Stageplaatsen voor mbo-studenten",
    }
    assert found(programme, "kozijnen -sloop") == set()


@postgresql_only
def test_best_match_first(programme, topic, asker, questions):
    services.question_ask(
        topic=topic, actor=asker, title="Een vraag over subsidie", body="Ook iets over kozijnen."
    )
    titles = [q.title for q in selectors.question_list(programme=programme, q="kozijnen")]
    assert titles[0] == "Hergebruik van houten kozijnen"  # in the title: weight A


@sqlite_only
def test_the_fallback_matches_parts_of_words(programme, questions):
    assert found(programme, "kozijn") == {"Hergebruik van houten kozijnen"}
    assert found(programme, "plaatsen") == {"Stageplaatsen voor mbo-studenten"}
