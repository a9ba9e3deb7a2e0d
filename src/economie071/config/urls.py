from django.contrib import admin
from django.urls import include, path, re_path

from economie071.api.views import not_found as api_not_found
from economie071.core import health, metrics

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("economie071.api.urls")),
    re_path(r"^api/", api_not_found),  # other API versions or paths: a problem+json 404
    path("overzichten/", include("economie071.publications.urls")),
    path("bestuur/", include("economie071.governance.urls")),
    path("monitor/", include("economie071.monitor.urls")),
    path("huis-van-skills/", include("economie071.skills.urls")),
    path("evenementen/", include("economie071.events.urls")),
    path("forum/", include("economie071.forum.urls")),
    path("netwerk/", include("economie071.network.urls")),
    path("", include("economie071.portfolio.urls")),
    path("", include("economie071.web.urls")),
]
