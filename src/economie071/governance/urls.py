from django.urls import path

from economie071.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("organen/<slug:slug>/", views.body_detail, name="body"),
    path("organen/<slug:slug>/leden/nieuw/", views.membership_add, name="membership_add"),
    path("organen/<slug:slug>/vergaderingen/nieuw/", views.meeting_create, name="meeting_create"),
    path("organen/<slug:slug>/vergaderingen.ics", views.body_calendar, name="body_calendar"),
    path("vergaderingen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("vergaderingen/<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path(
        "vergaderingen/<int:pk>/agenda-publiceren/",
        views.meeting_agenda_publish,
        name="meeting_agenda_publish",
    ),
    path("vergaderingen/<int:pk>/agendapunt/", views.agenda_item_add, name="agenda_item_add"),
    path("vergaderingen/<int:pk>/besluit/", views.decision_record, name="decision_record"),
    path("vergaderingen/<int:pk>/aanwezigheid/", views.attendance_record, name="attendance"),
    path("vergaderingen/<int:pk>/actiepunt/", views.action_item_add, name="action_item_add"),
    path("vergaderingen/<int:pk>/notulen/", views.minutes_edit, name="minutes_edit"),
    path("vergaderingen/<int:pk>/vergaderstukken/", views.meeting_pack, name="pack"),
    path("vergaderingen/<int:pk>/vergaderstukken.pdf", views.meeting_pack_pdf, name="pack_pdf"),
    path(
        "vergaderingen/<int:pk>/documenten/nieuw/",
        views.meeting_document_add,
        name="meeting_document_add",
    ),
    path(
        "vergaderingen/<int:pk>/documenten/<int:document>/",
        views.meeting_document_file,
        name="meeting_document",
    ),
    path(
        "vergaderingen/<int:pk>/documenten/<int:document>/verwijderen/",
        views.meeting_document_delete,
        name="meeting_document_delete",
    ),
    path("actiepunten/<int:pk>/opvolgen/", views.action_item_follow_up, name="action_follow_up"),
    path("voorstellen/", views.proposal_list, name="proposals"),
    path("voorstellen/nieuw/", views.proposal_create, name="proposal_create"),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
    path("voorstellen/<int:pk>/indienen/", views.proposal_submit, name="proposal_submit"),
    path("voorstellen/<int:pk>/intrekken/", views.proposal_withdraw, name="proposal_withdraw"),
    path(
        "voorstellen/<int:pk>/bijlagen/nieuw/",
        views.proposal_attachment_add,
        name="proposal_attachment_add",
    ),
    path(
        "voorstellen/<int:pk>/bijlagen/<int:attachment>/",
        views.proposal_attachment_file,
        name="proposal_attachment",
    ),
    path(
        "voorstellen/<int:pk>/bijlagen/<int:attachment>/verwijderen/",
        views.proposal_attachment_delete,
        name="proposal_attachment_delete",
    ),
    path("besluiten/<int:pk>/publiceren/", views.decision_publish, name="decision_publish"),
    path("besluittrajecten/<slug:slug>/", views.trail_detail, name="trail"),
    path(
        "besluittrajecten/<slug:slug>/stap-<int:step>/<slug:municipality>/",
        views.trail_cell_edit,
        name="trail_cell",
    ),
]
