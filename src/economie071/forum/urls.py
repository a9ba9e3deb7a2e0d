from django.urls import path

from economie071.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
    path("zoeken/", views.search, name="search"),
    path("vraag-stellen/", views.question_ask, name="ask"),
    path("moderatie/", views.moderation, name="moderation"),
    path("meldingen/<int:pk>/afhandelen/", views.report_handle, name="report_handle"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("onderwerp-toevoegen/", views.topic_create, name="topic_create"),
    path("onderwerpen/<slug:slug>/", views.topic_detail, name="topic"),
    path("onderwerpen/<slug:slug>/volgen/", views.topic_follow, name="topic_follow"),
    path("onderwerpen/<slug:slug>/sluiten/", views.topic_lock, name="topic_lock"),
    path("vragen/<int:pk>/", views.question_detail, name="question"),
    path("vragen/<int:pk>/bewerken/", views.question_edit, name="question_edit"),
    path("vragen/<int:pk>/versies/", views.question_versions, name="versions"),
    path("vragen/<int:pk>/beantwoorden/", views.answer_post, name="answer"),
    path("vragen/<int:pk>/volgen/", views.question_follow, name="question_follow"),
    path("vragen/<int:pk>/sluiten/", views.question_lock, name="question_lock"),
    path("vragen/<int:pk>/verbergen/", views.question_hide, name="question_hide"),
    path("vragen/<int:pk>/tonen/", views.question_unhide, name="question_unhide"),
    path("vragen/<int:pk>/melden/", views.question_report, name="question_report"),
    path("vragen/<int:pk>/geen-oplossing/", views.answer_unaccept, name="unaccept"),
    path("antwoorden/<int:pk>/bewerken/", views.answer_edit, name="answer_edit"),
    path("antwoorden/<int:pk>/oplossing/", views.answer_accept, name="accept"),
    path("antwoorden/<int:pk>/verbergen/", views.answer_hide, name="answer_hide"),
    path("antwoorden/<int:pk>/tonen/", views.answer_unhide, name="answer_unhide"),
    path("antwoorden/<int:pk>/melden/", views.answer_report, name="answer_report"),
]
