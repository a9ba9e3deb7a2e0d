"""The monitor part of the read API, included under /api/v1/ (full paths, no prefix)."""

from rest_framework.routers import SimpleRouter

from economie071.monitor.api import views

router = SimpleRouter(trailing_slash=False)
router.register("monitor/indicators", views.IndicatorViewSet, basename="monitor-indicator")
router.register("monitor/observations", views.ObservationViewSet, basename="monitor-observation")
router.register("monitor/index", views.IndexViewSet, basename="monitor-index")
router.register("monitor/retail-areas", views.RetailAreaViewSet, basename="monitor-retail-area")
router.register(
    "monitor/business-parks", views.BusinessParkViewSet, basename="monitor-business-park"
)

urlpatterns: list = router.urls
