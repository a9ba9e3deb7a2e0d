"""The production topology on loopback (tests/ops/topology.py): nginx with TLS in front of
two gunicorn servers with the production settings on PostgreSQL and Redis, and a Celery
worker. Everything goes through nginx as a browser would, except where the two app servers
are asked directly to compare them.

Run it alone with ``pytest -m topology``. It needs nginx, PostgreSQL and Redis; without
them it is skipped with the reason, except in CI (CI=true), where it fails.
"""

import email
import os
import re
import time
from pathlib import Path

import pytest
import requests

from tests.ops.topology import DEFAULT_DATABASE, Topology, TopologyUnavailable, check_prerequisites

pytestmark = pytest.mark.topology

DATABASE_URL = os.environ.get("TOPOLOGY_DATABASE_URL", DEFAULT_DATABASE)
REDIS_URL = os.environ.get("TOPOLOGY_REDIS_URL", "redis://127.0.0.1:6379/4")
DEMO_PASSWORD = "economie071-demo"  # noqa: S105 (the demo's published password)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def topology():
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail(
            "run the topology test in one process: TEST_WORKERS=0 scripts/test.sh -m topology"
        )
    try:
        check_prerequisites(DATABASE_URL, REDIS_URL)
    except TopologyUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the topology cannot run: {exc}")
        pytest.skip(f"the topology cannot run here: {exc}")
    topology = Topology(database_url=DATABASE_URL, redis_url=REDIS_URL)
    try:
        topology.prepare()
        topology.start()
        yield topology
    finally:
        topology.stop()


def _wait(predicate, *, seconds: float, what: str):
    """Wait for the running system (a worker's job); fail with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"{what} did not happen within {seconds:.0f} s")


def _token(session, url: str) -> str:
    page = session.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return TOKEN.search(page.text).group(1)


def _post(session, url: str, data: dict) -> requests.Response:
    data = {"csrfmiddlewaretoken": _token(session, url), **data}
    return session.post(url, data=data, headers={"Referer": url}, allow_redirects=False)


def sign_in(topology, username: str, password: str = DEMO_PASSWORD, *, source=None):
    session = topology.session(source)
    url = f"{topology.base_url}/inloggen/"
    return session, _post(session, url, {"username": username, "password": password})


def test_sign_in_through_nginx(topology):
    session, response = sign_in(topology, "programmabureau")
    assert response.status_code == 302, response.text[:500]
    assert response.cookies.get("sessionid") or session.cookies.get("sessionid")
    dashboard = session.get(topology.base_url + response.headers["Location"])
    assert dashboard.status_code == 200
    assert "Uitloggen" in dashboard.text or "uitloggen" in dashboard.text
    # Production settings behind the proxy: secure cookies, HSTS, the scheme from nginx.
    assert "Secure" in response.headers["Set-Cookie"]
    assert "max-age" in dashboard.headers["Strict-Transport-Security"]


def test_an_edition_is_published_and_its_pdf_comes_from_the_worker(topology):
    session, _ = sign_in(topology, "programmabureau")
    url = f"{topology.base_url}/overzichten/2019-H2/maken/"
    response = _post(
        session,
        url,
        {
            "issue": "1",
            "title": "Projectenoverzicht topologie",
            "issued_on": "2019-11-26",
            "correction_reason": "Een correctie, uitgegeven in de topologietest.",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    edition_url = topology.base_url + response.headers["Location"]
    assert re.search(r"/overzichten/2019-H2/versie-2/$", edition_url), edition_url
    pdf_url = edition_url + "projectenoverzicht.pdf"
    pdf = _wait(
        lambda: (r := session.get(pdf_url)).status_code == 200 and r,
        seconds=180,
        what="the edition's PDF",
    )
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    worker = topology.log("worker")
    assert re.search(
        r"Task economie071\.publications\.tasks\.edition_render_pdf\[.*\] succeeded", worker
    )
    # Anonymous visitors get it too, from the file the worker stored.
    assert topology.session().get(pdf_url).content == pdf.content


def test_an_event_registration_mail_comes_from_the_worker(topology):
    session = topology.session()
    url = f"{topology.base_url}/evenementen/voorbeeld-startersdag/"
    token = _token(session, url)
    response = session.post(
        url + "aanmelden/",
        data={
            "csrfmiddlewaretoken": token,
            "name": "Anna de Vries",
            "email": "anna.topologie@example.org",
            "organisation": "Bakkerij De Vries",
        },
        headers={"Referer": url},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:2000]

    def mail():
        for path in Path(topology.mail_dir).glob("*.log"):
            raw = path.read_bytes()
            if b"anna.topologie@example.org" in raw:
                return raw
        return None

    raw = _wait(mail, seconds=120, what="the confirmation mail")
    message = email.message_from_bytes(raw.split(b"\n" + b"-" * 79)[0])
    assert message["To"] == "anna.topologie@example.org"
    [text] = [part for part in message.walk() if part.get_content_type() == "text/plain"]
    body = text.get_payload(decode=True).decode(text.get_content_charset() or "utf-8")
    # The link is built from SITE_URL (the public address), not from the request.
    assert f"{topology.base_url}/evenementen/bevestigen/" in body
    assert re.search(
        r"Task economie071\.core\.tasks\.send_mail\[.*\] succeeded", topology.log("worker")
    )


def _matches(topology, session, port: int) -> list:
    """The signed-in person's matches, asked of one app server directly."""
    response = session.get(
        f"http://127.0.0.1:{port}/api/v1/skills/me/matches?pageSize=50",
        headers={"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{topology.port}"},
    )
    assert response.status_code == 200, response.text[:500]
    return response.json()["results"]


