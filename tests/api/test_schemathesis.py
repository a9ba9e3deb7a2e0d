"""The API against its committed OpenAPI document, with generated requests (schemathesis).

For every operation of docs/openapi.yaml (the document /api/v1/schema serves), schemathesis
generates requests, valid ones and ones the document forbids (control characters, values
out of range, wrong types, empty values), and sends them through the whole Django stack
(its WSGI handler, with every middleware) to a database holding the demo: every app's
data, so the responses carry real nested objects. Each request goes out as a visitor or
as one of two logged-in users (the programme office, who may see every card's working
state, and a job seeker with a skills passport). It checks that:

- no response is a server error (5xx);
- status codes, content types, headers and bodies are what the document says;
- requests the document forbids are refused with a 4xx.

Not checked: that every schema-valid request is accepted (positive_data_acceptance). A
filter value that names nothing (`?pillar=nonexistent`) is valid to the schema and, by
design, a 400 naming the parameter.

The run is deterministic (fixed seed, derandomized) and bounded: SCHEMATHESIS_MAX_EXAMPLES
(default 25) generated requests per operation, plus schemathesis's boundary cases.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
# Who sends a request: nobody (a visitor), the programme office, a job seeker.
USERS = [None, "programmabureau", "werkzoekende"]

config = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "seed": 71,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "checks": {"positive_data_acceptance": {"enabled": False}},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)
schema = schemathesis.openapi.from_path(DOCUMENT, config=config)
# The whole Django application, as a WSGI server would call it: every middleware included.
schema.app = WSGIHandler()


@pytest.fixture(scope="module")
def sessions(django_db_setup, django_db_blocker):
    """The demo, loaded once for every operation and rolled back afterwards; the session
    cookie of each logged-in user.

    The requests run in this thread on this connection, inside the transaction; Django's
    own test client keeps the connection open across requests the same way."""
    with django_db_blocker.unblock():
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            with transaction.atomic():
                call_command("load_demo", stdout=StringIO())
                cookies = {None: None}
                for username in USERS[1:]:
                    client = Client()
                    client.force_login(get_user_model().objects.get(username=username))
                    cookies[username] = {"sessionid": client.cookies["sessionid"].value}
                yield cookies
                transaction.set_rollback(True)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@schema.given(user=st.sampled_from(USERS))
@schema.parametrize()
# The database fixture holds for all examples of an operation: the API only reads.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_keeps_to_its_document(case, user, sessions, db):
    case.call_and_validate(cookies=sessions[user])
