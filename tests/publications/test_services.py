"""Writing the project overview: the foreword and issuing editions (publications/services.py)."""

import contextlib
import copy
import json
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from economie071.audit.models import AuditEntry
from economie071.portfolio import services as portfolio
from economie071.portfolio.constants import Phase
from economie071.portfolio.exceptions import NotAllowed
from economie071.publications import services
from economie071.publications.exceptions import PublicationError
from economie071.publications.models import Edition, Foreword
from tests.factories import ProjectCardFactory, ProjectFactory
from tests.publications.conftest import ISSUED_ON, RETAIL_TEXT, publish, republish

pytestmark = pytest.mark.django_db


def issue(programme, period, **kwargs) -> Edition:
    kwargs.setdefault("actor", None)
    kwargs.setdefault("issued_on", ISSUED_ON)
    return services.edition_issue(programme=programme, period=period, **kwargs)


def publication_rows() -> dict[str, int]:
    return {"editions": Edition.objects.count(), "forewords": Foreword.objects.count()}


def project_data(edition: Edition) -> dict[str, dict]:
    return {p["slug"]: p for p in edition.snapshot["projects"]}


# --- Foreword ------------------------------------------------------------------------------


def test_foreword_is_created_then_updated_in_place(period, office_user):
    first = services.foreword_save(
        period=period,
        actor=office_user,
        text="  Eerste versie.  ",
        author_name=" Yvonne van Delft ",
        author_title="voorzitter",
    )
    assert (first.text, first.author_name, first.author_title) == (
        "Eerste versie.",
        "Yvonne van Delft",
        "voorzitter",
    )

    second = services.foreword_save(
        period=period, actor=office_user, text="Tweede versie.", author_name="Jasmijn Bongers"
    )

    assert second.pk == first.pk
    assert Foreword.objects.count() == 1
    stored = Foreword.objects.get(period=period)
    assert (stored.text, stored.author_name, stored.author_title) == (
        "Tweede versie.",
        "Jasmijn Bongers",
        "",
    )
    entries = AuditEntry.objects.filter(action="publications.foreword.saved").order_by("id")
    assert [(e.actor, e.object_type, e.object_id) for e in entries] == [
        (office_user, "publications.foreword", str(first.pk))
    ] * 2


@pytest.mark.parametrize(
    "text, author_name",
    [("", "Yvonne van Delft"), ("   \n ", "Yvonne van Delft"), ("Tekst.", ""), ("Tekst.", "  ")],
)
def test_foreword_without_text_or_author_is_refused(period, row_counts, text, author_name):
    before = row_counts(), publication_rows()
    with pytest.raises(PublicationError) as excinfo:
        services.foreword_save(period=period, actor=None, text=text, author_name=author_name)
    assert excinfo.value.code == "foreword"
    assert (row_counts(), publication_rows()) == before


def test_an_empty_foreword_does_not_overwrite_the_saved_one(foreword, period):
    with pytest.raises(PublicationError):
        services.foreword_save(period=period, actor=None, text=" ", author_name="Iemand")
    assert Foreword.objects.get(period=period).text == foreword.text


@pytest.mark.parametrize("user", ["leader_user", "steering_user", "plain_user"])
def test_only_the_programme_office_writes_the_foreword(request, period, user):
    with pytest.raises(NotAllowed):
        services.foreword_save(
            period=period,
            actor=request.getfixturevalue(user),
            text="Tekst.",
            author_name="Iemand",
        )
    assert not Foreword.objects.exists()


# --- Issuing an edition --------------------------------------------------------------------


def test_edition_freezes_the_published_cards_of_the_period(
    programme, period, published_card, led_project
):
    drafted = ProjectFactory(programme=programme, name="Startersdag", slug="startersdag")
    ProjectCardFactory(project=drafted, period=period, last_half_year="Concept: nog niet af.")
    submitted = ProjectFactory(programme=programme, name="Smart071", slug="smart071")
    ProjectCardFactory(
        project=submitted, period=period, submitted=True, last_half_year="Ingediend, niet goed."
    )
    approved = ProjectFactory(programme=programme, name="Kenniskring", slug="kenniskring")
    ProjectCardFactory(
        project=approved, period=period, approved=True, last_half_year="Goedgekeurd, wacht."
    )
    ProjectFactory(programme=programme, name="Human Capital", slug="human-capital")  # no card
    ProjectFactory(programme=programme, name="Zzp-event", slug="zzp-event", phase=Phase.COMPLETED)
    ProjectFactory(programme=programme, name="Oud plan", slug="oud-plan", phase=Phase.STOPPED)

    edition = issue(programme, period)

    projects = project_data(edition)
    assert set(projects) == {
        "retailvisie",
        "startersdag",
        "smart071",
        "kenniskring",
        "human-capital",
    }
    assert projects["retailvisie"]["card"]["last_half_year"] == RETAIL_TEXT
    assert projects["retailvisie"]["card"]["revision"] >= 1
    for slug in ("startersdag", "smart071", "kenniskring", "human-capital"):
        assert projects[slug]["card"] is None, slug
    text = json.dumps(edition.snapshot, ensure_ascii=False)
    for unpublished in ("Concept: nog niet af.", "Ingediend, niet goed.", "Goedgekeurd, wacht."):
        assert unpublished not in text
    assert (edition.version, edition.period, edition.programme) == (1, period, programme)
    assert edition.snapshot["period"] == "2019-H2"
    assert edition.snapshot["version"] == 1
    assert edition.snapshot["issued_on"] == "2019-11-26"


