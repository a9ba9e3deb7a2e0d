"""Reads of the programme (programme/selectors.py)."""

import pytest

from economie071.programme.selectors import programme_current
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_without_programmes_there_is_no_current_programme():
    assert programme_current() is None


def test_the_first_programme_is_current_by_default(settings):
    settings.PROGRAMME_SLUG = ""
    first = ProgrammeFactory()
    ProgrammeFactory()

    assert programme_current() == first


def test_programme_slug_setting_chooses_the_programme(settings):
    ProgrammeFactory()
    chosen = ProgrammeFactory(slug="economie071")
    settings.PROGRAMME_SLUG = "economie071"

    assert programme_current() == chosen
