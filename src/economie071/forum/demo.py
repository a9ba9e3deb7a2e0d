"""The forum part of the demo: topics for the programme's pillars and themes, a forum
moderator, and a few example questions and answers by fictional example users, marked as
example content (demo_data.yaml).

Everything goes through the services. Loading twice changes nothing: topics are found by
slug, users by username, example questions by their title. No e-mail goes out.
"""

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from economie071.core.groups import PROGRAMME_OFFICE_GROUP
from economie071.forum import services
from economie071.forum.constants import FORUM_MODERATORS_GROUP
from economie071.forum.models import Question, Topic
from economie071.programme.models import Programme

DATA_FILE = Path(__file__).with_name("demo_data.yaml")


class ForumDemoError(Exception):
    """The forum demo data refers to something that is not there."""


def _user(entry: dict, created: dict, password: str):
    user_model = get_user_model()
    user = user_model.objects.filter(username=entry["username"]).first()
    if user is None:
        user = user_model.objects.create_user(
            username=entry["username"],
            email=entry.get("email") or f"{entry['username']}@example.org",
            password=password,
            first_name=entry.get("first_name", ""),
            last_name=entry.get("last_name", ""),
        )
        created["forum users"] += 1
    return user


def load_forum_demo(programme: Programme, *, password: str) -> dict[str, int]:
    """Load the demo data of this app; returns what was created, by kind. Idempotent.

    `password` is the demo logins' (the demo loader's DEMO_PASSWORD)."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    created = {"forum topics": 0, "forum questions": 0, "forum answers": 0, "forum users": 0}

    topics = {}
    for entry in data["topics"]:
        topic = Topic.objects.filter(programme=programme, slug=entry["slug"]).first()
        if topic is None:
            pillar = theme = None
            if entry.get("pillar"):
                pillar = programme.pillars.filter(slug=entry["pillar"]).first()
                if pillar is None:
                    raise ForumDemoError(f"forum demo: no pillar “{entry['pillar']}”")
            if entry.get("theme"):
                theme = programme.themes.filter(slug=entry["theme"]).first()
                if theme is None:
                    raise ForumDemoError(f"forum demo: no theme “{entry['theme']}”")
            topic = services.topic_create(
                programme=programme,
                actor=None,
                name=entry["name"],
                slug=entry["slug"],
                description=entry.get("description", ""),
                pillar=pillar,
                theme=theme,
                order=entry.get("order", 0),
            )
            created["forum topics"] += 1
        topics[entry["slug"]] = topic

    moderators, _new = Group.objects.get_or_create(name=FORUM_MODERATORS_GROUP)
    moderator = _user(data["moderator"], created, password)
    moderator.groups.add(moderators)
    users = {entry["username"]: _user(entry, created, password) for entry in data["example_users"]}

    for entry in data["questions"]:
        topic = topics[entry["topic"]]
        if Question.objects.filter(topic=topic, title=entry["title"], is_example=True).exists():
            continue
        question = services.question_ask(
            topic=topic,
            actor=users[entry["author"]],
            title=entry["title"],
            body=entry["body"],
            is_example=True,
            notify=False,
            rate_limited=False,
        )
        created["forum questions"] += 1
        for answer_entry in entry.get("answers") or []:
            answer = services.answer_post(
                question=question,
                actor=users[answer_entry["author"]],
                body=answer_entry["body"],
                is_example=True,
                notify=False,
                rate_limited=False,
            )
            created["forum answers"] += 1
            if answer_entry.get("accepted"):
                services.answer_accept(answer=answer, actor=question.author)

    # The programme office's demo login follows every topic (it moderates the forum too).
    for office_user in get_user_model().objects.filter(groups__name=PROGRAMME_OFFICE_GROUP):
        for topic in topics.values():
            services.topic_follow(topic=topic, actor=office_user)
    return created
