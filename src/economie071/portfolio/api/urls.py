"""The portfolio's part of /api/v1/ (included without a prefix: full paths here)."""

from rest_framework.routers import SimpleRouter

from economie071.portfolio.api import views

router = SimpleRouter(trailing_slash=False)
router.register("projects", views.ProjectViewSet, basename="project")
router.register("cards", views.CardViewSet, basename="card")

urlpatterns: list = [*router.urls]
