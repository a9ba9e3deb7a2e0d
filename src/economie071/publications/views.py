"""The project overview on the site: editions, their cards, downloads, and issuing them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.core import jobs
from economie071.core.forms import error_message
from economie071.core.programme import programme_or_404
from economie071.portfolio import documents, permissions
from economie071.portfolio.selectors import current_period, period_by_label
from economie071.publications import exports, selectors, services, tasks
from economie071.publications.exceptions import PublicationError
from economie071.publications.forms import ForewordForm, IssueForm
from economie071.publications.models import Foreword
from economie071.publications.rendering import Links, edition_context


def _edition(period: str, version: int | None):
    edition = selectors.edition_get(
        programme=programme_or_404(), period_label=period, version=version
    )
    if edition is None:
        raise Http404(_("There is no such edition."))
    return edition


def _url(name: str, edition, *args) -> str:
    return reverse(name, args=[edition.period.label, edition.version, *args])


def _links(edition) -> Links:
    index = _url("publications:edition", edition)
    return Links(
        index=index,
        card_prefix=index,
        card_suffix="/",
        pdf=_url("publications:edition_pdf", edition),
    )


def _downloads(edition) -> list[tuple[str, str]]:
    return [
        (_("Excel (portfolio, risks, allocation)"), _url("publications:edition_xlsx", edition)),
        (_("Data (JSON)"), _url("publications:edition_json", edition)),
        (_("What changed"), _url("publications:edition_changes", edition)),
    ]


def edition_list(request):
    programme = programme_or_404()
    latest = selectors.edition_latest_versions(programme=programme)
    older = {}
    for edition in selectors.editions(programme=programme):
        if edition not in latest:
            older.setdefault(edition.period_id, []).append(edition)
    return render(
        request,
        "publications/edition_list.html",
        {
            "editions": [(e, older.get(e.period_id, [])) for e in latest],
            "can_issue": permissions.can_manage_portfolio(request.user),
            "current_period": current_period(programme=programme),
        },
    )


def edition_latest(request, period):
    edition = _edition(period, None)
    return redirect("publications:edition", period=period, version=edition.version)


def edition_index(request, period, version):
    edition = _edition(period, version)
    context = edition_context(edition.snapshot, _links(edition))
    context["downloads"] = _downloads(edition)
    context["correction_reason"] = edition.correction_reason
    return render(request, "publications/edition_index.html", context)


def edition_card(request, period, version, slug):
    edition = _edition(period, version)
    context = edition_context(edition.snapshot, _links(edition))
    cards = context["cards"]
    index = next((i for i, c in enumerate(cards) if c["project"]["slug"] == slug), None)
    if index is None:
        raise Http404(_("This edition has no card of that project."))
    context.update(
        {
            "card": cards[index],
            "previous_card": cards[index - 1] if index > 0 else None,
            "next_card": cards[index + 1] if index + 1 < len(cards) else None,
            "downloads": [
                (_("Word (.docx)"), _url("publications:card_docx", edition, slug)),
            ],
        }
    )
    return render(request, "publications/edition_card.html", context)


def _file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(edition, extension: str) -> str:
    return f"{slugify(edition.title)}-v{edition.version}.{extension}"


def edition_pdf(request, period, version):
    edition = _edition(period, version)
    pdf = services.edition_pdf_stored(edition=edition)
    if pdf is None and jobs.in_background():
        # A worker renders it (seconds); this page waits for it and reloads itself.
        key = tasks.pdf_job_key(edition.pk)
        jobs.start_once(tasks.edition_render_pdf, edition.pk, key=key)
        return jobs.waiting_response(request, title=edition.title, key=key)
    if pdf is None:
        pdf = services.edition_pdf(edition=edition)
    response = _file_response(pdf, "application/pdf", _filename(edition, "pdf"))
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline"
    )
    return response


def edition_xlsx(request, period, version):
    edition = _edition(period, version)
    return _file_response(
        exports.edition_xlsx(edition.snapshot),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _filename(edition, "xlsx"),
    )


def edition_json(request, period, version):
    edition = _edition(period, version)
    response = HttpResponse(
        exports.edition_json(edition.snapshot), content_type="application/json; charset=utf-8"
    )
    return response


def card_docx(request, period, version, slug):
    edition = _edition(period, version)
    project = next((p for p in edition.snapshot["projects"] if p["slug"] == slug), None)
    if project is None or not project["card"]:
        raise Http404(_("This edition has no card of that project."))
    return _file_response(
        documents.card_docx(
            project["card"], edition_title=edition.title, phase_label=project["phase_label"]
        ),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"{slug}-{edition.period.label}.docx",
    )


def edition_changes(request, period, version):
    edition = _edition(period, version)
    previous = selectors.edition_previous(edition=edition)
    changes = (
        selectors.edition_changes(older=previous.snapshot, newer=edition.snapshot)
        if previous
        else None
    )
    return render(
        request,
        "publications/edition_changes.html",
        {
            "edition": edition.snapshot,
            "links": _links(edition),
            "previous": previous,
            "changes": changes,
        },
    )


# --- Making an edition (programme office) -------------------------------------------------


@login_required
def edition_prepare(request, period):
    if not permissions.can_manage_portfolio(request.user):
        raise PermissionDenied
    programme = programme_or_404()
    try:
        reporting_period = period_by_label(programme=programme, label=period)
    except ValueError:
        reporting_period = None
    if reporting_period is None:
        raise Http404(_("There is no such reporting period."))
    foreword = Foreword.objects.filter(period=reporting_period).first()
    foreword_form = ForewordForm(
        request.POST if "save_foreword" in request.POST else None,
        initial={
            "text": foreword.text if foreword else "",
            "author_name": foreword.author_name if foreword else "",
            "author_title": foreword.author_title if foreword else "",
        },
    )
    issue_form = IssueForm(
        request.POST if "issue" in request.POST else None,
        initial={"issued_on": timezone.localdate()},
    )
    if "save_foreword" in request.POST and foreword_form.is_valid():
        try:
            services.foreword_save(
                period=reporting_period, actor=request.user, **foreword_form.cleaned_data
            )
        except PublicationError as exc:
            foreword_form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The foreword has been saved."))
            return redirect("publications:prepare", period=period)
    if "issue" in request.POST and issue_form.is_valid():
        try:
            edition = services.edition_issue(
                programme=programme,
                period=reporting_period,
                actor=request.user,
                **issue_form.cleaned_data,
            )
        except PublicationError as exc:
            issue_form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The edition has been issued."))
            return redirect("publications:edition", period=period, version=edition.version)
    preview = selectors.edition_content(
        programme=programme,
        period=reporting_period,
        title=_("Preview"),
        issued_on=timezone.localdate(),
        version=0,
    )
    return render(
        request,
        "publications/edition_prepare.html",
        {
            "period": reporting_period,
            "foreword_form": foreword_form,
            "issue_form": issue_form,
            "preview": preview,
            "card_count": sum(1 for p in preview["projects"] if p["card"]),
            "issued": selectors.editions(programme=programme).filter(period=reporting_period),
        },
    )
