"""The forum part of the read API, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from economie071.forum.api import views

router = SimpleRouter(trailing_slash=False)
router.register("forum/topics", views.TopicViewSet, basename="forum-topic")
router.register("forum/questions", views.QuestionViewSet, basename="forum-question")

urlpatterns = router.urls
