from django.contrib.auth import views as auth_views
from django.urls import path

from economie071.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("projecten/nieuw/", views.project_create, name="project_create"),
    path("projecten/<slug:slug>/", views.project_detail, name="project"),
    path("projecten/<slug:slug>/rollen/", views.project_roles, name="project_roles"),
    path(
        "projecten/<slug:slug>/rollen/<int:role_id>/beeindigen/",
        views.role_end,
        name="role_end",
    ),
    path("projecten/<slug:slug>/begroting/", views.project_budget, name="project_budget"),
    path("projecten/<slug:slug>/fase/", views.project_phase, name="project_phase"),
    path("projecten/<slug:slug>/logboek/", views.project_audit_log, name="project_audit"),
    path("huisstijl/pijlers.css", views.pillar_css, name="pillar_css"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("rapportageronde/openen/", views.period_open, name="period_open"),
    path("kaarten/<int:pk>/", views.card_detail, name="card"),
    path("kaarten/<int:pk>/bewerken/", views.card_edit, name="card_edit"),
    path("kaarten/<int:pk>/geschiedenis/", views.card_history, name="card_history"),
    path("kaarten/<int:pk>/projectkaart.docx", views.card_docx, name="card_docx"),
    path("kaarten/<int:pk>/indienen/", views.card_submit, name="card_submit"),
    path("kaarten/<int:pk>/goedkeuren/", views.card_approve, name="card_approve"),
    path("kaarten/<int:pk>/publiceren/", views.card_publish, name="card_publish"),
    path("kaarten/<int:pk>/terugsturen/", views.card_return, name="card_return"),
    path("kaarten/<int:pk>/corrigeren/", views.card_correct, name="card_correct"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account-aanmaken/", views.sign_up, name="signup"),
    path("account-aanmaken/verstuurd/", views.signup_sent, name="signup_sent"),
    path(
        "account-aanmaken/bevestigen/<str:token>/", views.signup_confirm, name="signup_confirm"
    ),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/new_password_sent.html"
        ),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/new_password_done.html"
        ),
        name="password_reset_complete",
    ),
]
