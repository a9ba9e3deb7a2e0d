from django.urls import path

from economie071.monitor import views

app_name = "monitor"
urlpatterns = [
    path("", views.index_dashboard, name="index"),
    path("index071.csv", views.index_export, {"fmt": "csv"}, name="index_csv"),
    path("index071.xlsx", views.index_export, {"fmt": "xlsx"}, name="index_xlsx"),
    path("impact/congressen/", views.congress_impact, name="congress"),
    path("impact/expats/", views.expat_impact, name="expats"),
    path("kostenverdeling/", views.cost_allocation, name="allocation"),
]
