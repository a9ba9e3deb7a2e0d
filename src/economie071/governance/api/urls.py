"""The governance part of /api/v1/ (included without a prefix: full paths here)."""

from rest_framework.routers import SimpleRouter

from economie071.governance.api import views

router = SimpleRouter(trailing_slash=False)
router.register("governance/bodies", views.BodyViewSet, basename="governance-body")
router.register("governance/meetings", views.MeetingViewSet, basename="governance-meeting")
router.register("governance/proposals", views.ProposalViewSet, basename="governance-proposal")
router.register("governance/decisions", views.DecisionViewSet, basename="governance-decision")
router.register("governance/trails", views.TrailViewSet, basename="governance-trail")

urlpatterns: list = [*router.urls]
