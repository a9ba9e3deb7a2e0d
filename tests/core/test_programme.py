"""The programme this site runs (core/programme.py)."""

import pytest
from django.http import Http404

from economie071.core.programme import programme_current, programme_or_404
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


def test_without_a_programme_the_pages_are_not_found():
    with pytest.raises(Http404):
        programme_or_404()
    programme = ProgrammeFactory()
    assert programme_or_404() == programme
