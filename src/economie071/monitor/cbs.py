"""A small client for CBS StatLine open data: the old OData v3 API and the new OData v4 API.

Plain Python on the standard library (urllib, json): no Django, so it is tested against a
real local HTTP server with recorded responses. What it asks CBS:

- OData v3 (``https://opendata.cbs.nl/ODataApi/odata/<table>/...``): ``DataProperties`` to
  check the column exists (and its unit), then ``TypedDataSet`` with ``$filter`` on the
  region codes (and periods) and ``$select`` of the region, period and measure columns.
  Rows look like ``{"ID": 0, "RegioS": "GM0546  ", "Perioden": "2019JJ00",
  "AantalInwoners_5": 124899}``; a region key is padded with spaces.
- OData v4 (``https://datasets.cbs.nl/odata/v1/CBS/<table>/...``): ``MeasureCodes`` to check
  the measure exists (and its unit), then ``Observations`` filtered on ``Measure`` and the
  region codes; rows look like ``{"Id": 3, "Measure": "M000352", "ValueAttribute": "None",
  "Value": 124899.0, "WijkenEnBuurten": "GM0546", "Perioden": "2019JJ00"}``.

Both APIs page a long answer: the next page's address is in ``odata.nextLink`` (v3) or
``@odata.nextLink`` (v4); the client follows it (up to ``max_pages``). Every failure (host
unreachable, timeout, an error status, a body that is not the JSON we expect) raises
CbsError naming the URL and the reason.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

V3 = "v3"
V4 = "v4"
DEFAULT_BASE_URLS = {V3: "https://opendata.cbs.nl", V4: "https://datasets.cbs.nl"}
PATHS = {V3: "/ODataApi/odata/{table}/", V4: "/odata/v1/CBS/{table}/"}
DEFAULT_TIMEOUT = 30.0
MAX_PAGES = 200
USER_AGENT = "economie071-monitor (+https://www.economie071.nl)"


class CbsError(Exception):
    """CBS could not be asked or gave an answer we cannot use; `url` is what we asked."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Query:
    """What to fetch: one measure of one table for some regions (and periods)."""

    api: str
    table_id: str
    measure: str
    region_dimension: str
    region_codes: tuple[str, ...]
    period_dimension: str = ""
    years: tuple[int, ...] = ()
    # Other dimensions held at one code each (("Geslacht", "T001038"), ...): the totals of
    # a table with more dimensions than region and period.
    fixed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Value:
    region_code: str
    year: int | None  # None: the table has no period dimension
    value: Decimal | None  # None: CBS has no figure (secret, not yet known, impossible)


@dataclass
class Result:
    values: list[Value]
    unit: str
    urls: list[str] = field(default_factory=list)


def period_code(year: int) -> str:
    """The CBS code of a whole year: 2019JJ00."""
    return f"{year}JJ00"


