from django.urls import path

from economie071.skills import views

app_name = "skills"
urlpatterns = [
    path("", views.index, name="index"),
]
