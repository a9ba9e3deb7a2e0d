"""Control characters in what comes in with a request to a page: query parameters (read by
a form or by the view itself), form fields, the address, cookies and headers. Never a
server error, the same on SQLite and PostgreSQL; a form shows the reason at its field and
the page names the refused parameter (economie071.core.request_input)."""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.management import call_command
from django.test import Client

from economie071.core.request_input import MAX_PATH_LENGTH, MAX_QUERY_STRING_LENGTH
from economie071.forum.models import Answer, Question
from tests.factories import UserFactory

# Pages with a GET form (search, filters, calculators), as the programme office sees them.
PAGES_WITH_GET_FORMS = [
    "/portfolio/",
    "/forum/zoeken/",
    "/netwerk/",
    "/evenementen/",
    "/monitor/",
    "/monitor/winkels/",
    "/monitor/bedrijventerreinen/",
    "/monitor/impact/congressen/",
    "/monitor/impact/expats/",
    "/monitor/kostenverdeling/",
    "/huis-van-skills/taxonomie/",
    "/huis-van-skills/matchingsplan/",
    "/huis-van-skills/adviseur/",
]


class _GetForms(HTMLParser):
    """The fields (name, type) a person fills in of each GET form on a page."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str | None, list[str]]] = []
        self._fields: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._fields = []
            self.forms.append((attrs.get("action"), self._fields))
        elif tag in ("input", "select", "textarea") and self._fields is not None:
            kind = attrs.get("type", tag)
            if attrs.get("name") and kind not in ("submit", "hidden", "checkbox", "radio"):
                self._fields.append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None


@pytest.fixture
def demo_office(db):
    """The demo, and a client logged in as the programme office."""
    call_command("load_demo", stdout=StringIO())
    client = Client()
    client.force_login(get_user_model().objects.get(username="programmabureau"))
    return client


def test_every_get_form_shows_a_refused_control_character_by_name(demo_office):
    checked = 0
    for page in PAGES_WITH_GET_FORMS:
        parser = _GetForms()
        parser.feed(demo_office.get(page).content.decode())
        assert parser.forms, f"{page} has no GET form"
        for action, fields in parser.forms:
            response = demo_office.get(action or page, {name: "a\x00b" for name in fields})

            assert response.status_code == 400, (page, fields)
            text = response.content.decode()
            assert "<form" in text, page  # the form is shown again, with the reason
            assert "U+0000 (NULL)" in text, page
            for name in fields:
                assert f"“{name}”" in text, (page, name)
            checked += len(fields)
    assert checked >= 30


def test_a_parameter_a_view_reads_itself_is_refused_and_named(demo_office):
    """The ask page reads ?topic= (a topic's slug) without a form: it reached the
    database as it came, a server error on PostgreSQL."""
    response = demo_office.get("/forum/vraag-stellen/", {"topic": "ondernemen\x00"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "“topic”" in text
    assert "U+0000 (NULL)" in text
    assert 'name="title"' in text  # the page itself, as without the parameter


def test_a_page_without_bad_parameters_is_untouched(demo_office):
    response = demo_office.get("/forum/zoeken/", {"q": "café samenwerking"})

    assert response.status_code == 200
    assert 'role="alert"' not in response.content.decode()


def test_a_multi_line_field_takes_line_breaks_and_tabs_but_no_other_control_character(
    demo_office,
):
    question = Question.objects.filter(locked=False, hidden=False).first()
    url = f"/forum/vragen/{question.pk}/beantwoorden/"

    refused = demo_office.post(url, {"body": "Eerste regel\x1bmet escape"})
    taken = demo_office.post(url, {"body": "Eerste regel\r\n\tingesprongen tweede regel"})

    assert refused.status_code == 400
    assert "U+001B (ESCAPE)" in refused.content.decode()
    assert taken.status_code == 302
    assert Answer.objects.filter(body__contains="\tingesprongen").exists()
    assert not Answer.objects.filter(body__contains="\x1b").exists()


def test_a_one_line_field_takes_no_line_break(demo_office):
    response = demo_office.post(
        "/forum/vraag-stellen/",
        {"title": "Een vraag\nover twee regels", "body": "Tekst", "topic": ""},
    )

    # Shown like any other error of the form (the page answers an invalid form with 200).
    assert response.status_code == 200
    assert "U+000A (LINE FEED)" in response.content.decode()
    assert not Question.objects.filter(title__startswith="Een vraag").exists()


@pytest.mark.django_db
def test_the_login_form_refuses_control_characters_without_a_server_error(client):
    UserFactory(username="inwoner")

    response = client.post("/inloggen/", {"username": "inw\x00oner", "password": "x\x01"})

    assert response.status_code == 400
    assert "U+0000 (NULL)" in response.content.decode()


@pytest.mark.django_db
def test_a_failed_login_with_a_nul_in_the_user_agent_is_no_server_error(client):
    """django-axes stores the User-Agent of a failed login; PostgreSQL refuses a NUL."""
    UserFactory(username="inwoner")

    response = client.post(
        "/inloggen/",
        {"username": "inwoner", "password": "wrong"},
        HTTP_USER_AGENT="Mozilla\x00/5.0",
    )

    assert response.status_code == 200
    assert "inwoner" in response.content.decode()


@pytest.mark.django_db
def test_a_session_cookie_with_a_nul_is_ignored(client, programme):
    """The session is looked up in the database by the cookie's value."""
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"

    response = client.get("/")

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/forum/afmelden/abc%00def/", "/evenementen/afmelden/%1b/"])
def test_a_control_character_in_the_address_is_a_400_page(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()


@pytest.mark.django_db
def test_an_overlong_query_string_on_a_page_is_refused(client, programme):
    response = client.get("/forum/zoeken/?q=" + "a" * MAX_QUERY_STRING_LENGTH)

    assert response.status_code == 414


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/netwerk/organisaties/", "/api/v1/projects/"])
def test_an_overlong_address_is_refused_before_any_lookup(client, programme, prefix):
    response = client.get(prefix + "a" * MAX_PATH_LENGTH + "/")

    assert response.status_code == 414


@pytest.mark.django_db
def test_an_overlong_search_term_is_refused_and_named(client, programme):
    response = client.get("/forum/zoeken/", {"q": "a" * 1001})

    assert response.status_code == 400
    assert "“q”" in response.content.decode()


class _Form(forms.Form):
    name = forms.CharField(required=False)
    text = forms.CharField(required=False, widget=forms.Textarea)
    code = forms.SlugField(required=False)
    kinds = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B")])
    fixed = forms.CharField(required=False, disabled=True, initial="ok")


@pytest.mark.parametrize(
    ("data", "field", "character"),
    [
        ({"name": "a\x00b"}, "name", "U+0000"),
        ({"name": "a\tb"}, "name", "U+0009"),
        ({"name": "a\nb"}, "name", "U+000A"),
        ({"name": "a\x85b"}, "name", "U+0085"),
        ({"text": "a\x07b"}, "text", "U+0007"),
        ({"code": "slug\x7f"}, "code", "U+007F"),
        ({"kinds": ["a", "b\x00"]}, "kinds", "U+0000"),
    ],
)
def test_every_form_field_refuses_control_characters(data, field, character):
    form = _Form(data)

    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert form.errors.as_data()[field][0].code == "control_character"
    assert character in form.errors[field][0]


def test_a_textarea_takes_tabs_and_line_breaks():
    form = _Form({"text": "een\r\n\ttwee", "name": "Gewone naam"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "een\r\n\ttwee"


@pytest.mark.django_db
def test_djangos_own_forms_are_covered_too():
    form = AuthenticationForm(data={"username": "a\x1bb", "password": "x"})

    assert not form.is_valid()
    assert re.search(r"U\+001B", str(form.errors["username"]))
