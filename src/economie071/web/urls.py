"""The site shell's addresses: home, signing in and out, making an account, a new password,
the pillars' colours. Each domain app has its own urls (the portfolio's are at the root too)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from economie071.web import accounts, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("huisstijl/pijlers.css", views.pillar_css, name="pillar_css"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account-aanmaken/", views.sign_up, name="signup"),
    path("account-aanmaken/verstuurd/", views.signup_sent, name="signup_sent"),
    path("account-aanmaken/bevestigen/<str:token>/", views.signup_confirm, name="signup_confirm"),
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
    path("account/wachtwoord/", accounts.password_change, name="password_change"),
    path("account/verwijderen/", accounts.account_delete, name="account_delete"),
    path("uitnodiging/<str:token>/", accounts.invitation_accept_page, name="invitation_accept"),
    path("uitnodigingen/", accounts.invitations, name="invitations"),
    path(
        "uitnodigingen/<int:pk>/opnieuw-versturen/",
        accounts.invitation_resend_view,
        name="invitation_resend",
    ),
    path(
        "uitnodigingen/<int:pk>/intrekken/",
        accounts.invitation_withdraw_view,
        name="invitation_withdraw",
    ),
]