def _scores(matches: list) -> list:
    return [(m["vacancy"]["id"], m["score"]) for m in matches]


def test_both_app_servers_answer_the_same_matches_after_a_passport_change(topology):
    session, response = sign_in(topology, "werkzoekende")
    assert response.status_code == 302
    # The cookie is Secure: sent to the app servers directly (plain HTTP) by hand.
    direct = requests.Session()
    direct.trust_env = False
    direct.cookies.set("sessionid", session.cookies["sessionid"])
    matches = _matches(topology, direct, topology.app_ports[0])
    before = [_scores(_matches(topology, direct, port)) for port in topology.app_ports]
    assert before[0] == before[1] == _scores(matches)
    assert before[0], "the demo's job seeker has matches"
    # The skill that would add most to the best match, added at expert level: that score
    # rises. (Removing a matched skill need not change it: work experience in an
    # occupation is evidence for its skills too.)
    skill = matches[0]["explanation"]["gains"][0]["skill"]
    url = f"{topology.base_url}/huis-van-skills/paspoort/"
    added = session.post(
        f"{url}vaardigheden/",
        data={
            "csrfmiddlewaretoken": _token(session, url),
            "skill": skill,
            "level": "4",
            "evidence": "self_assessed",
        },
        headers={"Referer": url},
        allow_redirects=False,
    )
    assert added.status_code == 302
    after = [_scores(_matches(topology, direct, port)) for port in topology.app_ports]
    assert after[0] == after[1]
    assert after[0] != before[0]


def test_the_login_throttle_sees_the_real_client_address(topology):
    # Three wrong passwords from 127.0.0.2 lock that address out for this user …
    for _ in range(3):
        _session, response = sign_in(topology, "organisator", "fout-wachtwoord", source="127.0.0.2")
        assert response.status_code in (200, 429)
    _session, locked = sign_in(topology, "organisator", source="127.0.0.2")
    assert locked.status_code == 429
    # … also when that client writes another address into X-Forwarded-For itself …
    session = topology.session("127.0.0.2")
    url = f"{topology.base_url}/inloggen/"
    token = _token(session, url)
    forged = session.post(
        url,
        data={"csrfmiddlewaretoken": token, "username": "organisator", "password": DEMO_PASSWORD},
        headers={"Referer": url, "X-Forwarded-For": "198.51.100.7"},
        allow_redirects=False,
    )
    assert forged.status_code == 429
    # … but not another client (all of them reach the app servers from nginx's address).
    _session, other = sign_in(topology, "organisator", source="127.0.0.3")
    assert other.status_code == 302


def test_health_and_metrics_through_nginx(topology):
    session = topology.session()
    ready = session.get(f"{topology.base_url}/readyz").json()
    assert ready["status"] == "ok"
    assert set(ready["checks"]) == {"database", "migrations", "cache", "broker"}
    assert session.get(f"{topology.base_url}/metrics").status_code == 404
    metrics = session.get(
        f"{topology.base_url}/metrics",
        headers={"Authorization": f"Bearer {topology.metrics_token}"},
    )
    assert metrics.status_code == 200
    # Every process's figures: the app servers' requests and the worker's jobs.
    assert re.search(r'economie071_request_seconds_count\{[^}]*view="web:login"', metrics.text)
    assert re.search(
        r'economie071_jobs_run_total\{task="economie071.core.tasks.send_mail"\} [1-9]', metrics.text
    )
