from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from economie071.core.dates import DatePrecision
from economie071.core.markdown import RenderedMarkdownField
from economie071.portfolio.constants import (
    LEADER_EDITABLE_STATUSES,
    AllocationKey,
    CardStatus,
    Level,
    Phase,
    RoleKind,
    StatusLight,
)
from economie071.programme.models import (
    Municipality,
    Organisation,
    Person,
    Pillar,
    Programme,
    Theme,
)


class Project(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="projects"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    short_description = models.TextField(_("short description"), blank=True)
    short_description_html = RenderedMarkdownField(source="short_description")
    urgency = models.TextField(_("urgency"), blank=True)
    assignment = models.TextField(_("assignment"), blank=True)
    # Blank means the phase has not been recorded (yet); it is never guessed.
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    pillars = models.ManyToManyField(
        Pillar, verbose_name=_("pillars"), related_name="projects", blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="projects", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class PhaseChange(models.Model):
    """One step in a project's life cycle: kept forever, so the history is never lost."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.CharField(_("from phase"), max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("to phase"), max_length=20, choices=Phase.choices)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "date", "recorded_at"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.project}: {self.from_phase or '-'} → {self.to_phase} ({self.date})"


class LineOfAction(models.Model):
    """A line of action within a project (e.g. actielijn A of the retail vision)."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="lines_of_action",
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["project", "code"]
        verbose_name = _("line of action")
        verbose_name_plural = _("lines of action")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="line_of_action_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class Role(models.Model):
    """Someone's place in a project's structure: a person and/or organisation, over time."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
    )
    # For holders that are neither a person nor an organisation, e.g. "Stuurgroep Economie071".
    label = models.CharField(_("holder (other)"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    line_of_action = models.ForeignKey(
        LineOfAction,
        verbose_name=_("line of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["project", "kind", "order", "id"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False) | ~Q(label=""),
                name="role_has_holder",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.holder_name}"

    @property
    def holder_name(self) -> str:
        parts = [str(p) for p in (self.person, self.organisation) if p is not None]
        return ", ".join(parts) or self.label


class ReportingPeriod(models.Model):
    """A half year in which every running project reports on a card (label like 2019-H2)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="reporting_periods",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half year"), choices=[(1, "H1"), (2, "H2")])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    deadline = models.DateField(_("deadline for cards"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "-year", "-half"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "half"], name="period_unique_half_year"
            ),
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="period_half_1_or_2"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year}-H{self.half}"


