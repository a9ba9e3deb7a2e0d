"""Choices of the monitor and the figures of the printed project overview it uses."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from economie071.monitor.index import HIGHER, LOWER

DEFAULT_BASE_YEAR = 2014

# Source and label of the demo's generated indicator series: they are not real figures.
EXAMPLE_SOURCE = "Voorbeeldcijfers (geen echte gegevens)"
EXAMPLE_LABEL = "voorbeeldcijfers"

# The seed: the programme's printed project overview of November 2019.
SEED_SOURCE = "Projectenoverzicht Economie071, november 2019"


class Direction(models.TextChoices):
    HIGHER = HIGHER, _("higher is better")
    LOWER = LOWER, _("lower is better")


class Geography(models.TextChoices):
    """The areas an indicator is published for."""

    MUNICIPALITY = "municipality", _("region and municipalities")
    REGION = "region", _("region only")


class ObservationStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("provisional")
    FINAL = "final", _("final")


# Words accepted in the status column of an import (Dutch and English).
STATUS_WORDS = {
    "": ObservationStatus.FINAL,
    "final": ObservationStatus.FINAL,
    "definitief": ObservationStatus.FINAL,
    "provisional": ObservationStatus.PROVISIONAL,
    "voorlopig": ObservationStatus.PROVISIONAL,
}

# --- Real figures from the seed (page numbers refer to the printed overview) -----------------

# Internationalisering: "Voor 2019 staat de teller op 27.245 congresdeelnemersdagen (waarvan
# 21.500 definitief zijn). Dit is goed voor een economische impact van € 5.9 miljoen euro in
# dat jaar (cijfers impact zijn gebaseerd op inschattingen van het Nederlands Bureau voor
# Toerisme & Congressen)."
CONGRESS_YEAR = 2019
CONGRESS_PARTICIPANT_DAYS = 27_245
CONGRESS_PARTICIPANT_DAYS_FINAL = 21_500
CONGRESS_IMPACT = Decimal("5900000")
CONGRESS_IMPACT_BASIS = "inschattingen van het Nederlands Bureau voor Toerisme & Congressen"

# Internationalisering: "In de periode 2009-2015 is het aantal expats met 48% in de Leidse
# regio gestegen. De stijging ligt boven het landelijk gemiddelde van 37%. Iedere expat zorgt
# voor een geschatte spin-off van 1.6 banen voor praktisch geschoolden in de Leidse regio."
EXPAT_GROWTH_REGION = Decimal("0.48")
EXPAT_GROWTH_NATIONAL = Decimal("0.37")
EXPAT_GROWTH_PERIOD = (2009, 2015)
SPIN_OFF_JOBS_PER_EXPAT = Decimal("1.6")

# Bedrijventerreinen: "Bedrijven zorgen voor 42.500 directe en 10.000 indirecte banen in de
# regio071. Dit is ruim een derde van de werkgelegenheid in onze regio."
BUSINESS_PARK_DIRECT_JOBS = 42_500
BUSINESS_PARK_INDIRECT_JOBS = 10_000

# Retailvisie: the cost of phase 2, shared by number of inhabitants.
RETAIL_PHASE_2_BUDGET = Decimal("192000")

# Bedrijventerreinen: the covenant "Ruimte voor bedrijven 2018-2022" asks that business land
# lost to transformation is compensated; the strategy looks ahead to 2030.
COVENANT_NAME = "Ruimte voor bedrijven 2018-2022"
COVENANT_YEARS = (2018, 2022)
PARKS_HORIZON = 2030

# Retailvisie: adopted in 2016 by all participating municipalities.
RETAIL_VISION_YEAR = 2016


class CbsApi(models.TextChoices):
    """The two open-data interfaces of CBS StatLine."""

    V3 = "v3", _("CBS OData v3 (opendata.cbs.nl/ODataApi)")
    V4 = "v4", _("CBS OData v4 (datasets.cbs.nl)")


class AreaType(models.TextChoices):
    """The place of a shopping area in the regional retail structure."""

    MAIN_CENTRE = "main_centre", _("main centre")
    DISTRICT_CENTRE = "district_centre", _("district or neighbourhood centre")
    PERIPHERAL = "peripheral", _("destination-oriented or peripheral location")


class ActionLineMetric(models.TextChoices):
    """How a line of action's progress is measured."""

    PERIPHERAL_REDUCTION = (
        "peripheral_reduction",
        _("m² floor space reduced on peripheral locations since the baseline year (computed)"),
    )
    MAIN_VACANCY = (
        "main_vacancy",
        _("vacancy (percentage of floor space) in the main shopping structure (computed)"),
    )
    MANUAL = "manual", _("progress entered each year")


class Scenario(models.TextChoices):
    LOW = "low", _("low")
    MID = "mid", _("mid")
    HIGH = "high", _("high")


class LedgerKind(models.TextChoices):
    TRANSFORMATION = "transformation", _("transformation (taken out of business use)")
    COMPENSATION = "compensation", _("compensation (new hard business land)")


class ImportKind(models.TextChoices):
    """What an import file holds; each kind has its own template."""

    OBSERVATIONS = "observations", _("indicator observations (Index071)")
    RETAIL = "retail", _("retail monitor figures (shopping areas)")
    PARKS = "parks", _("business park figures")
    DEMAND = "demand", _("business land demand forecast")
    CBS = "cbs", _("CBS StatLine")
