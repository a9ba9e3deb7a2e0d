"""Services of the monitor: imports (all or nothing, every bad line named) and editions."""

from decimal import Decimal

import pytest

from economie071.audit.models import AuditEntry
from economie071.monitor import selectors, services
from economie071.monitor.constants import ObservationStatus
from economie071.monitor.exceptions import ImportRejected, MonitorError
from economie071.monitor.models import (
    EditionIndicator,
    IndexEdition,
    Observation,
    ObservationImport,
)
from tests.monitor.conftest import BASIC, rows

pytestmark = pytest.mark.django_db


def counts():
    return (
        Observation.objects.count(),
        ObservationImport.objects.count(),
        AuditEntry.objects.filter(action__startswith="monitor.observations").count(),
    )


def test_import_creates_observations_with_provenance(programme, indicators, office_user):
    batch = services.observations_import(
        actor=office_user, rows=rows(*BASIC), file_name="cijfers.csv"
    )
    assert (batch.created, batch.updated) == (6, 0)
    observation = Observation.objects.get(
        indicator__slug="werkloosheid", municipality__slug="leiden", year=2015
    )
    assert observation.value == 10
    assert observation.status == ObservationStatus.FINAL
    assert observation.imported_by == office_user
    assert observation.batch == batch
    assert observation.source == "Testgegevens (geen echte cijfers)"
    entry = AuditEntry.objects.get(action="monitor.observations.imported")
    assert entry.actor == office_user
    assert entry.data["created"] == 6


def test_area_by_name_cbs_code_and_region(programme, indicators):
    services.observations_import(
        actor=None,
        rows=rows(
            ("banen", "Leiden", 2014, 1, "banen"),
            ("banen", "GM0537", 2014, "2,5", "banen"),
            ("Overnachtingen", "leidse-regio", 2014, 3, "nachten"),
        ),
    )
    assert Observation.objects.get(municipality__slug="katwijk").value == Decimal("2.5")
    assert Observation.objects.get(region__slug="leidse-regio").indicator.slug == "overnachtingen"


def test_reimport_updates_and_is_otherwise_idempotent(observed):
    again = services.observations_import(actor=None, rows=rows(*BASIC))
    assert (again.created, again.updated) == (0, 0)
    changed = services.observations_import(
        actor=None, rows=rows(("banen", "leiden", 2015, 1200, "banen"))
    )
    assert changed.updated == 1
    assert Observation.objects.get(indicator__slug="banen", year=2015).value == 1200


