"""Indicators, their observations and the Index071 editions that combine them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from economie071.monitor.constants import Direction, Geography, ObservationStatus
from economie071.programme.models import Municipality, Region


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
    """One import of observations: the provenance shared by the rows it brought in."""

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

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("observation import")
        verbose_name_plural = _("observation imports")

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
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(municipality__isnull=True))
                | (Q(region__isnull=True) & Q(municipality__isnull=False)),
                name="observation_one_area",
            ),
            models.UniqueConstraint(
                fields=["indicator", "region", "year"],
                condition=Q(region__isnull=False),
                name="observation_one_per_region_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "municipality", "year"],
                condition=Q(municipality__isnull=False),
                name="observation_one_per_municipality_year",
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
