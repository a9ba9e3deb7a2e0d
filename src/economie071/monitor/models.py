"""Indicators, their observations and the Index071 editions that combine them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from economie071.monitor.constants import (
    ActionLineMetric,
    AreaType,
    CbsApi,
    Direction,
    Geography,
    ImportKind,
    LedgerKind,
    ObservationStatus,
    Scenario,
)
from economie071.programme.models import Municipality, Region


def one_area_per_key(prefix: str, *, region_key: list[str], municipality_key: list[str]):
    """Constraints of a figure that belongs to either the region or one municipality (never
    both, never neither), with one row per key for each kind of area."""
    return [
        models.CheckConstraint(
            condition=(Q(region__isnull=False) & Q(municipality__isnull=True))
            | (Q(region__isnull=True) & Q(municipality__isnull=False)),
            name=f"{prefix}_one_area",
        ),
        models.UniqueConstraint(
            fields=region_key,
            condition=Q(region__isnull=False),
            name=f"{prefix}_one_per_region_year",
        ),
        models.UniqueConstraint(
            fields=municipality_key,
            condition=Q(municipality__isnull=False),
            name=f"{prefix}_one_per_municipality_year",
        ),
    ]


class IndexTheme(models.Model):
    """A group of indicators in the index (e.g. 'Werk', 'Bedrijvigheid')."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("index theme")
        verbose_name_plural = _("index themes")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """Something measured every year: what it is, where it comes from, which way is better."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    theme = models.ForeignKey(
        IndexTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="indicators"
    )
    unit = models.CharField(_("unit"), max_length=50)
    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source URL"), blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    geography = models.CharField(
        _("geography"), max_length=20, choices=Geography.choices, default=Geography.MUNICIPALITY
    )
    description = models.TextField(_("how it is measured"), blank=True)

    class Meta:
        ordering = ["theme__order", "theme__name", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="indicator_direction_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ObservationImport(models.Model):
    """One import (a file or a CBS retrieval): the provenance shared by the rows it brought in."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ImportKind.choices, default=ImportKind.OBSERVATIONS
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created = models.PositiveIntegerField(_("observations created"), default=0)
    updated = models.PositiveIntegerField(_("observations updated"), default=0)

    # (line, message) for the figures the import took but found hard to believe
    # (monitor.plausibility): set by the import that made the batch, for the importer to
    # check; not stored.
    warnings: tuple[tuple[int, str], ...] | list[tuple[int, str]] = ()

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name or '-'} ({self.imported_at:%Y-%m-%d %H:%M})"