def year_of_period(code: str) -> int | None:
    code = code.strip()
    if len(code) == 8 and code[:4].isdigit() and code[4:6] == "JJ":
        return int(code[:4])
    return None


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class CbsClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_pages: int = MAX_PAGES,
    ):
        """`base_url` replaces the scheme and host of both APIs (a mirror, or a test server)."""
        self.base_url = base_url.rstrip("/") if base_url else None
        self.timeout = timeout
        self.max_pages = max_pages

    # --- HTTP ---------------------------------------------------------------------------------

    def table_url(self, api: str, table_id: str) -> str:
        if api not in PATHS:
            raise ValueError(f"Unknown CBS API {api!r}; use v3 or v4.")
        base = self.base_url or DEFAULT_BASE_URLS[api]
        return base + PATHS[api].format(table=urllib.parse.quote(table_id, safe=""))

    def get_json(self, url: str) -> dict:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked just below
            url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise CbsError(url, "only http and https addresses can be used")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as error:
            detail = ""
            with contextlib.suppress(OSError):
                detail = error.read(500).decode("utf-8", "replace").strip()
            reason = f"CBS answered with HTTP status {error.code} ({error.reason})"
            raise CbsError(url, reason + (f": {detail}" if detail else "")) from None
        except urllib.error.URLError as error:
            raise CbsError(url, f"CBS cannot be reached ({error.reason})") from None
        except TimeoutError:
            raise CbsError(url, f"no answer within {self.timeout:g} seconds") from None
        except OSError as error:
            raise CbsError(url, f"CBS cannot be reached ({error})") from None
        try:
            data = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CbsError(url, f"the answer is not valid JSON ({error})") from None
        if not isinstance(data, dict) or not isinstance(data.get("value"), list):
            raise CbsError(url, "the answer has no list of values ('value')")
        return data

    def get_all(self, url: str, urls: list[str] | None = None) -> list[dict]:
        """Every row of a collection, following the next-page links of v3 and v4."""
        rows: list[dict] = []
        pages = 0
        next_url: str | None = url
        while next_url:
            pages += 1
            if pages > self.max_pages:
                raise CbsError(url, f"more than {self.max_pages} pages; narrow the query")
            data = self.get_json(next_url)
            if urls is not None:
                urls.append(next_url)
            for row in data["value"]:
                if not isinstance(row, dict):
                    raise CbsError(next_url, "a row of the answer is not an object")
                rows.append(row)
            link = data.get("@odata.nextLink") or data.get("odata.nextLink")
            next_url = urllib.parse.urljoin(next_url, link) if link else None
        return rows

    # --- Queries ------------------------------------------------------------------------------

    def _url(self, api: str, table_id: str, collection: str, params: dict[str, str]) -> str:
        query = urllib.parse.urlencode(params, quote_via=urllib.parse.quote, safe="$,'()")
        return self.table_url(api, table_id) + collection + ("?" + query if query else "")

    def measure_unit(self, api: str, table_id: str, measure: str, urls: list[str]) -> str:
        """The unit CBS states for the measure; CbsError when the table does not have it."""
        if api == V3:
            collection, key = "DataProperties", "Key"
        else:
            collection, key = "MeasureCodes", "Identifier"
        url = self._url(api, table_id, collection, {"$filter": f"{key} eq {_quote(measure)}"})
        rows = [row for row in self.get_all(url, urls) if str(row.get(key, "")) == measure]
        if not rows:
            raise CbsError(url, f"table {table_id} has no measure {measure}")
        return str(rows[0].get("Unit") or "").strip()

    def fetch(self, query: Query) -> Result:
        """The values of one measure for the regions (and years) asked."""
        urls: list[str] = []
        unit = self.measure_unit(query.api, query.table_id, query.measure, urls)
        region = query.region_dimension
        regions = " or ".join(
            (
                f"substringof({_quote(code)},{region})"
                if query.api == V3
                else f"startswith({region},{_quote(code)})"
            )
            for code in query.region_codes
        )
        clauses = [f"({regions})"] if regions else []
        clauses += [f"{dimension} eq {_quote(code)}" for dimension, code in query.fixed]
        if query.period_dimension and query.years:
            periods = " or ".join(
                f"{query.period_dimension} eq {_quote(period_code(year))}" for year in query.years
            )
            clauses.append(f"({periods})")
        if query.api == V3:
            select = [region] + ([query.period_dimension] if query.period_dimension else [])
            params = {
                "$filter": " and ".join(clauses),
                "$select": ",".join(select + [query.measure]),
            }
            url = self._url(query.api, query.table_id, "TypedDataSet", params)
        else:
            clauses.insert(0, f"Measure eq {_quote(query.measure)}")
            url = self._url(
                query.api, query.table_id, "Observations", {"$filter": " and ".join(clauses)}
            )
        rows = self.get_all(url, urls)
        wanted = set(query.region_codes)
        values = [value for row in rows if (value := self._value(query, row, url)) is not None]
        values = [v for v in values if v.region_code in wanted]
        if query.period_dimension and query.years:
            values = [v for v in values if v.year in query.years]
        return Result(values=values, unit=unit, urls=urls)

    def _value(self, query: Query, row: dict, url: str) -> Value | None:
        if any(str(row.get(d, "")).strip() != c for d, c in query.fixed):
            return None  # another sex, age, … (the filter should have left it out)
        code = row.get(query.region_dimension)
        if not isinstance(code, str):
            raise CbsError(url, f"a row has no region in {query.region_dimension}")
        year = None
        if query.period_dimension:
            period = row.get(query.period_dimension)
            year = year_of_period(period) if isinstance(period, str) else None
            if year is None:
                raise CbsError(url, f"a row has no year in {query.period_dimension}: {period!r}")
        if query.api == V3:
            raw = row.get(query.measure)
        else:
            if row.get("Measure") != query.measure:
                return None  # another measure (the filter should have left it out)
            raw = row.get("Value")
        return Value(code.strip(), year, _number(raw, url))


def _number(raw, url: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CbsError(url, f"a value is not a number: {raw!r}")
    if isinstance(raw, int | float):
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if text in ("", ".", "x", "-"):
            return None  # CBS's marks for "not known", "secret" and "nil/impossible"
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    raise CbsError(url, f"a value is not a number: {raw!r}")
