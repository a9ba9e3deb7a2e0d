"""/api/v1/: the read API (NL API Design Rules: plural nouns, no trailing slashes).

The router only: the OpenAPI document, each domain app's part of the API (its api/urls.py),
and a problem+json 404 for any other path."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView

from economie071.api import views

app_name = "api"

urlpatterns = [
    # The OpenAPI document: YAML by default, JSON with ?format=json; also at the place
    # the NL API Design Rules ask for (/core/publish-openapi).
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-json"),
    # Each domain app keeps its own part of the API (its api/urls.py holds full paths).
    *(
        path("", include(f"economie071.{app}.api.urls"))
        for app in (
            "programme",
            "portfolio",
            "governance",
            "monitor",
            "skills",
            "events",
            "forum",
            "network",
        )
    ),
    re_path(r"^.*$", views.not_found, name="not-found"),
]
