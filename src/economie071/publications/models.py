from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from economie071.portfolio.models import ReportingPeriod
from economie071.programme.models import Programme


class Foreword(models.Model):
    """The foreword of a period's overview, written before the edition is issued."""

    period = models.OneToOneField(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="foreword",
    )
    text = models.TextField(_("text"))
    author_name = models.CharField(_("author"), max_length=200)
    author_title = models.CharField(_("author's title"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("foreword")
        verbose_name_plural = _("forewords")

    def __str__(self) -> str:
        return f"{self.period}: {self.author_name}"


def edition_pdf_path(edition: "Edition", filename: str) -> str:
    return f"editions/{edition.programme.slug}-{edition.period.label}-v{edition.version}.pdf"


class Edition(models.Model):
    """An issued project overview: a frozen snapshot of a period's published cards.

    Nothing in it changes after issue; a corrected edition is a new version.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="editions"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="editions",
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    # The whole edition as data (see docs/edition-format.md); pages and files render from it.
    snapshot = models.JSONField(_("content"))
    pdf = models.FileField(_("PDF"), upload_to=edition_pdf_path, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["programme", "-period__year", "-period__half", "-version"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period", "version"], name="edition_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"
