"""The Celery application: the job queue of the platform (docs/deployment.md).

    celery -A economie071.config worker      # runs jobs
    celery -A economie071.config beat        # starts the periodic ones (one per installation)

Its settings are the CELERY_* Django settings (config/settings/services.py). Without
CELERY_BROKER_URL every job runs at once in the process that asks for it, so the embedded
default works without a broker. The jobs themselves are the ``tasks`` modules of the apps
(found automatically); economie071.core.jobs is how the code starts one.
"""

import os

from celery import Celery, signals
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "economie071.config.settings.production")

app = Celery("economie071")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic jobs: each runs the management command of the same name, so cron and beat do
# the same thing. Times are Europe/Amsterdam.
app.conf.beat_schedule = {
    "send-mail-outbox": {
        "task": "economie071.core.tasks.run_command",
        "schedule": 300.0,
        "args": ["send_mail_outbox"],
    },
    "events-expire-registrations": {
        "task": "economie071.core.tasks.run_command",
        "schedule": 300.0,
        "args": ["events_expire_registrations"],
    },
    "skills-purge-withdrawn": {
        "task": "economie071.core.tasks.run_command",
        "schedule": crontab(hour=3, minute=15),
        "args": ["skills_purge_withdrawn"],
    },
    "skills-prune-journal": {
        "task": "economie071.core.tasks.run_command",
        "schedule": crontab(hour=3, minute=45),
        "args": ["skills_prune_journal"],
    },
}


# Jobs run, failed and retried, for /metrics (economie071.core.metrics).
@signals.task_success.connect
def _count_success(sender=None, **kwargs):
    from economie071.core.metrics import JOBS_RUN

    JOBS_RUN.labels(task=sender.name).inc()


@signals.task_failure.connect
def _count_failure(sender=None, **kwargs):
    from economie071.core.metrics import JOBS_FAILED

    JOBS_FAILED.labels(task=sender.name).inc()


@signals.task_retry.connect
def _count_retry(sender=None, **kwargs):
    from economie071.core.metrics import JOBS_RETRIED

    JOBS_RETRIED.labels(task=sender.name).inc()