def test_a_completed_project_with_a_published_card_is_still_in_the_edition(
    programme, period, published_card, led_project
):
    portfolio.project_change_phase(project=led_project, actor=None, phase=Phase.COMPLETED)
    edition = issue(programme, period)
    retail = project_data(edition)["retailvisie"]
    assert retail["card"]["last_half_year"] == RETAIL_TEXT
    # The phase as the card was published.
    assert retail["phase"] == Phase.RUNNING


def test_second_edition_needs_a_correction_reason(programme, period, published_card, row_counts):
    first = issue(programme, period)
    before = row_counts(), publication_rows()

    for reason in ("", "   "):
        with pytest.raises(PublicationError) as excinfo:
            issue(programme, period, correction_reason=reason)
        assert excinfo.value.code == "correction_reason"
        assert "2019-H2" in " ".join(excinfo.value.messages)
    assert (row_counts(), publication_rows()) == before

    second = issue(programme, period, correction_reason="  Kerncijfer Retailvisie verbeterd. ")
    assert (first.version, second.version) == (1, 2)
    assert second.correction_reason == "Kerncijfer Retailvisie verbeterd."
    assert second.snapshot["version"] == 2
    assert Edition.objects.filter(period=period).count() == 2


def test_a_period_without_published_cards_is_refused_and_nothing_is_written(
    programme, period, led_project, row_counts
):
    # Cards in every state but published.
    ProjectCardFactory(project=led_project, period=period, approved=True, last_half_year="Bijna.")
    other = ProjectFactory(programme=programme, name="Smart071", slug="smart071")
    ProjectCardFactory(project=other, period=period, submitted=True)
    before = row_counts(), publication_rows()

    with pytest.raises(PublicationError) as excinfo:
        issue(programme, period)

    assert excinfo.value.code == "no_cards"
    assert "2019-H2" in " ".join(excinfo.value.messages)
    assert (row_counts(), publication_rows()) == before


def test_published_cards_of_another_period_do_not_count(programme, period, led_project):
    from tests.factories import ReportingPeriodFactory

    earlier = ReportingPeriodFactory(programme=programme, year=2019, half=1)
    publish(led_project, earlier, last_half_year="Eerste halfjaar.")
    with pytest.raises(PublicationError):
        issue(programme, period)
    assert not Edition.objects.exists()


@pytest.mark.parametrize("user", ["leader_user", "steering_user", "plain_user"])
def test_only_the_programme_office_issues(request, programme, period, published_card, user):
    actor = request.getfixturevalue(user)
    with pytest.raises(NotAllowed):
        issue(programme, period, actor=actor)
    assert not Edition.objects.exists()
    assert not AuditEntry.objects.filter(action="publications.edition.issued").exists()


def test_office_and_the_trusted_platform_may_issue(programme, period, published_card, office_user):
    by_office = issue(programme, period, actor=office_user)
    by_platform = issue(programme, period, actor=None, correction_reason="Opnieuw uitgegeven.")
    assert by_office.created_by == office_user
    assert by_platform.created_by is None


def test_issuing_writes_an_audit_entry(programme, period, published_card, office_user):
    edition = issue(programme, period, actor=office_user)
    entry = AuditEntry.objects.get(action="publications.edition.issued")
    assert entry.actor == office_user
    assert (entry.object_type, entry.object_id) == ("publications.edition", str(edition.pk))
    assert entry.data == {"period": "2019-H2", "version": 1}


def test_default_title_and_date(programme, period, published_card):
    dated = issue(programme, period, title="   ")
    assert "Economie071" in dated.title
    assert "november 2019" in dated.title
    assert dated.snapshot["title"] == dated.title

    undated = issue(programme, period, issued_on=None, correction_reason="Zonder datum.")
    assert undated.issued_on == timezone.localdate()
    assert undated.snapshot["issued_on"] == timezone.localdate().isoformat()


def test_a_given_title_is_kept(programme, period, published_card):
    edition = issue(programme, period, title="  Projectenoverzicht najaar  ")
    assert edition.title == "Projectenoverzicht najaar"
    assert edition.snapshot["title"] == "Projectenoverzicht najaar"


