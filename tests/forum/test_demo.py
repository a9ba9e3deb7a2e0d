"""The forum demo: topics for the pillars and themes, a moderator, example content marked as
such on the pages and in the API; loading twice changes nothing; no e-mail goes out."""

import pytest
from django.contrib.auth import authenticate
from django.core import mail

from economie071.audit.models import AuditEntry
from economie071.demo.loader import DEMO_PASSWORD
from economie071.forum import permissions
from economie071.forum.demo import load_forum_demo
from economie071.forum.models import Answer, Question, Topic
from economie071.programme.models import Programme


@pytest.fixture
def demo(loaded_demo, db):
    return Programme.objects.get(slug="economie071")


def test_topics_follow_the_programme(demo):
    topics = {t.slug: t for t in Topic.objects.select_related("pillar", "theme")}
    assert topics["circulair-bouwen"].theme.slug == "circulaire-economie"
    assert topics["onderwijs-arbeidsmarkt"].pillar.slug == "verbinden"
    assert topics["starters"].pillar.slug == "verdienen"
    assert {t.pillar.slug for t in topics.values() if t.pillar} == {
        "versterken",
        "verdienen",
        "verbinden",
        "verleiden",
        "vertellen",
    }


def test_example_content_is_marked_and_made_through_the_services(demo):
    assert Question.objects.count() >= 3
    assert not Question.objects.filter(is_example=False).exists()
    assert not Answer.objects.filter(is_example=False).exists()
    assert Question.objects.filter(accepted_answer__isnull=False).exists()
    assert AuditEntry.objects.filter(action="forum.question.asked").count() == (
        Question.objects.count()
    )
    assert mail.outbox == []  # the demo mails nobody


def test_the_moderator_logs_in_with_the_demo_password(demo, rf):
    user = authenticate(rf.get("/"), username="forummoderator", password="economie071-demo")
    assert user is not None
    assert permissions.is_moderator(user)


def test_the_demo_pages_show_the_example_label(demo, client):
    question = Question.objects.filter(accepted_answer__isnull=False).first()
    assert client.get("/forum/").status_code == 200
    assert client.get("/forum/onderwerpen/circulair-bouwen/").status_code == 200
    html = client.get(f"/forum/vragen/{question.pk}/").content.decode()
    assert "Voorbeeldinhoud" in html
    assert "Oplossing" in html
    data = client.get(f"/api/v1/forum/questions/{question.pk}").json()
    assert data["isExample"] is True
    assert all(answer["isExample"] for answer in data["answers"])


def test_loading_twice_changes_nothing(demo, django_capture_on_commit_callbacks):
    from django.apps import apps

    def counts():
        return {
            m._meta.label: m.objects.count()
            for m in apps.get_models()
            if m._meta.app_label in {"forum", "audit", "auth"}
        }

    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        created = load_forum_demo(demo, password=DEMO_PASSWORD)
    assert counts() == before
    assert set(created.values()) == {0}
    assert mail.outbox == []
