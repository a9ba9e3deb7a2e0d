from django.urls import path

from economie071.monitor import views

app_name = "monitor"
urlpatterns = [
    path("", views.index_dashboard, name="index"),
    path("index071.csv", views.index_export, {"fmt": "csv"}, name="index_csv"),
    path("index071.xlsx", views.index_export, {"fmt": "xlsx"}, name="index_xlsx"),
    path("winkels/", views.retail_monitor, name="retail"),
    path("winkels.csv", views.retail_export, {"fmt": "csv"}, name="retail_csv"),
    path("winkels.xlsx", views.retail_export, {"fmt": "xlsx"}, name="retail_xlsx"),
    path("winkels/actielijnen/<str:code>/", views.action_line_edit, name="action_line"),
    path("bedrijventerreinen/", views.business_parks, name="parks"),
    path("bedrijventerreinen.csv", views.business_parks_export, {"fmt": "csv"}, name="parks_csv"),
    path(
        "bedrijventerreinen.xlsx",
        views.business_parks_export,
        {"fmt": "xlsx"},
        name="parks_xlsx",
    ),
    path("bedrijventerreinen/grootboek/nieuw/", views.ledger_entry_create, name="ledger_create"),
    path("importeren/", views.import_page, name="import"),
    path("importeren/cbs/", views.cbs_import_start, name="cbs_import_start"),
    path("rapport/", views.monitor_report, name="report"),
    path("rapport.pdf", views.monitor_report_pdf, name="report_pdf"),
    path("impact/congressen/", views.congress_impact, name="congress"),
    path("impact/expats/", views.expat_impact, name="expats"),
    path("kostenverdeling/", views.cost_allocation, name="allocation"),
]