class Observation(models.Model):
    """The value of an indicator for one area (the region or a municipality) in one year."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900)])
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ObservationStatus.choices,
        default=ObservationStatus.FINAL,
    )
    source = models.CharField(_("source"), max_length=200)
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    batch = models.ForeignKey(
        ObservationImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            *one_area_per_key(
                "observation",
                region_key=["indicator", "region", "year"],
                municipality_key=["indicator", "municipality", "year"],
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObservationStatus.values), name="observation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area} {self.year}: {self.value}"

    @property
    def area(self):
        return self.municipality or self.region


class IndexEdition(models.Model):
    """One edition of Index071 and its methodology, kept so it can be recomputed as it was."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    year_published = models.PositiveSmallIntegerField(_("year published"))
    base_year = models.PositiveSmallIntegerField(_("base year"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-year_published", "name"]
        verbose_name = _("index edition")
        verbose_name_plural = _("index editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(base_year__lte=models.F("year_published")),
                name="edition_base_year_not_after_publication",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EditionIndicator(models.Model):
    """An indicator of an edition, with the theme it was counted in and its weight there."""

    edition = models.ForeignKey(
        IndexEdition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    theme = models.ForeignKey(
        IndexTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(_("weight"), max_digits=9, decimal_places=4, default=1)

    class Meta:
        ordering = ["edition", "theme__order", "indicator__name"]
        verbose_name = _("edition indicator")
        verbose_name_plural = _("edition indicators")
        constraints = [
            models.UniqueConstraint(fields=["edition", "indicator"], name="edition_indicator_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="edition_indicator_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.indicator} ({self.weight})"


class EditionTheme(models.Model):
    """A theme's weight in an edition's total index."""

    edition = models.ForeignKey(
        IndexEdition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="themes"
    )
    theme = models.ForeignKey(
        IndexTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(_("weight"), max_digits=9, decimal_places=4, default=1)

    class Meta:
        ordering = ["edition", "theme__order"]
        verbose_name = _("edition theme")
        verbose_name_plural = _("edition themes")
        constraints = [
            models.UniqueConstraint(fields=["edition", "theme"], name="edition_theme_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="edition_theme_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.theme} ({self.weight})"


# --- CBS StatLine ------------------------------------------------------------------------------


class CbsMapping(models.Model):
    """Where CBS publishes an indicator for a range of years: table, interface and measure.

    Tables such as "Kerncijfers wijken en buurten" get a new id every year and have no period
    dimension: such a mapping covers exactly one year. A table with a period dimension
    (``Perioden``, codes like 2019JJ00) may cover many years.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="cbs_mappings",
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    table_id = models.CharField(_("CBS table id"), max_length=20)
    api = models.CharField(_("interface"), max_length=2, choices=CbsApi.choices)
    measure = models.CharField(
        _("measure"),
        max_length=100,
        help_text=_("v3: the column key (AantalInwoners_5); v4: the measure code (M000352)."),
    )
    region_dimension = models.CharField(_("region dimension"), max_length=60, default="RegioS")
    period_dimension = models.CharField(
        _("period dimension"),
        max_length=60,
        blank=True,
        help_text=_("Empty when the table holds one year only."),
    )
    cbs_unit = models.CharField(
        _("unit at CBS"),
        max_length=50,
        blank=True,
        help_text=_("Checked against the table's metadata on every import."),
    )
    factor = models.DecimalField(
        _("factor"),
        max_digits=12,
        decimal_places=6,
        default=1,
        help_text=_("CBS value × factor = value in the indicator's unit (1000 for 'x 1 000')."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["indicator", "first_year"]
        verbose_name = _("CBS mapping")
        verbose_name_plural = _("CBS mappings")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")), name="cbs_mapping_year_range"
            ),
            models.CheckConstraint(
                condition=~Q(period_dimension="") | Q(first_year=models.F("last_year")),
                name="cbs_mapping_one_year_without_periods",
            ),
            models.CheckConstraint(condition=Q(factor__gt=0), name="cbs_mapping_factor"),
            models.CheckConstraint(condition=Q(api__in=CbsApi.values), name="cbs_mapping_api"),
        ]

    def __str__(self) -> str:
        years = (
            str(self.first_year)
            if self.first_year == self.last_year
            else f"{self.first_year}-{self.last_year}"
        )
        return f"{self.indicator.slug} {years}: {self.table_id} ({self.api}) {self.measure}"


# --- Retail monitor (Retailvisie) ---------------------------------------------------------------


class ShoppingArea(models.Model):
    """A shopping area and its place in the regional retail structure."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    area_type = models.CharField(_("type"), max_length=20, choices=AreaType.choices)
    in_main_structure = models.BooleanField(
        _("in the main shopping structure"),
        default=True,
        help_text=_("Line of action B is about the areas outside it."),
    )

    class Meta:
        ordering = ["municipality__name", "area_type", "name"]
        verbose_name = _("shopping area")
        verbose_name_plural = _("shopping areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_type__in=AreaType.values), name="shopping_area_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RetailFigure(models.Model):
    """A shopping area's floor space, outlets and vacancy in one year."""

    area = models.ForeignKey(
        ShoppingArea,
        verbose_name=_("shopping area"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900)])
    floor_space_m2 = models.PositiveIntegerField(_("floor space (m² wvo)"))
    outlets = models.PositiveIntegerField(_("outlets"))
    vacant_m2 = models.PositiveIntegerField(_("vacant floor space (m² wvo)"))
    vacant_outlets = models.PositiveIntegerField(_("vacant outlets"))
    source = models.CharField(_("source"), max_length=200)
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)
    batch = models.ForeignKey(
        ObservationImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retail_figures",
    )

    class Meta:
        ordering = ["area", "year"]
        verbose_name = _("retail figure")
        verbose_name_plural = _("retail figures")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="retail_figure_one_per_year"),
            models.CheckConstraint(
                condition=Q(vacant_m2__lte=models.F("floor_space_m2")),
                name="retail_figure_vacant_m2_within_floor_space",
            ),
            models.CheckConstraint(
                condition=Q(vacant_outlets__lte=models.F("outlets")),
                name="retail_figure_vacant_outlets_within_outlets",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}"


class RetailActionLine(models.Model):
    """One of the Retailvisie's lines of action (A, B, C) with its target."""

    code = models.CharField(_("code"), max_length=1, unique=True)
    name = models.CharField(_("name"), max_length=200)
    contact_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("contact point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    metric = models.CharField(
        _("how progress is measured"),
        max_length=30,
        choices=ActionLineMetric.choices,
        default=ActionLineMetric.MANUAL,
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("unit of the target"), max_length=150, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_source = models.CharField(_("source of the target"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("line of action")
        verbose_name_plural = _("lines of action")
        constraints = [
            models.CheckConstraint(
                condition=Q(metric__in=ActionLineMetric.values), name="action_line_metric_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class RetailProgress(models.Model):
    """Progress of a line of action measured by hand, in one year."""

    line = models.ForeignKey(
        RetailActionLine,
        verbose_name=_("line of action"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900)])
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["line", "year"]
        verbose_name = _("progress of a line of action")
        verbose_name_plural = _("progress of lines of action")
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="retail_progress_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.line.code} {self.year}: {self.value}"


# --- Business parks (bedrijventerreinenstrategie) -----------------------------------------------


class BusinessPark(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("business park")
        verbose_name_plural = _("business parks")

    def __str__(self) -> str:
        return self.name


HECTARES = {"max_digits": 9, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class BusinessParkFigure(models.Model):
    """A park's size, land available (hard and soft plan capacity) and jobs in one year."""

    park = models.ForeignKey(
        BusinessPark,
        verbose_name=_("business park"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900)])
    gross_ha = models.DecimalField(_("gross hectares"), **HECTARES)
    net_ha = models.DecimalField(_("net hectares"), **HECTARES)
    hard_ha = models.DecimalField(_("available: hard plan capacity (ha)"), **HECTARES)
    soft_ha = models.DecimalField(_("available: soft plan capacity (ha)"), **HECTARES)
    jobs = models.PositiveIntegerField(_("jobs"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)
    batch = models.ForeignKey(
        ObservationImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="park_figures",
    )

    class Meta:
        ordering = ["park", "year"]
        verbose_name = _("business park figure")
        verbose_name_plural = _("business park figures")
        constraints = [
            models.UniqueConstraint(fields=["park", "year"], name="park_figure_one_per_year"),
            models.CheckConstraint(
                condition=Q(net_ha__lte=models.F("gross_ha")), name="park_figure_net_within_gross"
            ),
            models.CheckConstraint(
                condition=Q(gross_ha__gte=0)
                & Q(net_ha__gte=0)
                & Q(hard_ha__gte=0)
                & Q(soft_ha__gte=0),
                name="park_figure_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.park} {self.year}"


class LandDemand(models.Model):
    """Forecast demand for business land (ha) in one year, per scenario, for an area."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    scenario = models.CharField(_("scenario"), max_length=10, choices=Scenario.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900)])
    hectares = models.DecimalField(_("demand (ha)"), **HECTARES)
    source = models.CharField(_("source"), max_length=200)
    batch = models.ForeignKey(
        ObservationImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="land_demand",
    )

    class Meta:
        ordering = ["scenario", "year"]
        verbose_name = _("land demand forecast")
        verbose_name_plural = _("land demand forecasts")
        constraints = [
            *one_area_per_key(
                "land_demand",
                region_key=["region", "scenario", "year"],
                municipality_key=["municipality", "scenario", "year"],
            ),
            models.CheckConstraint(
                condition=Q(scenario__in=Scenario.values), name="land_demand_scenario_valid"
            ),
            models.CheckConstraint(condition=Q(hectares__gte=0), name="land_demand_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality or self.region} {self.scenario} {self.year}: {self.hectares}"


class LedgerEntry(models.Model):
    """The covenant ledger: hectares transformed out of business use, and their compensation."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    park = models.ForeignKey(
        BusinessPark,
        verbose_name=_("business park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900)])
    kind = models.CharField(_("kind"), max_length=20, choices=LedgerKind.choices)
    hectares = models.DecimalField(_("hectares"), max_digits=9, decimal_places=2)
    description = models.CharField(_("description"), max_length=300)
    source = models.CharField(_("source"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["municipality__name", "year", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(condition=Q(hectares__gt=0), name="ledger_entry_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=LedgerKind.values), name="ledger_entry_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} {self.kind}: {self.hectares} ha"