class ProjectCard(models.Model):
    """A project's half-yearly report: the working copy that moves through the round.

    What the public sees is never this working copy but the latest published
    CardRevision, so a correction in progress cannot change a published card.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="cards"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="cards",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CardStatus.choices, default=CardStatus.DRAFT
    )
    status_light = models.CharField(
        _("status light"), max_length=20, choices=StatusLight.choices, default=StatusLight.NOT_SET
    )
    # Incremented on every save; a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    last_half_year = models.TextField(_("What happened in the last half year?"), blank=True)
    next_steps = models.TextField(_("What are the next steps?"), blank=True)
    impact = models.TextField(_("What impact will these activities have?"), blank=True)
    partner_contribution = models.TextField(_("What can the partners contribute?"), blank=True)
    cost_structure = models.TextField(_("What cost structure is used?"), blank=True)
    risks = models.TextField(_("Which risks do you see and how do you manage them?"), blank=True)
    urgency = models.TextField(_("The urgency"), blank=True)
    assignment = models.TextField(_("The assignment"), blank=True)
    # Sections a project adds beyond the template: [{"heading": ..., "body": ...}, ...].
    extra_sections = models.JSONField(_("other sections"), default=list, blank=True)
    # The card's own order of its sections and the headings it prints where they differ
    # from the template's questions: [{"key": "urgency", "heading": "Urgentie"},
    # {"key": "extra-1"}, ...] (template keys, or "extra-N" for the N-th other section).
    # Empty: the template's order and questions, then the other sections.
    section_layout = models.JSONField(
        _("order and headings of the sections"), default=list, blank=True
    )

    quote_text = models.TextField(_("quote"), blank=True)
    quote_person = models.ForeignKey(
        Person,
        verbose_name=_("quoted person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
    )
    quote_attribution = models.CharField(_("quoted as"), max_length=200, blank=True)

    return_comment = models.TextField(_("comment from the programme office"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["period", "project__name"]
        verbose_name = _("project card")
        verbose_name_plural = _("project cards")
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="card_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.period})"

    @property
    def editable_by_leader(self) -> bool:
        """Whether the card is in a state in which its project leader may change it (a draft,
        or returned by the programme office)."""
        return self.status in LEADER_EDITABLE_STATUSES

    @property
    def office_comment(self) -> str:
        """The programme office's word on the card (why it was returned, or why a correction
        was started) while it applies: until the card is published."""
        return "" if self.status == CardStatus.PUBLISHED else self.return_comment


class Milestone(models.Model):
    """A dated entry on the card's timeline."""

    card = models.ForeignKey(
        ProjectCard, verbose_name=_("card"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    # When the source gives no exact date, what it does give ("tussen februari en juni
    # 2019; volgorde uit de tekst"): shown instead of the date, which then only orders.
    date_note = models.CharField(_("date as the source gives it"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    # [{"label": "LinkedIn", "url": "https://..."}]; url may be empty when only the label is known.
    links = models.JSONField(_("links"), default=list, blank=True)

    class Meta:
        ordering = ["card", "date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"


class Result(models.Model):
    """A numeric key figure (e.g. '25 innovatietrajecten afgerond')."""

    card = models.ForeignKey(
        ProjectCard, verbose_name=_("card"), on_delete=models.CASCADE, related_name="results"
    )
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    # The figure as the source prints it, qualifier and all ("zo'n 100", "ongeveer 1/3",
    # "5e"): printed instead of the number, which stays for sorting and totals.
    as_printed = models.CharField(_("figure as printed"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=100)
    date = models.DateField(_("date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["card", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.value} {self.unit}"


class RiskItem(models.Model):
    card = models.ForeignKey(
        ProjectCard, verbose_name=_("card"), on_delete=models.CASCADE, related_name="risk_items"
    )
    description = models.TextField(_("risk"))
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Level.choices, blank=True)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices, blank=True)
    mitigation = models.TextField(_("mitigation"), blank=True)

    class Meta:
        ordering = ["card", "id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.description[:80]


class CardRevision(models.Model):
    """An immutable snapshot of a card's content; the published ones are what readers see."""

    card = models.ForeignKey(
        ProjectCard, verbose_name=_("card"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    snapshot = models.JSONField(_("content"))
    status = models.CharField(_("status"), max_length=20, choices=CardStatus.choices)
    published = models.BooleanField(_("published"), default=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["card", "number"]
        verbose_name = _("card revision")
        verbose_name_plural = _("card revisions")
        constraints = [
            models.UniqueConstraint(fields=["card", "number"], name="revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.card} r{self.number}"


class BudgetLine(models.Model):
    """Money for a project in a period, and how it is shared between municipalities."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_budget_lines",
    )
    allocation_key = models.CharField(
        _("allocation key"), max_length=20, choices=AllocationKey.choices
    )
    # For the inhabitants key: the participating municipalities and the year of the figures.
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("participating municipalities"),
        blank=True,
        related_name="budget_lines",
    )
    population_year = models.PositiveSmallIntegerField(
        _("inhabitants on 1 January of"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    # A line taken over from the project's previous half year when the period was opened,
    # until the office confirms it (or removes it): the budget is the office's to state.
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["project", "period", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.description}"


class BudgetShare(models.Model):
    """A fixed share of a budget line for one municipality (for the fixed-shares key)."""

    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE, related_name="shares"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(_("share"), max_digits=9, decimal_places=4)

    class Meta:
        ordering = ["budget_line", "municipality__name"]
        verbose_name = _("budget share")
        verbose_name_plural = _("budget shares")
        constraints = [
            models.UniqueConstraint(
                fields=["budget_line", "municipality"], name="budget_share_unique_municipality"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="budget_share_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.weight}"
