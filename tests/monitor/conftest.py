"""Monitor fixtures: themes and indicators made through the services, rows to import.

The figures here are test data, not real-world figures.
"""

import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from economie071.monitor import services
from economie071.monitor.tables import Row

TEST_SOURCE = "Testgegevens (geen echte cijfers)"


def rows(*records) -> list[Row]:
    """Import rows from tuples (indicator, area, year, value, unit[, status]); lines from 2."""
    result = []
    for line, record in enumerate(records, start=2):
        indicator, area, year, value, unit, *rest = record
        cells = {
            "indicator": indicator,
            "area": area,
            "year": str(year),
            "value": str(value),
            "unit": unit,
            "status": rest[0] if rest else "",
            "source": TEST_SOURCE,
        }
        result.append(Row(line=line, cells=cells))
    return result


@pytest.fixture
def themes(db):
    return {
        "werk": services.theme_upsert(actor=None, slug="werk", name="Werk", order=1),
        "bedrijvigheid": services.theme_upsert(
            actor=None, slug="bedrijvigheid", name="Bedrijvigheid", order=2
        ),
    }


@pytest.fixture
def indicators(themes):
    def make(slug, name, theme, unit, **kwargs):
        return services.indicator_upsert(
            actor=None,
            slug=slug,
            name=name,
            theme=themes[theme],
            unit=unit,
            source_name=TEST_SOURCE,
            **kwargs,
        )

    return {
        "banen": make("banen", "Banen", "werk", "banen"),
        "werkloosheid": make("werkloosheid", "Werkloosheid", "werk", "%", direction="lower"),
        "vestigingen": make("vestigingen", "Vestigingen", "bedrijvigheid", "vestigingen"),
        "overnachtingen": make(
            "overnachtingen", "Overnachtingen", "bedrijvigheid", "nachten", geography="region"
        ),
    }


BASIC = [
    ("banen", "leiden", 2014, 1000, "banen"),
    ("banen", "leiden", 2015, 1100, "banen"),
    ("werkloosheid", "leiden", 2014, 8, "%"),
    ("werkloosheid", "leiden", 2015, 10, "%"),
    ("vestigingen", "leiden", 2014, 50, "vestigingen"),
    ("vestigingen", "leiden", 2015, 60, "vestigingen"),
]


@pytest.fixture
def observed(programme, indicators):
    """Leiden with three indicators in 2014 and 2015 (test figures)."""
    return services.observations_import(actor=None, rows=rows(*BASIC), file_name="test.csv")


@pytest.fixture
def monitor_demo(programme):
    from economie071.monitor.demo import load_monitor_demo

    return load_monitor_demo(programme)


# --- A local CBS StatLine: recorded responses served over real HTTP -------------------------------

CBS_RESPONSES = Path(__file__).resolve().parent / "cbs_responses"


class CbsServer:
    """http.server on 127.0.0.1 (a free port) answering like CBS's two OData APIs.

    Routes: /ODataApi/odata/<table>/<collection> (v3) and /odata/v1/CBS/<table>/<collection>
    (v4) are answered from cbs_responses/<v3|v4>_<table>_<collection>[_<page>].json; a
    request with $skip gets page 2. Table 50000ERR answers 500, 50000BAD a body that is not
    JSON, 50000SLW answers after `slow` seconds. Every request's path and query is kept in
    `requests`.
    """

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        self.slow = 1.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def do_GET(self):  # noqa: N802 - the name http.server asks for
                parts = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parts.query)
                server.requests.append((parts.path, query))
                segments = parts.path.strip("/").split("/")
                if segments[:2] == ["ODataApi", "odata"] and len(segments) == 4:
                    api, table, collection = "v3", segments[2], segments[3]
                elif segments[:3] == ["odata", "v1", "CBS"] and len(segments) == 5:
                    api, table, collection = "v4", segments[3], segments[4]
                else:
                    return self._send(404, b'{"error": "not found"}')
                if table == "50000ERR":
                    return self._send(500, b"Internal error: the table is being updated")
                if table == "50000BAD":
                    return self._send(200, b'{"value": [ {"broken"')
                if table == "50000SLW":
                    time.sleep(server.slow)
                    return self._send(200, b'{"value": []}')
                page = 2 if "$skip" in query else 1
                name = f"{api}_{table}_{collection}"
                path = CBS_RESPONSES / f"{name}_{page}.json"
                if not path.exists():
                    path = CBS_RESPONSES / f"{name}.json"
                if not path.exists():
                    return self._send(404, b'{"error": "no such table"}')
                body = path.read_text(encoding="utf-8").replace("{base}", server.url)
                return self._send(200, body.encode("utf-8"))

            def _send(self, status: int, body: bytes):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test): nothing to answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def queries(self, collection: str) -> list[dict]:
        return [query for path, query in self.requests if path.endswith("/" + collection)]


@pytest.fixture
def cbs_server():
    with CbsServer() as server:
        yield server


@pytest.fixture
def unreachable_url():
    """An address where nothing listens: a port bound and closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
