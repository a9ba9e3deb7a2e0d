"""/api/v1/: the read API (NL API Design Rules: plural nouns, no trailing slashes)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from economie071.api import views

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("pillars", views.PillarViewSet, basename="pillar")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("cards", views.CardViewSet, basename="card")

urlpatterns = [
    # The OpenAPI document: YAML by default, JSON with ?format=json; also at the place
    # the NL API Design Rules ask for (/core/publish-openapi).
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-json"),
    *router.urls,
    # Each domain app keeps its own part of the API (its api/urls.py holds full paths).
    *(
        path("", include(f"economie071.{app}.api.urls"))
        for app in ("governance", "monitor", "skills", "events", "forum", "network")
    ),
    re_path(r"^.*$", views.not_found, name="not-found"),
]
