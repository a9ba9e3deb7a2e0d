"""Project cards: a card, its editor, its history and Word download, and the steps of the
reporting round. Who may see or change a card, and when, is asked of `permissions` and
enforced again by the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core.forms import MARKDOWN_HELP, error_message
from economie071.portfolio import documents, forms, permissions, selectors, services
from economie071.portfolio.constants import CARD_SECTION_KEYS
from economie071.portfolio.diffing import snapshot_changes
from economie071.portfolio.exceptions import NotAllowed, PortfolioError, StaleCardError
from economie071.portfolio.snapshots import SNAPSHOT_LABELS, SNAPSHOT_VALUE_LABELS, card_snapshot
from economie071.portfolio.views.common import card_or_404


@login_required
def card_detail(request, pk):
    card = card_or_404(request, pk)
    user = request.user
    context = {
        "card": card,
        "can_edit": permissions.can_edit_card(user, card),
        "can_submit": permissions.can_submit_card(user, card),
        "can_approve": permissions.can_approve_card(user, card),
        "can_publish": permissions.can_publish_card(user, card),
        "can_return": permissions.can_return_card(user, card),
        "can_correct": permissions.can_correct_card(user, card),
        "return_form": forms.ReturnCardForm(),
        "correction_form": forms.CorrectionForm(),
        **selectors.card_display(snapshot=card_snapshot(card)),
    }
    return render(request, "portfolio/card_detail.html", context)


def _card_initial(card) -> dict:
    content = services.CardContent.from_card(card)
    initial = {
        "version": card.version,
        "status_light": content.status_light,
        "quote_text": content.quote_text,
        "quote_person": content.quote_person,
        "quote_attribution": content.quote_attribution,
        **content.sections,
    }
    milestones = [
        {
            **m,
            "links": "\n".join(
                f"{link['label']} | {link['url']}".rstrip(" |") for link in m["links"]
            ),
        }
        for m in content.milestones
    ]
    return {
        "card": initial,
        "extra": content.extra_sections,
        "milestones": milestones,
        "results": content.results,
        "risks": content.risk_items,
    }


def _card_forms(data, initial):
    return (
        forms.CardForm(data, initial=initial["card"]),
        forms.ExtraSectionFormSet(data, initial=initial["extra"], prefix="extra"),
        forms.MilestoneFormSet(data, initial=initial["milestones"], prefix="milestone"),
        forms.ResultFormSet(data, initial=initial["results"], prefix="result"),
        forms.RiskFormSet(data, initial=initial["risks"], prefix="risk"),
    )


def _filled(formset, key):
    return [f.cleaned_data for f in formset if f.cleaned_data and f.cleaned_data.get(key)]


def _content(card_form, extra_fs, milestone_fs, result_fs, risk_fs) -> "services.CardContent":
    cd = card_form.cleaned_data
    return services.CardContent(
        sections={key: cd[key] for key in CARD_SECTION_KEYS},
        extra_sections=[
            f.cleaned_data
            for f in extra_fs
            if f.cleaned_data and (f.cleaned_data.get("heading") or f.cleaned_data.get("body"))
        ],
        status_light=cd["status_light"],
        quote_text=cd["quote_text"],
        quote_person=cd["quote_person"],
        quote_attribution=cd["quote_attribution"],
        milestones=_filled(milestone_fs, "title"),
        results=_filled(result_fs, "label"),
        risk_items=_filled(risk_fs, "description"),
    )


@login_required
def card_edit(request, pk):
    """The project leader's editor. Saving checks the version the page was loaded with
    (optimistic locking: a save over someone else's keeps the typed text and shows the
    difference); "Voorbeeld" (a submit button named preview) checks the same input and
    shows the card as it will be printed above the form, still filled, without saving."""
    card = card_or_404(request, pk)
    if not permissions.can_edit_card(request.user, card):
        frozen = permissions.card_frozen_message(request.user, card)
        if frozen:
            messages.info(request, frozen)
            return redirect("portfolio:card", pk=card.pk)
        raise PermissionDenied
    initial = _card_initial(card)
    data = request.POST if request.method == "POST" else None
    card_form, extra_fs, milestone_fs, result_fs, risk_fs = _card_forms(data, initial)
    conflict = None
    preview = None
    if data is not None and all(
        f.is_valid() for f in (card_form, extra_fs, milestone_fs, result_fs, risk_fs)
    ):
        content = _content(card_form, extra_fs, milestone_fs, result_fs, risk_fs)
        if "preview" in request.POST:
            preview = selectors.card_preview(card=card, content=content)
        else:
            try:
                services.card_update(
                    card=card,
                    actor=request.user,
                    content=content,
                    expected_version=card_form.cleaned_data["version"],
                )
            except StaleCardError as exc:
                # Keep what this person typed; show what the other person saved beside it.
                card.refresh_from_db()
                conflict = {
                    "message": error_message(exc),
                    "changes": selectors.card_unsaved_changes(card=card, content=content),
                }
                mutable = request.POST.copy()
                mutable["version"] = card.version
                card_form, extra_fs, milestone_fs, result_fs, risk_fs = _card_forms(
                    mutable, initial
                )
                for form in (card_form, extra_fs, milestone_fs, result_fs, risk_fs):
                    form.is_valid()
            except PortfolioError as exc:
                card_form.add_error(None, error_message(exc))
            else:
                messages.success(request, _("The card has been saved."))
                if "submit" in request.POST and permissions.can_submit_card(request.user, card):
                    return _card_step(
                        request,
                        card,
                        services.card_submit,
                        _("The card has been submitted to the programme office."),
                    )
                return redirect("portfolio:card", pk=card.pk)
    return render(
        request,
        "portfolio/card_edit.html",
        {
            "card": card,
            "form": card_form,
            "extra_formset": extra_fs,
            "milestone_formset": milestone_fs,
            "result_formset": result_fs,
            "risk_formset": risk_fs,
            "conflict": conflict,
            "preview": preview,
            "pillar_slug": card.project.pillars.values_list("slug", flat=True).first(),
            "format_hint": MARKDOWN_HELP,
            "format_hint_id": forms.CARD_FORMAT_HINT_ID,
            "hints": {
                "extra": forms.EXTRA_SECTION_HINT,
                "milestone": forms.MILESTONE_HINT,
                "result": forms.RESULT_HINT,
            },
            "formset_errors": any(
                fs.total_error_count() for fs in (extra_fs, milestone_fs, result_fs, risk_fs)
            ),
        },
        status=409 if conflict else 200,
    )


def _card_step(request, card, step, success_message, **kwargs) -> HttpResponseRedirect:
    try:
        step(card=card, actor=request.user, **kwargs)
    except NotAllowed:
        raise PermissionDenied from None
    except PortfolioError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, success_message)
    return redirect("portfolio:card", pk=card.pk)


@login_required
@require_POST
def card_submit(request, pk):
    card = card_or_404(request, pk)
    return _card_step(
        request,
        card,
        services.card_submit,
        _("The card has been submitted to the programme office."),
    )


@login_required
@require_POST
def card_approve(request, pk):
    card = card_or_404(request, pk)
    return _card_step(request, card, services.card_approve, _("The card has been approved."))


@login_required
@require_POST
def card_publish(request, pk):
    card = card_or_404(request, pk)
    return _card_step(request, card, services.card_publish, _("The card has been published."))


@login_required
@require_POST
def card_return(request, pk):
    card = card_or_404(request, pk)
    form = forms.ReturnCardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what needs to change when you return a card."))
        return redirect("portfolio:card", pk=card.pk)
    return _card_step(
        request,
        card,
        services.card_return,
        _("The card has been returned to the project."),
        comment=form.cleaned_data["comment"],
    )


@login_required
@require_POST
def card_correct(request, pk):
    card = card_or_404(request, pk)
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the correction."))
        return redirect("portfolio:card", pk=card.pk)
    return _card_step(
        request,
        card,
        services.card_start_correction,
        _(
            "The card is open for a correction; readers see the published version until the "
            "corrected card is published."
        ),
        reason=form.cleaned_data["reason"],
    )


@login_required
def card_history(request, pk):
    card = card_or_404(request, pk)
    revisions = list(selectors.card_revisions(card=card))
    by_number = {r.number: r for r in revisions}
    comparison = None
    try:
        newer = by_number.get(int(request.GET.get("to", "")))
        older = by_number.get(int(request.GET.get("from", "")))
    except ValueError:
        newer = older = None
    if newer is None and revisions:
        newer = revisions[0]
    if older is None and newer is not None:
        older = next((r for r in revisions if r.number < newer.number), None)
    if newer is not None and older is not None:
        comparison = {
            "older": older,
            "newer": newer,
            "changes": snapshot_changes(
                older.snapshot, newer.snapshot, SNAPSHOT_LABELS, SNAPSHOT_VALUE_LABELS
            ),
        }
    previous = selectors.previous_period_revision(card=card)
    period_comparison = None
    if previous is not None and revisions:
        period_comparison = {
            "older": previous,
            "newer": revisions[0],
            "changes": snapshot_changes(
                previous.snapshot, revisions[0].snapshot, SNAPSHOT_LABELS, SNAPSHOT_VALUE_LABELS
            ),
        }
    return render(
        request,
        "portfolio/card_history.html",
        {
            "card": card,
            "revisions": revisions,
            "comparison": comparison,
            "period_comparison": period_comparison,
        },
    )


@login_required
def card_docx(request, pk):
    """The card as it stands now, as a Word document for those who review in Word."""
    card = card_or_404(request, pk)
    response = HttpResponse(
        documents.card_docx(card_snapshot(card)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"{card.project.slug}-{card.period.label}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
