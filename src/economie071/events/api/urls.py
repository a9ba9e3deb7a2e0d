"""The events part of the read API, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from economie071.events.api.views import EventViewSet

router = SimpleRouter(trailing_slash=False)
router.register("events", EventViewSet, basename="events-event")

urlpatterns: list = [*router.urls]
