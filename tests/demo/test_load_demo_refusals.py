"""Loading the demo twice changes nothing; broken demo data is refused, named, and loads
nothing. These tests start from an empty database, so they live apart from the tests that
share one loaded demo per module."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from economie071.audit.models import AuditEntry
from economie071.demo.loader import DATA_DIR
from economie071.portfolio.constants import (
    RoleKind,
)
from economie071.portfolio.models import ProjectCard

pytestmark = pytest.mark.django_db

OVERVIEW = "overview_2019-H2.yaml"


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def platform_counts() -> dict[str, int]:
    """Rows of every model of the platform, users and groups."""
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"audit", "programme", "portfolio"}
    }
    counts["users"] = get_user_model().objects.count()
    counts["groups"] = Group.objects.count()
    return counts


def test_loading_twice_changes_nothing():
    load()
    before = platform_counts()
    audit_before = AuditEntry.objects.count()
    published_before = dict(ProjectCard.objects.values_list("pk", "published_at"))

    output = load()

    assert platform_counts() == before
    assert AuditEntry.objects.count() == audit_before
    assert dict(ProjectCard.objects.values_list("pk", "published_at")) == published_before
    assert "programmabureau" in output


# --- Broken data ---------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_yaml(folder: Path, name: str, change) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def project(data, slug):
    return next(p for p in data["projects"] if p["slug"] == slug)


def unknown_phase(folder):
    edit_yaml(folder, OVERVIEW, lambda d: project(d, "smart071").update(phase="dormant"))


def unknown_person(folder):
    def change(data):
        for role in project(data, "retailvisie")["roles"]:
            if role["kind"] == RoleKind.PROJECT_LEADER:
                role["person"] = "Tom Orleans"

    edit_yaml(folder, OVERVIEW, change)


def negative_amount(folder):
    edit_yaml(
        folder,
        OVERVIEW,
        lambda d: project(d, "retailvisie")["budget_lines"][0].update(amount=-192000),
    )


def fraction_of_a_cent(folder):
    edit_yaml(
        folder,
        OVERVIEW,
        lambda d: project(d, "retailvisie")["budget_lines"][0].update(amount="192000.005"),
    )


def bad_cbs_code(folder):
    edit_yaml(folder, "region.yaml", lambda d: d["municipalities"][1].update(cbs_code="0546"))


def bad_yaml(folder):
    path = folder / "people.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "  - name: [Ton Orleans")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (unknown_phase, [OVERVIEW, "smart071", "phase", "dormant"]),
        (unknown_person, [OVERVIEW, "retailvisie", "roles[", "Tom Orleans"]),
        (negative_amount, [OVERVIEW, "retailvisie", "budget_lines[0]", "amount"]),
        (fraction_of_a_cent, [OVERVIEW, "retailvisie", "budget_lines[0]", "192000.005"]),
        (bad_cbs_code, ["region.yaml", "municipalities[1]", "cbs_code"]),
        (bad_yaml, ["people.yaml", "line "]),
    ],
    ids=lambda value: value.__name__ if callable(value) else None,
)
def test_broken_data_is_refused_naming_file_and_field_and_loads_nothing(
    data_copy, breakage, expected
):
    breakage(data_copy)

    with pytest.raises(CommandError) as excinfo:
        load("--data-dir", str(data_copy))

    message = str(excinfo.value)
    for part in expected:
        assert part in message
    assert all(n == 0 for n in platform_counts().values()), platform_counts()


def test_broken_data_leaves_a_loaded_demo_as_it_was(data_copy):
    load()
    before = platform_counts()
    unknown_person(data_copy)

    with pytest.raises(CommandError):
        load("--data-dir", str(data_copy))

    assert platform_counts() == before


def test_the_yaml_error_names_the_line(data_copy):
    bad_yaml(data_copy)

    with pytest.raises(CommandError) as excinfo:
        load("--data-dir", str(data_copy))

    line = int(re.search(r"line (\d+)", str(excinfo.value))[1])
    assert 21 <= line <= 23  # the broken line is line 21; YAML may notice it a line later
