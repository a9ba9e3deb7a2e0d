"""The skills part of the read API, included under /api/v1/."""

urlpatterns: list = []
