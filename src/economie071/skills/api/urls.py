"""The House of Skills part of /api/v1/ (included without a prefix: full paths here)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from economie071.skills.api import views

router = SimpleRouter(trailing_slash=False)
router.register("skills/skills", views.SkillViewSet, basename="skills-skill")
router.register("skills/occupations", views.OccupationViewSet, basename="skills-occupation")
router.register("skills/sectors", views.SectorViewSet, basename="skills-sector")
router.register("skills/modules", views.ModuleViewSet, basename="skills-module")
router.register("skills/vacancies", views.VacancyViewSet, basename="skills-vacancy")

urlpatterns: list = [
    path("skills/mobility", views.MobilityView.as_view(), name="skills-mobility"),
    path("skills/me/passport", views.MyPassportView.as_view(), name="skills-me-passport"),
    path("skills/me/matches", views.MyMatchesView.as_view(), name="skills-me-matches"),
    path("skills/me/mobility", views.MyMobilityView.as_view(), name="skills-me-mobility"),
    path("skills/me/contacts", views.MyContactsView.as_view(), name="skills-me-contacts"),
    path("skills/contacts", views.VacancyContactsView.as_view(), name="skills-contacts"),
    path("skills/placements", views.PlacementsView.as_view(), name="skills-placements"),
    path("skills/me/interest", views.MyInterestView.as_view(), name="skills-me-interest"),
    path(
        "skills/me/contacts/<int:pk>/answer",
        views.MyContactAnswerView.as_view(),
        name="skills-me-contact-answer",
    ),
    path("skills/invitations", views.InvitationsView.as_view(), name="skills-invitations"),
    path("skills/proposals", views.ProposalsView.as_view(), name="skills-proposals"),
    path("skills/contacts/<int:pk>/outcome", views.OutcomeView.as_view(), name="skills-outcome"),
    *router.urls,
]
