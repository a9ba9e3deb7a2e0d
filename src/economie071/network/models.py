"""The network: a directory profile per organisation (what it chose to show, what it offers
and seeks, contact through the platform), Open Innovatie Lab challenges for student teams,
Smart071 innovation trajectories with SMEs, and the experts they are referred to.

Writes go through `network.services`; the organisation's own data (name, helix side,
municipality, website) stays on `programme.Organisation` and is not copied here.
"""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from economie071.core.dates import DatePrecision
from economie071.core.markdown import RenderedMarkdownField
from economie071.network.constants import (
    MATCHABLE_STATUSES,
    ChallengeStatus,
    ExchangeDirection,
    ExchangeKind,
    ResultKind,
    Sector,
    TrajectoryPhase,
    TrajectoryStatus,
)

school_year_format = RegexValidator(r"^\d{4}-\d{4}$", _("A school year looks like 2019-2020."))


class NetworkProfile(models.Model):
    """An organisation's entry in the network directory, with what it chose to show.

    The contact address is where contact requests are forwarded to; it is never shown.
    """

    organisation = models.OneToOneField(
        "programme.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="network_profile",
    )
    is_published = models.BooleanField(
        _("listed in the directory"), default=False, help_text=_("Shown to everyone.")
    )
    covenant_partner = models.BooleanField(
        _("covenant partner"), default=False, help_text=_("Signed the programme's covenant.")
    )
    covenant_signed_on = models.DateField(
        _("covenant signed on"), null=True, blank=True, help_text=_("Empty when not known.")
    )
    partner_note = models.CharField(
        _("partnership note"),
        max_length=300,
        blank=True,
        help_text=_("What the partnership rests on, e.g. the source that names it."),
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_html = RenderedMarkdownField(source="description")
    contact_email = models.EmailField(
        _("contact address"),
        blank=True,
        help_text=_("Contact requests are forwarded here. Never shown on the site or the API."),
    )
    accepts_contact = models.BooleanField(_("accepts contact requests"), default=True)
    show_partnership = models.BooleanField(_("show the covenant partnership"), default=True)
    show_sector = models.BooleanField(_("show the sector"), default=True)
    show_municipality = models.BooleanField(_("show the municipality"), default=True)
    show_website = models.BooleanField(_("show the website"), default=True)
    show_description = models.BooleanField(_("show the description"), default=True)
    show_offers = models.BooleanField(_("show what it offers"), default=True)
    show_seeks = models.BooleanField(_("show what it seeks"), default=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the facts come from.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(covenant_signed_on__isnull=True) | Q(covenant_partner=True),
                name="network_profile_signed_only_partner",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Exchange(models.Model):
    """One thing an organisation offers or seeks (expertise, internships, funding, ...)."""

    profile = models.ForeignKey(
        NetworkProfile,
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="exchanges",
    )
    direction = models.CharField(_("offers or seeks"), max_length=10, choices=ExchangeDirection)
    kind = models.CharField(_("kind"), max_length=20, choices=ExchangeKind)
    text = models.CharField(_("details"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["profile", "direction", "order", "id"]
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=ExchangeDirection.values),
                name="network_exchange_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ExchangeKind.values), name="network_exchange_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.get_direction_display()} {self.get_kind_display()}"


class ProfileEditor(models.Model):
    """A user who keeps an organisation's profile (and posts its challenges)."""

    profile = models.ForeignKey(
        NetworkProfile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="editors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="network_profiles",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["profile", "user__username"]
        verbose_name = _("profile editor")
        verbose_name_plural = _("profile editors")
        constraints = [
            models.UniqueConstraint(fields=["profile", "user"], name="network_editor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.profile}"


class ContactRequest(models.Model):
    """A message to an organisation, forwarded by e-mail to its contact address."""

    profile = models.ForeignKey(
        NetworkProfile,
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="contact_requests",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("message"))
    # What the message is about, as the sender chose it on the organisation's page: the
    # words of the offer, need or challenge as they stood then (offers and needs are
    # replaced when the profile is edited), and the challenge itself while it exists.
    about = models.CharField(_("about"), max_length=400, blank=True)
    challenge = models.ForeignKey(
        "Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_requests",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    # A member of the organisation marks the request handled (answered, passed on).
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        indexes = [models.Index(fields=["email", "created_at"], name="network_contact_throttle")]

    def __str__(self) -> str:
        return f"{self.name} → {self.profile}"

    @property
    def handled(self) -> bool:
        return self.handled_at is not None


# --- Open Innovatie Lab ----------------------------------------------------------------------


class StudentTeam(models.Model):
    """A team of students; only the school, study programme and number, no personal data."""

    name = models.CharField(_("name"), max_length=200)
    school = models.ForeignKey(
        "programme.Organisation",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="student_teams",
        help_text=_("An organisation on the education side; empty when not known."),
    )
    study_programme = models.CharField(_("study programme"), max_length=200, blank=True)
    student_count = models.PositiveSmallIntegerField(
        _("number of students"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("student team")
        verbose_name_plural = _("student teams")
        constraints = [
            models.CheckConstraint(
                condition=Q(student_count__isnull=True) | Q(student_count__gte=1),
                name="network_team_count_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Challenge(models.Model):
    """An organisation's question that a student team works on in the Open Innovatie Lab."""

    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="challenges",
    )
    project = models.ForeignKey(
        "portfolio.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        "programme.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    description = models.TextField(_("question"), blank=True)
    description_html = RenderedMarkdownField(source="description")
    team = models.ForeignKey(
        StudentTeam,
        verbose_name=_("student team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    starts_on_precision = models.CharField(
        _("start known to the"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    ends_on = models.DateField(_("end"), null=True, blank=True)
    ends_on_precision = models.CharField(
        _("end known to the"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration in weeks"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    school_year = models.CharField(
        _("school year"), max_length=9, db_index=True, validators=[school_year_format]
    )
    date_note = models.CharField(
        _("about the dates"),
        max_length=400,
        blank=True,
        help_text=_("What is (not) known about the dates, and from which source."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ChallengeStatus, default=ChallengeStatus.PROPOSED
    )
    financial_contribution = models.DecimalField(
        _("financial contribution (euros)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The organisation's contribution; empty when not known."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-school_year", "starts_on", "title"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ChallengeStatus.values), name="network_challenge_status"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="network_challenge_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(financial_contribution__isnull=True) | Q(financial_contribution__gte=0),
                name="network_challenge_contribution_positive",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=False)
                | Q(status__in=[ChallengeStatus.PROPOSED, ChallengeStatus.CANCELLED]),
                name="network_challenge_team_when_matched",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def can_be_matched(self) -> bool:
        """Proposed or matched: it can (still) get a student team (challenge_match_team)."""
        return self.status in MATCHABLE_STATUSES


class ChallengeResult(models.Model):
    """What a challenge produced or where it was reported: a report, film, article..."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ResultKind)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(
        _("web address"), max_length=500, blank=True, help_text=_("Empty when not known.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["challenge", "order", "id"]
        verbose_name = _("challenge result")
        verbose_name_plural = _("challenge results")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ResultKind.values), name="network_result_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- Smart071 --------------------------------------------------------------------------------


class Trajectory(models.Model):
    """An SME's Smart071 innovation trajectory with a student team.

    A placeholder stands in for a trajectory the source counts but does not name; it has no
    company and says so wherever it is shown.
    """

    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="trajectories",
    )
    project = models.ForeignKey(
        "portfolio.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectories",
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    company = models.ForeignKey(
        "programme.Organisation",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trajectories",
    )
    team = models.ForeignKey(
        StudentTeam,
        verbose_name=_("student team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectories",
    )
    phase = models.CharField(
        _("phase"), max_length=25, choices=TrajectoryPhase, default=TrajectoryPhase.AWARENESS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectoryStatus, default=TrajectoryStatus.RUNNING
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    concept = models.TextField(_("concept"), blank=True)
    concept_html = RenderedMarkdownField(source="concept")
    prototype = models.TextField(_("prototype"), blank=True)
    prototype_html = RenderedMarkdownField(source="prototype")
    business_case = models.TextField(_("business case"), blank=True)
    business_case_html = RenderedMarkdownField(source="business_case")
    outcome = models.TextField(pgettext_lazy("trajectory result", "outcome"), blank=True)
    outcome_html = RenderedMarkdownField(source="outcome")
    follow_up = models.BooleanField(
        pgettext_lazy("next trajectory", "follow-up"),
        null=True,
        blank=True,
        help_text=_("Did the trajectory get a follow-up after it ended? Empty: not known."),
    )
    is_placeholder = models.BooleanField(_("placeholder"), default=False)
    placeholder_note = models.CharField(_("placeholder note"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["is_placeholder", "status", "title", "id"]
        verbose_name = _("innovation trajectory")
        verbose_name_plural = _("innovation trajectories")
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) | Q(is_placeholder=True),
                name="network_trajectory_company_unless_placeholder",
            ),
            models.CheckConstraint(
                condition=Q(phase__in=TrajectoryPhase.values), name="network_trajectory_phase"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TrajectoryStatus.values),
                name="network_trajectory_status",
            ),
            models.CheckConstraint(
                condition=Q(follow_up__isnull=True) | ~Q(status=TrajectoryStatus.RUNNING),
                name="network_trajectory_follow_up_after_end",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="network_trajectory_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_running(self) -> bool:
        """Running: it changes phase and can be ended; once ended, its follow-up is kept."""
        return self.status == TrajectoryStatus.RUNNING


class TrajectoryPhaseChange(models.Model):
    """A step in a trajectory's phase history; a step back carries its reason."""

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("trajectory"),
        on_delete=models.CASCADE,
        related_name="phase_changes",
    )
    from_phase = models.CharField(
        _("from phase"), max_length=25, choices=TrajectoryPhase, blank=True
    )
    to_phase = models.CharField(_("to phase"), max_length=25, choices=TrajectoryPhase)
    changed_on = models.DateField(_("date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["trajectory", "created_at", "id"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.trajectory}: {self.from_phase or '—'} → {self.to_phase}"


class ExpertiseTag(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise tags")

    def __str__(self) -> str:
        return self.name


class ExpertEntry(models.Model):
    """An organisation in the region that SMEs can be referred to for its expertise."""

    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="experts",
    )
    organisation = models.ForeignKey(
        "programme.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="expert_entries",
    )
    description = models.TextField(_("expertise"), blank=True)
    tags = models.ManyToManyField(
        ExpertiseTag, verbose_name=_("expertise tags"), blank=True, related_name="experts"
    )
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts directory")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="network_expert_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Referral(models.Model):
    """A company (in a trajectory or not) referred to an expert organisation."""

    expert = models.ForeignKey(
        ExpertEntry, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="referrals"
    )
    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("trajectory"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    company = models.ForeignKey(
        "programme.Organisation",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    referred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(trajectory__isnull=False) | Q(company__isnull=False),
                name="network_referral_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory or self.company} → {self.expert}"
