"""Readable differences between two versions of a card (portfolio/diffing.py)."""

import re
from html import unescape

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from economie071.portfolio.constants import Level, RoleKind, StatusLight
from economie071.portfolio.diffing import snapshot_changes, text_diff_html
from economie071.portfolio.snapshots import SNAPSHOT_VALUE_LABELS

TAGS = re.compile(r"</?(?:ins|del)>")
# Text built from words, spaces and the characters HTML cares about.
texts = st.lists(
    st.sampled_from(["a", "b", "script", "ë", " ", "  ", "\n", "<", ">", "&", '"', "'", "</del>"]),
    max_size=20,
).map("".join)


def side(html: str, keep: str, drop: str) -> str:
    """The text of one side of a diff: drop the other side's segments, then the tags."""
    without = re.sub(rf"<{drop}>.*?</{drop}>", "", html, flags=re.S)
    return unescape(without.replace(f"<{keep}>", "").replace(f"</{keep}>", ""))


def test_removed_and_added_words_are_marked():
    html = text_diff_html("de winkels zijn open", "de winkels zijn dicht")

    assert "<del>open</del>" in html
    assert "<ins>dicht</ins>" in html
    assert html.startswith("de winkels zijn ")


def test_equal_texts_have_no_marks():
    html = text_diff_html("Niets veranderd.", "Niets veranderd.")

    assert html == "Niets veranderd."


def test_script_in_either_text_is_escaped():
    for old, new in [("<script>alert(1)</script>", "veilig"), ("veilig", "<script>x</script>")]:
        html = text_diff_html(old, new)

        assert "<script" not in html
        assert "&lt;script&gt;" in html


def test_none_counts_as_empty():
    assert text_diff_html(None, "nieuw") == "<ins>nieuw</ins>"


@given(old=texts, new=texts)
def test_the_only_markup_is_ins_and_del(old, new):
    html = text_diff_html(old, new)

    assert "<" not in TAGS.sub("", html)
    assert ">" not in TAGS.sub("", html)


@given(old=texts, new=texts)
def test_both_texts_can_be_read_back_from_the_diff(old, new):
    html = str(text_diff_html(old, new))

    assert side(html, keep="del", drop="ins") == old
    assert side(html, keep="ins", drop="del") == new


LABELS = {"status_light": "Status", "last_half_year": "Afgelopen half jaar", "results": "Cijfers"}


def test_snapshot_changes_lists_only_the_changed_keys():
    old = {"status_light": "on_track", "last_half_year": "Gestart.", "results": []}
    new = {"status_light": "at_risk", "last_half_year": "Gestart.", "results": []}

    changes = snapshot_changes(old, new, LABELS)

    assert [c["key"] for c in changes] == ["status_light"]
    assert changes[0]["label"] == "Status"
    assert (changes[0]["before"], changes[0]["after"]) == ("on_track", "at_risk")
    assert "<del>on_track</del>" in changes[0]["diff"]


def test_coded_values_are_shown_by_their_names():
    """The card history says "Op koers → Risico", not "on_track → at_risk"."""
    old = {"status_light": "on_track", "last_half_year": "Gestart.", "results": []}
    new = {"status_light": "at_risk", "last_half_year": "Gestart.", "results": []}

    with translation.override("nl"):
        (change,) = snapshot_changes(old, new, LABELS, SNAPSHOT_VALUE_LABELS)

    assert (change["before"], change["after"]) == (
        str(StatusLight.ON_TRACK.label),
        str(StatusLight.AT_RISK.label),
    )
    assert "on_track" not in change["diff"] and "at_risk" not in change["diff"]


def test_coded_fields_of_records_are_shown_by_their_names():
    """A role in the project structure reads "Projectleider · Jan", not "project_leader · Jan";
    a risk reads its likelihood and impact as words."""
    role = {"kind": "project_leader", "person": "Jan de Vries", "label": ""}
    old = {"roles": [role], "risk_items": []}
    new = {
        "roles": [role, {**role, "kind": "executive_sponsor", "person": "Ans Wit"}],
        "risk_items": [{"description": "Te weinig deelnemers", "likelihood": "high"}],
    }
    labels = {"roles": "Projectstructuur", "risk_items": "Risico's"}

    with translation.override("nl"):
        roles, risks = snapshot_changes(old, new, labels, SNAPSHOT_VALUE_LABELS)

    assert roles["after"] == (
        f"{RoleKind.PROJECT_LEADER.label} · Jan de Vries\n"
        f"{RoleKind.EXECUTIVE_SPONSOR.label} · Ans Wit"
    )
    assert "project_leader" not in roles["diff"] and "executive_sponsor" not in roles["diff"]
    assert risks["after"] == f"Te weinig deelnemers · {Level.HIGH.label}"


def test_snapshot_changes_follow_the_label_order_and_ignore_unlabelled_keys():
    old = {"results": [], "last_half_year": "a", "status_light": "x", "version": 1}
    new = {
        "results": [{"label": "bezoekers", "value": "25"}],
        "last_half_year": "b",
        "status_light": "y",
        "version": 2,
    }

    changes = snapshot_changes(old, new, LABELS)

    assert [c["key"] for c in changes] == ["status_light", "last_half_year", "results"]
    assert changes[2]["after"] == "bezoekers · 25"


def test_identical_snapshots_have_no_changes():
    snapshot = {"status_light": "on_track", "last_half_year": "Gestart.", "results": []}

    assert snapshot_changes(snapshot, dict(snapshot), LABELS) == []


def test_a_key_missing_on_one_side_counts_as_empty():
    changes = snapshot_changes({}, {"last_half_year": "Nieuw"}, LABELS)

    assert [(c["key"], c["before"], c["after"]) for c in changes] == [
        ("last_half_year", "", "Nieuw")
    ]
