"""The reference lists of /api/v1/ (included without a prefix: full paths here)."""

from rest_framework.routers import SimpleRouter

from economie071.programme.api import views

router = SimpleRouter(trailing_slash=False)
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("pillars", views.PillarViewSet, basename="pillar")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns: list = [*router.urls]
