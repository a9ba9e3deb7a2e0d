from django.urls import path

from economie071.network import views

app_name = "network"
urlpatterns = [
    path("", views.index, name="index"),
]
