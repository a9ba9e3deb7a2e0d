from django.urls import path

from economie071.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
]
