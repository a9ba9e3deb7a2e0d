from django.urls import path

from economie071.events import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.event_create, name="create"),
    path("agenda.ics", views.calendar_feed, name="feed"),
    path("afmelden/<str:token>/", views.cancel_registration, name="cancel_registration"),
    path("bevestigen/<str:token>/", views.confirm_registration, name="confirm_registration"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/aanmelden/", views.register, name="register"),
    path("<slug:slug>/agenda.ics", views.event_calendar, name="calendar"),
    path("<slug:slug>/bewerken/", views.event_edit, name="edit"),
    path("<slug:slug>/publiceren/", views.event_publish, name="publish"),
    path("<slug:slug>/annuleren/", views.event_cancel, name="cancel"),
    path("<slug:slug>/programma/", views.sessions, name="sessions"),
    path("<slug:slug>/programma/<int:pk>/bewerken/", views.session_edit, name="session_edit"),
    path(
        "<slug:slug>/programma/<int:pk>/verwijderen/",
        views.session_remove,
        name="session_remove",
    ),
    path("<slug:slug>/aanmeldingen/", views.registrations, name="registrations"),
    path("<slug:slug>/aanmeldingen.csv", views.registrations_csv, name="registrations_csv"),
    path("<slug:slug>/aanmeldingen/<int:pk>/inchecken/", views.check_in, name="check_in"),
]
