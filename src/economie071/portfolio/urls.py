"""The portfolio's pages (included at the site root: these are the addresses as published)."""

from django.urls import path

from economie071.portfolio.views import cards, projects, rounds

app_name = "portfolio"
urlpatterns = [
    path("projecten/nieuw/", projects.project_create, name="project_create"),
    path("projecten/<slug:slug>/", projects.project_detail, name="project"),
    path("projecten/<slug:slug>/rollen/", projects.project_roles, name="project_roles"),
    path(
        "projecten/<slug:slug>/rollen/<int:role_id>/beeindigen/",
        projects.role_end,
        name="role_end",
    ),
    path("projecten/<slug:slug>/begroting/", projects.project_budget, name="project_budget"),
    path(
        "projecten/<slug:slug>/begroting/<int:pk>/",
        projects.budget_line_action,
        name="budget_line_action",
    ),
    path("projecten/<slug:slug>/fase/", projects.project_phase, name="project_phase"),
    path("projecten/<slug:slug>/logboek/", projects.project_audit_log, name="project_audit"),
    path("dashboard/", rounds.dashboard, name="dashboard"),
    path("portfolio/", projects.portfolio, name="portfolio"),
    path("rapportageronde/openen/", rounds.period_open, name="period_open"),
    path("kaarten/<int:pk>/", cards.card_detail, name="card"),
    path("kaarten/<int:pk>/bewerken/", cards.card_edit, name="card_edit"),
    path("kaarten/<int:pk>/geschiedenis/", cards.card_history, name="card_history"),
    path("kaarten/<int:pk>/projectkaart.docx", cards.card_docx, name="card_docx"),
    path("kaarten/<int:pk>/indienen/", cards.card_submit, name="card_submit"),
    path("kaarten/<int:pk>/goedkeuren/", cards.card_approve, name="card_approve"),
    path("kaarten/<int:pk>/publiceren/", cards.card_publish, name="card_publish"),
    path("kaarten/<int:pk>/terugsturen/", cards.card_return, name="card_return"),
    path("kaarten/<int:pk>/corrigeren/", cards.card_correct, name="card_correct"),
]
