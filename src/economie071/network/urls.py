from django.urls import path

from economie071.network import views

app_name = "network"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisaties/nieuw/", views.profile_create, name="profile_create"),
    path("organisaties/<slug:slug>/", views.profile_detail, name="organisation"),
    path("organisaties/<slug:slug>/bewerken/", views.profile_edit, name="profile_edit"),
    path("organisaties/<slug:slug>/aanbod/", views.profile_exchanges, name="profile_exchanges"),
    path("organisaties/<slug:slug>/berichten/", views.contact_requests, name="contact_requests"),
    path(
        "organisaties/<slug:slug>/berichten/<int:pk>/afgehandeld/",
        views.contact_request_handled,
        name="contact_request_handled",
    ),
    path("organisaties/<slug:slug>/redacteuren/", views.profile_editors, name="profile_editors"),
    path(
        "organisaties/<slug:slug>/redacteuren/<int:pk>/verwijderen/",
        views.profile_editor_remove,
        name="profile_editor_remove",
    ),
    path("uitdagingen/", views.challenges, name="challenges"),
    path("uitdagingen/nieuw/", views.challenge_create, name="challenge_create"),
    path("uitdagingen/<slug:slug>/", views.challenge_detail, name="challenge"),
    path("uitdagingen/<slug:slug>/bewerken/", views.challenge_edit, name="challenge_edit"),
    path("uitdagingen/<slug:slug>/team/", views.challenge_match, name="challenge_match"),
    path("uitdagingen/<slug:slug>/status/", views.challenge_status, name="challenge_status"),
    path("uitdagingen/<slug:slug>/publiceren/", views.challenge_publish, name="challenge_publish"),
    path("uitdagingen/<slug:slug>/resultaat/", views.challenge_result, name="challenge_result"),
    path("smart071/", views.smart071, name="smart071"),
    path("smart071/trajecten/nieuw/", views.trajectory_create, name="trajectory_create"),
    path("smart071/trajecten/<slug:slug>/", views.trajectory_detail, name="trajectory"),
    path("smart071/trajecten/<slug:slug>/bewerken/", views.trajectory_edit, name="trajectory_edit"),
    path("smart071/trajecten/<slug:slug>/fase/", views.trajectory_phase, name="trajectory_phase"),
    path(
        "smart071/trajecten/<slug:slug>/afronden/", views.trajectory_close, name="trajectory_close"
    ),
    path(
        "smart071/trajecten/<slug:slug>/vervolg/",
        views.trajectory_follow_up,
        name="trajectory_follow_up",
    ),
    path("smart071/experts/nieuw/", views.expert_create, name="expert_create"),
    path("smart071/doorverwijzingen/nieuw/", views.referral_create, name="referral_create"),
]
