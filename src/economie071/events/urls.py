from django.urls import path

from economie071.events import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
]
