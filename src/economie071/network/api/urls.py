"""The network part of the read API, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from economie071.network.api import views

router = SimpleRouter(trailing_slash=False)
router.register("network/organisations", views.OrganisationViewSet, basename="network-organisation")
router.register("network/challenges", views.ChallengeViewSet, basename="network-challenge")
router.register("network/trajectories", views.TrajectoryViewSet, basename="network-trajectory")
router.register("network/experts", views.ExpertViewSet, basename="network-expert")

urlpatterns: list = [*router.urls]
