"""The monitor's pages: parse the request, call one selector or calculation, render."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core import jobs
from economie071.core import tasks as core_tasks
from economie071.core.charts import allocation_chart
from economie071.core.exports import (
    SheetTable,
    csv_response,
    new_workbook,
    write_row,
    xlsx_response,
)
from economie071.core.groups import is_programme_office
from economie071.core.programme import programme_current
from economie071.monitor import (
    charts,
    constants,
    impact,
    reporting,
    selectors,
    services,
    tables,
    tasks,
)
from economie071.monitor import index as calc
from economie071.monitor.exceptions import ImportRejected, MonitorError
from economie071.monitor.forms import (
    ActionLineForm,
    CongressImpactForm,
    CostAllocationForm,
    ExpatImpactForm,
    ImportForm,
    IndexFilterForm,
    LedgerEntryForm,
    ProgressForm,
    ScenarioForm,
    YearForm,
)
from economie071.monitor.reporting import (
    EXAMPLE_NOTE,
    MISSING_RULE,
    POLICY_NOTE,
    contribution_rows,
    report_title,
)

ALL_INDICATORS = "alle"


def _programme():
    programme = programme_current()
    if programme is None:
        raise Http404(_("No programme has been set up yet."))
    return programme


def _report_for(request, programme):
    """The edition and area asked for in the query string (defaults: latest, the region)."""
    editions = list(selectors.edition_list())
    areas = selectors.monitor_areas(programme=programme)
    form = IndexFilterForm(request.GET or None, editions=editions, areas=areas)
    edition_slug = editions[0].slug if editions else ALL_INDICATORS
    area_key = areas[0].key
    if form.is_bound and form.is_valid():
        edition_slug = form.cleaned_data["edition"] or edition_slug
        area_key = form.cleaned_data["area"] or area_key
    edition = next((e for e in editions if e.slug == edition_slug), None)
    form = IndexFilterForm(
        initial={"edition": edition_slug, "area": area_key}, editions=editions, areas=areas
    )
    return form, edition, area_key


def index_dashboard(request):
    programme = _programme()
    form, edition, area_key = _report_for(request, programme)
    context = {
        "form": form,
        "policy_note": POLICY_NOTE,
        "missing_rule": MISSING_RULE,
        "example_note": EXAMPLE_NOTE,
        "query": request.GET.urlencode(),
    }
    try:
        report = selectors.index_report(programme=programme, edition=edition)
    except MonitorError as error:
        context["errors"] = error.messages
        return render(request, "monitor/index_dashboard.html", context, status=200)
    context.update(_dashboard(report, area_key))
    return render(request, "monitor/index_dashboard.html", context)


def _dashboard(report: selectors.IndexReport, area_key: str) -> dict:
    area = report.area(area_key) or report.areas[0]
    result = report.results.get(area.key)
    years = report.years
    latest = report.latest_year
    theme_names = {t.slug: t.name for t in report.themes}
    title = report_title(report)

    def total(key, year):
        found = report.results.get(key)
        item = found.year(year) if found else None
        return calc.to_decimal(item.total, 1) if item else None

    total_chart = charts.line_chart(
        [{"label": area.name, "points": [(y, total(area.key, y)) for y in years]}],
        title=_("Total index of %(area)s (%(year)s = 100)")
        % {"area": area.name, "year": report.base_year},
    )
    theme_charts = []
    for theme in report.themes:
        points = []
        for year in years:
            item = result.year(year) if result else None
            value = item.themes.get(theme.slug) if item else None
            points.append((year, calc.to_decimal(value, 1)))
        theme_charts.append(
            {
                "name": theme.name,
                "chart": charts.line_chart(
                    [{"label": area.name, "points": points}],
                    title=_("%(theme)s, %(area)s") % {"theme": theme.name, "area": area.name},
                    height=200,
                ),
            }
        )
    side_by_side = [{"area": a, "values": [total(a.key, y) for y in years]} for a in report.areas]
    areas_chart = charts.bar_chart(
        [{"label": a.name, "value": total(a.key, latest)} for a in report.areas],
        title=_("Total index per area in %(year)s") % {"year": latest},
    )
    indicator_rows = []
    latest_item = result.year(latest) if result else None
    for info in report.indicators:
        applies = info.geography != "region" or area.kind == selectors.REGION
        value = latest_item.indicators.get(info.slug) if latest_item and applies else None
        indicator_rows.append(
            {
                "info": info,
                "theme": theme_names.get(info.theme, ""),
                "latest": value,
                "applies": applies,
            }
        )
    missing = []
    if result:
        names = {i.slug: i.name for i in report.indicators}
        for item in result.years:
            if item.missing or item.missing_themes:
                missing.append(
                    {
                        "year": item.year,
                        "indicators": [names[slug] for slug in item.missing],
                        "themes": [theme_names[slug] for slug in item.missing_themes],
                    }
                )
    contributions = {}
    if result and latest:
        contributions = {
            "previous": contribution_rows(report, result.since_previous(latest)),
            "previous_change": _change(result.since_previous(latest)),
            "base": contribution_rows(report, result.since_base(latest))
            if latest != report.base_year
            else [],
            "base_change": _change(result.since_base(latest)),
        }
    return {
        "report": report,
        "title": title,
        "area": area,
        "result": result,
        "years": years,
        "latest": latest,
        "latest_total": total(area.key, latest) if latest else None,
        "total_chart": total_chart,
        "theme_charts": theme_charts,
        "side_by_side": side_by_side,
        "areas_chart": areas_chart,
        "indicator_rows": indicator_rows,
        "missing": missing,
        "contributions": contributions,
    }


def _change(change):
    return None if change is None else calc.to_decimal(change.change, 2)


def index_export(request, fmt: str):
    programme = _programme()
    _form, edition, _area = _report_for(request, programme)
    try:
        report = selectors.index_report(programme=programme, edition=edition)
    except MonitorError as error:
        return HttpResponse(
            "\n".join(error.messages), status=409, content_type="text/plain; charset=utf-8"
        )
    rows = selectors.index_rows(report=report)
    example = _("yes") if report.example_data else _("no")
    header = [
        _("area"),
        _("area name"),
        _("year"),
        _("level"),
        _("code"),
        _("name"),
        _("index"),
        _("left out for missing data"),
        _("voorbeeldcijfers"),
    ]
    keys = ["area", "area_name", "year", "level", "code", "name", "index", "left_out"]
    name = f"index071-{report.edition.slug if report.edition else 'alle-indicatoren'}"
    notes = [str(POLICY_NOTE), str(MISSING_RULE)]
    if report.example_data:
        notes.insert(0, str(EXAMPLE_NOTE))
    if fmt == "csv":
        return csv_response(
            [header] + [[row[k] for k in keys] + [example] for row in rows],
            filename=f"{name}.csv",
        )
    workbook = new_workbook()
    table = SheetTable(workbook.active, header)
    workbook.active.title = "Index071"
    for row in rows:
        table.add([row[k] for k in keys] + [example])
    table.finish()
    notes_sheet = workbook.create_sheet(_("Notes"))
    lines = [report_title(report), _("Base year %(year)s = 100") % {"year": report.base_year}]
    for number, note in enumerate(lines + notes, start=1):
        write_row(notes_sheet, number, [note])
    return xlsx_response(workbook, filename=f"{name}.xlsx")


# --- Impact calculators -------------------------------------------------------------------------


def _seed_figures():
    return {
        "source": constants.SEED_SOURCE,
        "congress_days": constants.CONGRESS_PARTICIPANT_DAYS,
        "congress_days_final": constants.CONGRESS_PARTICIPANT_DAYS_FINAL,
        "congress_impact": constants.CONGRESS_IMPACT,
        "congress_year": constants.CONGRESS_YEAR,
        "congress_basis": constants.CONGRESS_IMPACT_BASIS,
        "expat_growth_region": constants.EXPAT_GROWTH_REGION * 100,
        "expat_growth_national": constants.EXPAT_GROWTH_NATIONAL * 100,
        "expat_period": constants.EXPAT_GROWTH_PERIOD,
        "jobs_per_expat": constants.SPIN_OFF_JOBS_PER_EXPAT,
        "park_direct_jobs": constants.BUSINESS_PARK_DIRECT_JOBS,
        "park_indirect_jobs": constants.BUSINESS_PARK_INDIRECT_JOBS,
    }


def congress_impact(request):
    derivation = impact.spend_per_participant_day(
        constants.CONGRESS_IMPACT, constants.CONGRESS_PARTICIPANT_DAYS
    )
    form = CongressImpactForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        spend = form.cleaned_data["spend_per_day"]
        spend = derivation.spend_per_day if spend is None else spend
        result = {
            "participant_days": form.cleaned_data["participant_days"],
            "spend": spend,
            "impact": impact.congress_impact(form.cleaned_data["participant_days"], spend),
        }
    return render(
        request,
        "monitor/impact_congress.html",
        {"form": form, "derivation": derivation, "result": result, "seed": _seed_figures()},
    )


def expat_impact(request):
    form = ExpatImpactForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        ratio = form.cleaned_data["jobs_per_expat"]
        ratio = constants.SPIN_OFF_JOBS_PER_EXPAT if ratio is None else ratio
        result = {
            "expats": form.cleaned_data["expats"],
            "ratio": ratio,
            "jobs": impact.spin_off_jobs(form.cleaned_data["expats"], ratio),
        }
    return render(
        request,
        "monitor/impact_expats.html",
        {"form": form, "result": result, "seed": _seed_figures()},
    )


@login_required
def cost_allocation(request):
    if not is_programme_office(request.user):
        raise PermissionDenied
    programme = _programme()
    years = selectors.population_years(programme=programme)
    municipalities = [
        a for a in selectors.monitor_areas(programme=programme) if a.kind != selectors.REGION
    ]
    form = CostAllocationForm(
        request.GET or None,
        years=years,
        municipalities=[(a.key, a.name) for a in municipalities],
        initial={"municipalities": [a.key for a in municipalities]},
    )
    shares = None
    chart = ""
    if form.is_bound and form.is_valid():
        try:
            shares = selectors.population_allocation(
                programme=programme,
                amount=form.cleaned_data["amount"],
                year=form.cleaned_data["year"],
                municipality_keys=form.cleaned_data["municipalities"],
            )
        except MonitorError as error:
            form.add_error(None, error.messages)
        else:
            chart = allocation_chart(
                [{"label": s.municipality.name, "amount": s.amount} for s in shares],
                title=_("Cost allocation by inhabitants"),
                description="",
            )
    total = sum((s.amount for s in shares), Decimal(0)) if shares else None
    return render(
        request,
        "monitor/cost_allocation.html",
        {"form": form, "shares": shares, "total": total, "chart": chart},
    )


# --- Shared helpers of the new pages ------------------------------------------------------------


def _require_office(request) -> None:
    if not is_programme_office(request.user):
        raise PermissionDenied


def _csv_response(name: str, header: list, rows: list[list]) -> HttpResponse:
    return csv_response([header, *rows], filename=f"{name}.csv")


def _xlsx_response(name: str, sheets: list[tuple[str, list, list[list]]]) -> HttpResponse:
    workbook = new_workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        if header:
            table = SheetTable(sheet, header)
            for row in rows:
                table.add(row)
            table.finish()
        else:
            for number, row in enumerate(rows, start=1):
                write_row(sheet, number, row)
    return xlsx_response(workbook, filename=f"{name}.xlsx")


def _year_from(request, years: list[int]) -> int | None:
    form = YearForm(request.GET or None, years=years)
    if form.is_bound and form.is_valid() and form.cleaned_data["jaar"]:
        return form.cleaned_data["jaar"]
    return years[-1] if years else None


# --- Retail monitor -----------------------------------------------------------------------------


def retail_monitor(request):
    programme = _programme()
    first = selectors.retail_monitor(programme=programme)
    year = _year_from(request, first.years)
    monitor = (
        first if year == first.year else selectors.retail_monitor(programme=programme, year=year)
    )
    context = {
        "monitor": monitor,
        "form": YearForm(initial={"jaar": monitor.year}, years=monitor.years),
        "example_note": reporting.RETAIL_EXAMPLE_NOTE,
        "monitor_vacancy_rule": reporting.RETAIL_VACANCY_RULE,
        "monitor_reduction_rule": reporting.RETAIL_REDUCTION_RULE,
        "can_manage": is_programme_office(request.user),
        **reporting.retail_charts(monitor),
    }
    return render(request, "monitor/retail.html", context)


def retail_export(request, fmt: str):
    programme = _programme()
    monitor = selectors.retail_monitor(programme=programme)
    header, rows = reporting.retail_rows(programme)
    example = _("yes") if monitor.example_data else _("no")
    rows = [row + [example] for row in rows]
    header = header + [_("voorbeeldcijfers")]
    lines_header, lines_rows = reporting.action_line_rows(monitor)
    if fmt == "csv":
        return _csv_response("retailmonitor", header, rows)
    notes = [[str(reporting.RETAIL_VACANCY_RULE)], [str(reporting.RETAIL_REDUCTION_RULE)]]
    if monitor.example_data:
        notes.insert(0, [str(reporting.RETAIL_EXAMPLE_NOTE)])
    return _xlsx_response(
        "retailmonitor",
        [
            (_("Shopping areas"), header, rows),
            (_("Lines of action"), lines_header, lines_rows),
            (_("Notes"), [], notes),
        ],
    )


@login_required
def action_line_edit(request, code: str):
    _require_office(request)
    line = selectors.action_line_by_code(code=code)
    if line is None:
        raise Http404(_("There is no line of action %(code)s.") % {"code": code})
    initial = {
        "name": line.name,
        "metric": line.metric,
        "baseline_year": line.baseline_year,
        "target_value": line.target_value,
        "target_unit": line.target_unit,
        "target_year": line.target_year,
        "target_source": line.target_source,
        "description": line.description,
    }
    form = ActionLineForm(initial=initial)
    progress_form = ProgressForm()
    if request.method == "POST":
        if request.POST.get("form") == "progress":
            progress_form = ProgressForm(request.POST)
            if progress_form.is_valid():
                try:
                    services.action_line_progress_record(
                        actor=request.user, line=line, **progress_form.cleaned_data
                    )
                except MonitorError as error:
                    progress_form.add_error(None, error.messages)
                else:
                    messages.success(request, _("The progress has been recorded."))
                    return redirect("monitor:action_line", code=line.code)
        else:
            form = ActionLineForm(request.POST)
            if form.is_valid():
                try:
                    services.action_line_upsert(
                        actor=request.user,
                        code=line.code,
                        contact_municipality=line.contact_municipality,
                        **form.cleaned_data,
                    )
                except MonitorError as error:
                    form.add_error(None, error.messages)
                else:
                    messages.success(request, _("The line of action has been saved."))
                    return redirect("monitor:action_line", code=line.code)
    return render(
        request,
        "monitor/action_line_edit.html",
        {
            "line": line,
            "form": form,
            "progress_form": progress_form,
            "progress": list(line.progress.order_by("year")),
            "manual": line.metric == constants.ActionLineMetric.MANUAL,
        },
    )


# --- Business parks -----------------------------------------------------------------------------


def business_parks(request):
    programme = _programme()
    form = ScenarioForm(request.GET or None)
    scenario = constants.Scenario.MID
    if form.is_bound and form.is_valid():
        scenario = form.cleaned_data["scenario"]
    overview = selectors.parks_overview(programme=programme)
    context = {
        "overview": overview,
        "scenario": scenario,
        "scenario_label": constants.Scenario(scenario).label,
        "form": ScenarioForm(initial={"scenario": scenario}),
        "example_note": reporting.PARKS_EXAMPLE_NOTE,
        "balance_rule": reporting.PARKS_BALANCE_RULE,
        "seed": _seed_figures(),
        "covenant": {"name": constants.COVENANT_NAME, "years": constants.COVENANT_YEARS},
        "can_manage": is_programme_office(request.user),
        **reporting.parks_context(overview, scenario),
    }
    return render(request, "monitor/business_parks.html", context)


def business_parks_export(request, fmt: str):
    programme = _programme()
    overview = selectors.parks_overview(programme=programme)
    sheets = reporting.parks_sheets(programme, overview)
    if fmt == "csv":
        title, header, rows = sheets[0]
        return _csv_response("bedrijventerreinen", header, rows)
    return _xlsx_response("bedrijventerreinen", sheets)


@login_required
def ledger_entry_create(request):
    _require_office(request)
    programme = _programme()
    municipalities = list(selectors.region_municipalities(programme=programme))
    parks = list(selectors.business_park_list(programme=programme))
    form = LedgerEntryForm(
        request.POST or None,
        municipalities=municipalities,
        parks=parks,
        initial={"source": ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = next(m for m in municipalities if m.slug == data["municipality"])
        park = next((p for p in parks if p.slug == data["park"]), None)
        try:
            services.ledger_entry_create(
                actor=request.user,
                municipality=municipality,
                park=park,
                year=data["year"],
                kind=data["kind"],
                hectares=data["hectares"],
                description=data["description"],
                source=data["source"],
            )
        except MonitorError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The entry has been added to the ledger."))
            return redirect("monitor:parks")
    return render(request, "monitor/ledger_entry_form.html", {"form": form})


# --- Import page --------------------------------------------------------------------------------

SPECS = {
    constants.ImportKind.OBSERVATIONS: (tables.OBSERVATIONS, services.observations_import),
    constants.ImportKind.RETAIL: (tables.RETAIL, services.retail_figures_import),
    constants.ImportKind.PARKS: (tables.PARKS, services.park_figures_import),
    constants.ImportKind.DEMAND: (tables.DEMAND, services.land_demand_import),
}
# The imports that name shopping areas or business parks, new ones only when asked.
CREATES = {constants.ImportKind.RETAIL, constants.ImportKind.PARKS}


@login_required
def import_page(request):
    _require_office(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        spec, service = SPECS[kind]
        options = {"create_new": form.cleaned_data["create_new"]} if kind in CREATES else {}
        try:
            rows = tables.read_table(upload.read(), upload.name, spec)
            batch = service(actor=request.user, rows=rows, file_name=upload.name, **options)
        except tables.TableError as error:
            report = {"ok": False, "file_errors": [str(error)], "line_errors": []}
        except ImportRejected as error:
            report = {
                "ok": False,
                "file_errors": error.file_errors,
                "line_errors": error.line_errors,
            }
        else:
            report = {"ok": True, "batch": batch, "rows": len(rows)}
        if not report["ok"]:
            status = 422
    templates = [
        {
            "kind": kind,
            "label": label,
            "columns": SPECS[kind][0].columns,
            "required": SPECS[kind][0].required,
            "example": SPECS[kind][0].template(),
        }
        for kind, label in constants.ImportKind.choices
        if kind in SPECS
    ]
    return render(
        request,
        "monitor/import.html",
        {
            "form": form,
            "report": report,
            "templates": templates,
            "imports": selectors.import_list(),
        },
        status=status,
    )


# --- The yearly monitor report ------------------------------------------------------------------


@require_POST
def cbs_import_start(request):
    """Fetch the figures of every CBS mapping as a job (`economie071 import_cbs`)."""
    _require_office(request)
    args = ["--user", request.user.get_username()]
    if settings.CBS_BASE_URL:
        args += ["--base-url", settings.CBS_BASE_URL]
    jobs.start_for_page(
        request,
        core_tasks.run_command,
        "import_cbs",
        *args,
        started=_(
            "The CBS import has started in the background. Reload this page in a "
            "minute: the list of imports shows it once it is done."
        ),
        failed=_("The CBS import failed; nothing was imported. %(reason)s"),
        done=_("The CBS figures have been imported; see the list below."),
    )
    return redirect("monitor:import")


def monitor_report(request):
    programme = _programme()
    context = reporting.monitor_report(programme)
    return render(request, "monitor/report.html", context)


def monitor_report_pdf(request):
    programme = _programme()
    key = tasks.report_key(programme)
    pdf = cache.get(key)
    if pdf is None and jobs.in_background():
        # A worker renders it (seconds); this page waits for it and reloads itself.
        jobs.start_once(tasks.monitor_report_render, programme.pk, key, key=key)
        return jobs.waiting_response(request, title=_("Yearly monitor report"), key=key)
    if pdf is None:
        pdf = tasks.report_pdf(programme, key)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="monitor-economie071.pdf"'
    return response