def test_every_bad_line_is_reported_and_nothing_is_imported(programme, indicators):
    before = counts()
    bad = rows(
        ("banen", "leiden", 2014, 1000, "banen"),  # fine, but not imported
        ("onbekend", "leiden", 2014, 1, "banen"),
        ("banen", "amsterdam", 2014, 1, "banen"),
        ("banen", "leiden", "twintig", 1, "banen"),
        ("banen", "leiden", 2015, "veel", "banen"),
        ("banen", "leiden", 2016, 1, "euro"),
        ("banen", "leiden", 2014, 1001, "banen"),  # duplicate of line 2
        ("overnachtingen", "leiden", 2014, 1, "nachten"),  # region only
        ("banen", "leiden", 2017, 1, "banen", "misschien"),
        ("banen", "leiden", 1850, 1, "banen"),
    )
    with pytest.raises(ImportRejected) as caught:
        services.observations_import(actor=None, rows=bad)
    errors = dict(caught.value.line_errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "onbekend" in errors[3]
    assert "amsterdam" in errors[4]
    assert "twintig" in errors[5]
    assert "veel" in errors[6]
    assert "euro" in errors[7] and "banen" in errors[7]
    assert "line 2" in errors[8].lower() or "regel 2" in errors[8].lower()
    assert "region" in errors[9].lower() or "regio" in errors[9].lower()
    assert "misschien" in errors[10]
    assert "1850" in errors[11]
    assert counts() == before
    # The messages name the line.
    assert any(message.startswith(("Line 3", "Regel 3")) for message in caught.value.messages)


def test_a_value_that_cannot_be_true_is_a_bad_line(programme, indicators):
    before = counts()
    with pytest.raises(ImportRejected) as caught:
        services.observations_import(
            actor=None,
            rows=rows(
                ("werkloosheid", "leiden", 2014, 150, "%"),  # 2: a share above 100 %
                ("werkloosheid", "katwijk", 2014, "-0.5", "%"),  # 3: a share below 0
                ("banen", "leiden", 2014, -3, "banen"),  # 4: a negative count
                ("werkloosheid", "leiden", 2015, 100, "%"),  # possible
                ("banen", "katwijk", 2014, 0, "banen"),  # possible
            ),
        )
    assert [line for line, _m in caught.value.line_errors] == [2, 3, 4]
    messages = dict(caught.value.line_errors)
    assert messages[2] == (
        "waarde 150 kan niet kloppen: werkloosheid is een aandeel in %, tussen 0 en 100"
    )
    assert "waarde -3 kan niet kloppen: banen telt banen" in messages[4]
    assert counts() == before


def test_a_value_far_from_the_nearest_year_is_imported_with_a_warning(observed):
    batch = services.observations_import(
        actor=None,
        rows=rows(
            ("banen", "leiden", 2016, 2500, "banen"),  # 2: more than twice 2015's 1100
            ("werkloosheid", "leiden", 2016, "21.5", "%"),  # 3: 11.5 points above 2015's 10
            ("vestigingen", "leiden", 2016, 70, "vestigingen"),  # 4: an ordinary change
            ("banen", "leiden", 2013, 400, "banen"),  # 5: less than half of 2014's 1000
        ),
    )
    assert batch.created == 4
    assert [line for line, _m in batch.warnings] == [2, 3, 5]
    assert dict(batch.warnings)[2] == (
        "controleer banen voor Leiden in 2016: 2500, tegenover 1100 in 2015; "
        "zo’n grote verandering is ongebruikelijk"
    )
    entry = AuditEntry.objects.filter(action="monitor.observations.imported").latest("pk")
    assert entry.data["warnings"] == 3


def test_a_control_character_in_any_cell_is_a_bad_line_naming_its_column(programme, indicators):
    bad = rows(
        ("banen", "leiden", 2014, 1000, "banen"),
        ("banen", "leiden", 2015, 1100, "banen"),
        ("banen", "katwijk", 2015, 1100, "banen"),
    )
    bad[0].cells["source"] = "CBS\x00"
    bad[1].cells["area"] = "lei\x1bden"
    bad[2].cells["source"] = "eerste regel\ntweede regel"
    with pytest.raises(ImportRejected) as caught:
        services.observations_import(actor=None, rows=bad)
    assert caught.value.line_errors == [
        (2, "kolom source bevat een stuurteken, U+0000 (NULL), op positie 4"),
        (3, "kolom area bevat een stuurteken, U+001B (ESCAPE), op positie 4"),
        (4, "kolom source bevat een stuurteken, U+000A (LINE FEED), op positie 13"),
    ]
    assert not Observation.objects.exists()


def test_a_final_figure_is_not_replaced_by_a_provisional_one(observed):
    with pytest.raises(ImportRejected) as caught:
        services.observations_import(
            actor=None, rows=rows(("banen", "leiden", 2015, 5, "banen", "voorlopig"))
        )
    assert caught.value.line_errors[0][0] == 2
    assert Observation.objects.get(indicator__slug="banen", year=2015).value == 1100


def test_empty_file(programme, indicators):
    with pytest.raises(ImportRejected):
        services.observations_import(actor=None, rows=[])


def test_unit_of_an_indicator_with_observations_cannot_change(observed, indicators, themes):
    with pytest.raises(MonitorError):
        services.indicator_upsert(
            actor=None,
            slug="banen",
            name="Banen",
            theme=themes["werk"],
            unit="duizend banen",
            source_name="x",
        )
    assert indicators["banen"].__class__.objects.get(slug="banen").unit == "banen"


def test_indicator_upsert_is_idempotent_and_audited(indicators, themes):
    before = AuditEntry.objects.filter(action__startswith="monitor.indicator").count()
    indicator = indicators["banen"]
    same = services.indicator_upsert(
        actor=None,
        slug="banen",
        name="Banen",
        theme=themes["werk"],
        unit="banen",
        source_name="Testgegevens (geen echte cijfers)",
    )
    assert same.pk == indicator.pk
    assert AuditEntry.objects.filter(action__startswith="monitor.indicator").count() == before


def test_edition_is_recomputed_as_it_was(programme, observed, indicators, themes):
    edition = services.edition_create(
        actor=None,
        slug="editie-2016",
        name="Editie 2016",
        year_published=2016,
        base_year=2014,
        indicators={"banen": 3, "werkloosheid": None, "vestigingen": 1},
        theme_weights={"werk": 2},
    )
    assert EditionIndicator.objects.get(edition=edition, indicator__slug="banen").weight == 3
    report = selectors.index_report(programme=programme, edition=edition)
    first = report.results["leiden"].year(2015)
    # Later the indicator moves to another theme; the edition keeps its own grouping.
    services.indicator_upsert(
        actor=None,
        slug="banen",
        name="Banen",
        theme=themes["bedrijvigheid"],
        unit="banen",
        source_name="Testgegevens (geen echte cijfers)",
    )
    again = (
        selectors.index_report(programme=programme, edition=edition).results["leiden"].year(2015)
    )
    assert again == first
    assert first.themes["werk"] == Decimal(3 * 110 + 80) / 4
    assert AuditEntry.objects.filter(action="monitor.edition.created").count() == 1


def test_edition_errors_are_all_named(indicators):
    with pytest.raises(MonitorError) as caught:
        services.edition_create(
            actor=None,
            slug="x",
            name="X",
            year_published=2012,
            base_year=2014,
            indicators={"banen": 0, "onbekend": 1},
            theme_weights={"cultuur": 1},
        )
    text = " ".join(caught.value.messages)
    for fragment in ("2014", "onbekend", "banen", "cultuur"):
        assert fragment in text
    assert not IndexEdition.objects.exists()
