from django.urls import path, register_converter

from economie071.publications import views


class PeriodConverter:
    regex = r"\d{4}-H[12]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "period")

app_name = "publications"
edition = "<period:period>/versie-<int:version>/"
urlpatterns = [
    path("", views.edition_list, name="editions"),
    path("<period:period>/", views.edition_latest, name="edition_latest"),
    path("<period:period>/maken/", views.edition_prepare, name="prepare"),
    path(edition, views.edition_index, name="edition"),
    path(f"{edition}projectenoverzicht.pdf", views.edition_pdf, name="edition_pdf"),
    path(f"{edition}projectenoverzicht.xlsx", views.edition_xlsx, name="edition_xlsx"),
    path(f"{edition}projectenoverzicht.json", views.edition_json, name="edition_json"),
    path(f"{edition}wijzigingen/", views.edition_changes, name="edition_changes"),
    path(f"{edition}<slug:slug>/", views.edition_card, name="edition_card"),
    path(f"{edition}<slug:slug>/projectkaart.docx", views.card_docx, name="card_docx"),
]
