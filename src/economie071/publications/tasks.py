"""Jobs of the project overview: rendering an edition's PDF (seconds of work)."""

import logging

from celery import shared_task

from economie071.core import jobs
from economie071.publications.models import Edition

logger = logging.getLogger(__name__)


def pdf_job_key(edition_id: int) -> str:
    return f"edition-pdf:{edition_id}"


@shared_task
def edition_render_pdf(edition_id: int) -> None:
    """Render and keep the edition's PDF (nothing happens when it is there already)."""
    from economie071.publications.services import edition_pdf

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return  # removed since (a rolled-back test database, a restore): nothing to render
    try:
        edition_pdf(edition=edition)
    except Exception:
        jobs.job_failed(pdf_job_key(edition_id))
        raise
