"""Jobs of the regional monitor: the yearly report as PDF, kept per data version.

The report is made from the monitor's and the programme's data; it is cached under their
versions (core/cache.py), so a second download is instant and any change to those data
makes the next download render it anew.
"""

from celery import shared_task
from django.core.cache import cache

from economie071.core import jobs
from economie071.core.cache import versioned_key
from economie071.programme.models import Programme

# A rendered report is kept this long at most (a change makes it stale sooner).
REPORT_KEEP_SECONDS = 7 * 24 * 3600


def report_key(programme: Programme) -> str:
    return versioned_key("monitor-report", programme.pk, scopes=("monitor", "programme"))


def report_pdf(programme: Programme, key: str) -> bytes:
    """Render the report and keep it under `key`."""
    from economie071.monitor.rendering import render_report_pdf
    from economie071.monitor.reporting import monitor_report

    pdf = render_report_pdf(monitor_report(programme))
    cache.set(key, pdf, REPORT_KEEP_SECONDS)
    return pdf


@shared_task
def monitor_report_render(programme_id: int, key: str) -> None:
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return
    try:
        report_pdf(programme, key)
    except Exception:
        jobs.job_failed(key)
        raise
