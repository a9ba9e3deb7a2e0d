from django.urls import path

from economie071.skills import views

app_name = "skills"
urlpatterns = [
    path("", views.index, name="index"),
    path("privacy/", views.privacy, name="privacy"),
    path("taxonomie/", views.taxonomy, name="taxonomy"),
    path("taxonomie/importeren/", views.esco_import_start, name="esco_import_start"),
    path("taxonomie/beroepen/<int:pk>/", views.occupation_detail, name="occupation"),
    # Job seekers
    path("paspoort/toestemming/", views.consent, name="consent"),
    path("paspoort/toestemming/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("paspoort/", views.passport, name="passport"),
    path("paspoort/vaardigheden/", views.skill_set, name="skill_set"),
    path("paspoort/vaardigheden/verwijderen/", views.skill_remove, name="skill_remove"),
    path("paspoort/werkervaring/", views.experience_set, name="experience_set"),
    path("paspoort/werkervaring/verwijderen/", views.experience_remove, name="experience_remove"),
    path("paspoort/voorkeuren/", views.preferences, name="preferences"),
    path("paspoort/vacatures/", views.matches, name="matches"),
    path("paspoort/loopbaanpaden/", views.mobility, name="mobility"),
    path("paspoort/opleidingsplan/", views.training, name="training"),
    path("paspoort/kansenplan/", views.gap_plan, name="gap_plan"),
    path("paspoort/contacten/", views.contacts, name="contacts"),
    path("paspoort/contacten/<int:pk>/antwoord/", views.contact_answer, name="contact_answer"),
    path("paspoort/download/", views.download, name="download"),
    path("paspoort/wissen/", views.erase, name="erase"),
    # Employers
    path("vacatures/", views.vacancy_list, name="vacancies"),
    path("vacatures/nieuw/", views.vacancy_create, name="vacancy_create"),
    path("vacatures/<int:pk>/", views.vacancy_detail, name="vacancy"),
    path("vacatures/<int:pk>/bewerken/", views.vacancy_edit, name="vacancy_edit"),
    path(
        "vacatures/<int:pk>/beroep/",
        views.vacancy_confirm_occupation,
        name="vacancy_confirm_occupation",
    ),
    path(
        "vacatures/<int:pk>/vaardigheden/<int:demand_pk>/bevestigen/",
        views.demand_confirm,
        name="demand_confirm",
    ),
    path(
        "vacatures/<int:pk>/vaardigheden/<int:demand_pk>/afwijzen/",
        views.demand_reject,
        name="demand_reject",
    ),
    path("vacatures/<int:pk>/vaardigheden/toevoegen/", views.demand_add, name="demand_add"),
    path("vacatures/<int:pk>/openen/", views.vacancy_open, name="vacancy_open"),
    path("vacatures/<int:pk>/sluiten/", views.vacancy_close, name="vacancy_close"),
    path("vacatures/<int:pk>/kandidaten/", views.candidates, name="candidates"),
    path("vacatures/<int:pk>/interesse/", views.interest, name="interest"),
    path(
        "vacatures/<int:pk>/kandidaten/<int:passport_pk>/uitnodigen/",
        views.invite,
        name="invite",
    ),
    path("contacten/<int:pk>/uitkomst/", views.contact_outcome, name="contact_outcome"),
    # Training providers
    path("opleidingen/", views.module_list, name="modules"),
    path("opleidingen/nieuw/", views.module_create, name="module_create"),
    path("opleidingen/<int:pk>/", views.module_detail, name="module"),
    path("opleidingen/<int:pk>/bewerken/", views.module_edit, name="module_edit"),
    path("opleidingen/<int:pk>/aanbod/", views.module_active, name="module_active"),
    # Career advisers and the programme
    path("adviseur/", views.adviser_index, name="adviser"),
    path("adviseur/paspoorten/<int:pk>/", views.adviser_passport, name="adviser_passport"),
    path("adviseur/paspoorten/<int:pk>/bijsturen/", views.override_record, name="override"),
    path("adviseur/paspoorten/<int:pk>/voorstellen/", views.propose, name="propose"),
    path(
        "adviseur/bijsturingen/<int:pk>/intrekken/", views.override_revoke, name="override_revoke"
    ),
    path("matchingsplan/", views.plan, name="plan"),
    path("matchingsplan/matchingsplan.xlsx", views.plan_xlsx, name="plan_xlsx"),
]
