"""The models and the migrations agree, for every app of the platform."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(capsys):
    # --check exits with status 1 (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", verbosity=1)

    assert "No changes detected" in capsys.readouterr().out
