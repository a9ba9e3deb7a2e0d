"""The region file and the CBS municipality table behind `setup_region`."""

import re

import pytest
import yaml

from economie071.programme.exceptions import RegionFileError
from economie071.programme.models import Municipality, Pillar
from economie071.programme.services import region_setup
from economie071.programme.services.regions import (
    DATA_DIR,
    cbs_municipality_names,
    region_file_check,
)

EXAMPLE = DATA_DIR / "region_economie071.yaml"


def test_the_cbs_table_names_every_municipality_once():
    names = cbs_municipality_names()
    assert len(names) == 342
    assert all(re.fullmatch(r"GM\d{4}", code) for code in names)
    assert len(set(names.values())) == len(names)
    assert names["GM0546"] == "Leiden" and names["GM0518"] == "'s-Gravenhage"
    assert names["GM1992"] == "Voorne aan Zee"  # made on 1 January 2023


def test_the_example_file_is_a_valid_region_file():
    assert region_file_check(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))) == []


@pytest.mark.django_db
def test_a_changed_file_updates_what_changed_and_nothing_else():
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    first = region_setup(data=data)
    assert first.changes > 0
    assert region_setup(data=data).changes == 0
    data["pillars"][0]["name"] = "versterken!"
    data["municipalities"].append({"cbs_code": "GM9990", "name": "Nieuwe Gemeente"})
    third = region_setup(data=data)
    assert third.changes == 2  # one pillar updated, one municipality created
    assert Pillar.objects.get(slug="versterken").name == "versterken!"
    assert Municipality.objects.get(cbs_code="GM9990").slug == "nieuwe-gemeente"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"region": None}, "region: ontbreekt"),
        ({"programme": {"slug": "Met Spaties", "name": "X"}}, "programme.slug: alleen kleine"),
        ({"municipalities": []}, "geef ten minste één gemeente"),
        ({"pillars": [{"slug": "a", "name": "a", "colour": "#000000"}]}, "pillars[0].number"),
        ({"themes": [{"slug": "a", "name": "a"}, {"slug": "a", "name": "b"}]}, "komt twee keer"),
        ({"extra": 1}, "onbekende sleutels: extra"),
    ],
)
def test_problems_are_named_and_nothing_is_written(change, message):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(change)
    with pytest.raises(RegionFileError) as refused:
        region_setup(data=data)
    assert any(message in problem for problem in refused.value.messages)
    assert not Municipality.objects.exists()