def test_an_issued_edition_never_changes(programme, period, published_card, led_project):
    edition = issue(programme, period)
    frozen = copy.deepcopy(edition.snapshot)

    # After issue: the card is corrected and republished, the foreword is written, the
    # project changes phase, and a further correction is left as a draft.
    card = republish(
        published_card,
        last_half_year="Gecorrigeerde tekst na uitgifte.",
        results=[{"label": "winkelgebieden gemonitord", "value": "14", "unit": "gebieden"}],
    )
    services.foreword_save(period=period, actor=None, text="Later voorwoord.", author_name="X")
    portfolio.project_change_phase(project=led_project, actor=None, phase=Phase.RESTART)
    portfolio.card_start_correction(card=card, actor=None, reason="Nog een correctie")
    card.refresh_from_db()
    content = portfolio.CardContent.from_card(card)
    content.sections["last_half_year"] = "Concept dat niet gepubliceerd is."
    portfolio.card_update(card=card, actor=None, content=content, expected_version=card.version)

    edition.refresh_from_db()
    assert edition.snapshot == frozen
    assert project_data(edition)["retailvisie"]["card"]["last_half_year"] == RETAIL_TEXT

    corrected = issue(programme, period, correction_reason="Retailvisie gecorrigeerd.")
    retail = project_data(corrected)["retailvisie"]
    assert retail["card"]["last_half_year"] == "Gecorrigeerde tekst na uitgifte."
    assert retail["card"]["results"][0]["value"] == "14"
    assert corrected.snapshot["foreword"]["text"] == "Later voorwoord."
    assert "Concept dat niet gepubliceerd is." not in json.dumps(corrected.snapshot)
    assert Edition.objects.get(pk=edition.pk).snapshot == frozen


# --- The PDF -------------------------------------------------------------------------------


def test_edition_pdf_is_rendered_once_then_served_from_the_stored_file(edition, monkeypatch):
    renders = []
    real_render = services.render_edition_pdf

    def counting_render(content):
        renders.append(content["title"])
        return real_render(content)

    monkeypatch.setattr(services, "render_edition_pdf", counting_render)

    first = services.edition_pdf(edition=edition)
    assert first.startswith(b"%PDF")
    assert len(renders) == 1
    stored = Edition.objects.get(pk=edition.pk)
    assert stored.pdf.name.startswith("editions/economie071-2019-H2-v1")
    path = Path(stored.pdf.path)
    assert path.read_bytes() == first

    second = services.edition_pdf(edition=Edition.objects.get(pk=edition.pk))
    assert second == first
    assert len(renders) == 1
    assert Edition.objects.get(pk=edition.pk).pdf.name == stored.pdf.name

    # The stored file went missing (e.g. a media volume was restored): render it again.
    path.unlink()
    third = services.edition_pdf(edition=Edition.objects.get(pk=edition.pk))
    assert third.startswith(b"%PDF")
    assert len(renders) == 2
    again = Edition.objects.get(pk=edition.pk)
    assert Path(again.pdf.path).read_bytes() == third
    assert services.edition_pdf(edition=again) == third
    assert len(renders) == 2


def test_edition_pdf_renders_from_the_frozen_content(edition, published_card, monkeypatch):
    republish(published_card, last_half_year="Tekst van na de uitgifte.")
    seen = []
    monkeypatch.setattr(
        services, "render_edition_pdf", lambda content: seen.append(content) or b"%PDF-fake"
    )
    services.edition_pdf(edition=Edition.objects.get(pk=edition.pk))
    assert seen == [Edition.objects.get(pk=edition.pk).snapshot]
    assert "Tekst van na de uitgifte." not in json.dumps(seen[0])


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks and concurrent connections"
)
def test_two_people_issuing_at_once_get_a_clean_refusal_not_a_crash(
    transactional_db, programme, period, published_card, monkeypatch
):
    """Both read the versions issued so far before either writes. Without a lock on the
    period both would take version 1 and one would crash on the unique constraint; with it,
    the second waits, sees version 1 and is asked for a correction reason."""
    both_inside = threading.Barrier(2, timeout=1.5)
    real_content = services.edition_content

    def content_after_both_counted(*args, **kwargs):
        # Passes only when both have counted the versions; times out when the other one
        # is waiting for the lock.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_inside.wait()
        return real_content(*args, **kwargs)

    monkeypatch.setattr(services, "edition_content", content_after_both_counted)
    outcomes = []

    def issue_in_thread():
        try:
            outcomes.append(issue(programme, period))
        except Exception as exc:  # the outcome is what the test checks
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2
    editions = [o for o in outcomes if isinstance(o, Edition)]
    refusals = [o for o in outcomes if not isinstance(o, Edition)]
    assert [e.version for e in editions] == [1]
    assert [type(r) for r in refusals] == [PublicationError], refusals
    assert refusals[0].code == "correction_reason"
    assert Edition.objects.count() == 1
