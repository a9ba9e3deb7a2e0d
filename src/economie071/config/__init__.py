# The job queue is set up with Django, so a job started anywhere goes to the right place.
from economie071.config.celery import app as celery_app

__all__ = ["celery_app"]
