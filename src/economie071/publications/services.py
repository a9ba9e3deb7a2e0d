"""Writes for the project overview: the foreword and issuing editions."""

import datetime

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core import jobs
from economie071.portfolio import permissions
from economie071.portfolio.exceptions import NotAllowed
from economie071.portfolio.models import CardRevision, ReportingPeriod
from economie071.programme.models import Programme
from economie071.publications.exceptions import PublicationError
from economie071.publications.models import Edition, Foreword
from economie071.publications.rendering import render_edition_pdf
from economie071.publications.selectors import default_title, edition_content


def _require_office(actor) -> None:
    if actor is not None and not permissions.can_manage_portfolio(actor):
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")


def foreword_save(
    *,
    period: ReportingPeriod,
    actor: User | None,
    text: str,
    author_name: str,
    author_title: str = "",
) -> Foreword:
    _require_office(actor)
    if not text.strip() or not author_name.strip():
        raise PublicationError(_("A foreword needs a text and an author."), code="foreword")
    with transaction.atomic():
        foreword, _created = Foreword.objects.update_or_create(
            period=period,
            defaults={
                "text": text.strip(),
                "author_name": author_name.strip(),
                "author_title": author_title.strip(),
            },
        )
        audit_record(
            action="publications.foreword.saved",
            actor=actor,
            target=foreword,
            summary=f"{period} {foreword.author_name}",
        )
    return foreword


def edition_issue(
    *,
    programme: Programme,
    period: ReportingPeriod,
    actor: User | None,
    title: str = "",
    issued_on: datetime.date | None = None,
    correction_reason: str = "",
) -> Edition:
    """Freeze the period's published cards into an edition (a new version if one exists)."""
    _require_office(actor)
    if period.programme_id != programme.pk:
        raise PublicationError(
            _("Reporting period %(period)s belongs to another programme.")
            % {"period": period.label},
            code="period",
        )
    if not CardRevision.objects.filter(card__period=period, published=True).exists():
        raise PublicationError(
            _(
                "There are no published project cards for %(period)s: approve and publish "
                "cards before issuing the overview."
            )
            % {"period": period.label},
            code="no_cards",
        )
    issued_on = issued_on or timezone.localdate()
    title = title.strip() or default_title(programme=programme, issued_on=issued_on)
    with transaction.atomic():
        # Lock the period so two people issuing at once get distinct versions (a lock on the
        # editions themselves would do nothing: aggregate() drops select_for_update()).
        ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        last = Edition.objects.filter(programme=programme, period=period).aggregate(
            m=Max("version")
        )["m"]
        version = (last or 0) + 1
        if version > 1 and not correction_reason.strip():
            raise PublicationError(
                _(
                    "An edition of %(period)s has already been issued; say what this "
                    "corrected edition changes."
                )
                % {"period": period.label},
                code="correction_reason",
            )
        edition = Edition.objects.create(
            programme=programme,
            period=period,
            version=version,
            title=title,
            issued_on=issued_on,
            correction_reason=correction_reason.strip(),
            snapshot=edition_content(
                programme=programme,
                period=period,
                title=title,
                issued_on=issued_on,
                version=version,
            ),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            action="publications.edition.issued",
            actor=actor,
            target=edition,
            summary=f"{edition.title} v{version}",
            data={"period": period.label, "version": version},
        )
        # With workers, the PDF is rendered right away, so the first download is instant.
        transaction.on_commit(lambda: _render_pdf_ahead(edition.pk), robust=True)
    return edition


def _render_pdf_ahead(edition_id: int) -> None:
    from economie071.publications import tasks

    jobs.enqueue_ahead(tasks.edition_render_pdf, edition_id)


def edition_pdf_stored(*, edition: Edition) -> bytes | None:
    """The edition's PDF if it has been rendered (and the file is there), else None."""
    if edition.pdf:
        try:
            with edition.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass  # the stored file went missing: render it again
    return None


def edition_pdf(*, edition: Edition) -> bytes:
    """The edition's PDF: rendered once from its frozen content, then kept."""
    stored = edition_pdf_stored(edition=edition)
    if stored is not None:
        return stored
    pdf = render_edition_pdf(edition.snapshot)
    edition.pdf.save(f"edition-{edition.pk}.pdf", ContentFile(pdf), save=False)
    Edition.objects.filter(pk=edition.pk).update(pdf=edition.pdf.name)
    return pdf
