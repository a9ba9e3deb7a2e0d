"""Governance: the bodies that steer the programme and its projects, their meetings,
the proposals put to them and what they decided, and decisions that each municipality
has to take in its own steps (decision trails).

Rules that span rows (no overlapping memberships, decisions only on proposals that were
on the meeting's agenda, trail steps in order) are checked in services.py; what the
database can hold on its own is a constraint here.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from economie071.core.dates import DatePrecision
from economie071.core.markdown import RenderedMarkdownField
from economie071.governance.constants import (
    CLOSED_PROPOSAL_STATUSES,
    SUBMITTABLE_STATUSES,
    WITHDRAWABLE_STATUSES,
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    MeetingStatus,
    ProposalStatus,
    StepState,
)
from economie071.governance.uploads import extension_for, type_for_content_type
from economie071.portfolio.constants import AllocationKey
from economie071.portfolio.models import Project, ProjectCard
from economie071.programme.models import Municipality, Organisation, Person, Programme


class Body(models.Model):
    """A steering group or project board: the programme's own or one of a project."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="bodies"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    description = models.TextField(_("description"), blank=True)
    # "At least three times a year": empty when no cadence was agreed.
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimum meetings per year"), null=True, blank=True
    )
    cadence_source = models.CharField(
        _("source of the cadence"),
        max_length=300,
        blank=True,
        help_text=_("Where the agreed cadence is written down."),
    )

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A seat in a body, with the capacity it is held in, over time.

    The person may be unknown ("the alderman of Katwijk", "VNO NCW Rijnland"): the seed
    names the seats of some bodies without the people in them, and names are not invented.
    """

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("For example: chair, alderman of Katwijk, representative of VNO NCW."),
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("on behalf of municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(pgettext_lazy("inclusive end date", "until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["body", "order", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(municipality__isnull=False)
                | Q(organisation__isnull=False)
                | ~Q(role=""),
                name="membership_has_holder",
            ),
            # The open-ended seat of a person is unique; other overlaps: services.py.
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(ends_on__isnull=True),
                name="membership_one_open_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.holder_name}"

    @property
    def holder_name(self) -> str:
        if self.person is not None:
            return str(self.person)
        return str(self.organisation or self.municipality or self.role)


class Meeting(models.Model):
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="meetings"
    )
    # The date and the time on the region's clock (settings.TIME_ZONE), as the invitation
    # gives them; no time when only the date is known ("tijd onbekend"), never a made-up
    # midnight. `starts_at` combines them into a moment for comparisons and calendars.
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_html = RenderedMarkdownField(source="minutes")
    minutes_published = models.BooleanField(_("minutes published"), default=False)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    # When the programme office published the agenda: from then on everyone reads its
    # public items, in order (before the meeting; the decisions follow after it).
    agenda_published_at = models.DateTimeField(_("agenda published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["body", "-date", models.F("time").desc(nulls_last=True)]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        when = f"{self.date:%Y-%m-%d}"
        return f"{self.body} {when} {self.time:%H:%M}" if self.time else f"{self.body} {when}"

    @property
    def time_known(self) -> bool:
        return self.time is not None

    @property
    def starts_at(self) -> datetime.datetime:
        """The moment it starts on the region's clock; the start of its day when the time
        is not known."""
        return timezone.make_aware(
            datetime.datetime.combine(self.date, self.time or datetime.time.min),
            timezone.get_default_timezone(),
        )

    def has_begun(self, now: datetime.datetime | None = None) -> bool:
        """Started by `now`; a meeting without a time has begun on its day."""
        now = now or timezone.now()
        if self.time is None:
            return self.date <= timezone.localdate(now, timezone.get_default_timezone())
        return self.starts_at <= now

    def lies_ahead(self, now: datetime.datetime | None = None) -> bool:
        """Not over yet at `now`; a meeting without a time lies ahead until its day ends."""
        now = now or timezone.now()
        if self.time is None:
            return self.date >= timezone.localdate(now, timezone.get_default_timezone())
        return self.starts_at > now

    @property
    def agenda_published(self) -> bool:
        return self.agenda_published_at is not None


class Proposal(models.Model):
    """A proposal (voorstel) from a project to a body, with its budget implications."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="proposals"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    text_html = RenderedMarkdownField(source="text")
    requested_decision = models.TextField(_("requested decision"), blank=True)
    requested_decision_html = RenderedMarkdownField(source="requested_decision")
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    budget_amount = models.DecimalField(
        _("budget implications (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    allocation_key = models.CharField(
        _("allocation key"), max_length=20, choices=AllocationKey.choices, blank=True
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("participating municipalities"),
        blank=True,
        related_name="+",
    )
    population_year = models.PositiveSmallIntegerField(
        _("inhabitants on 1 January of"), null=True, blank=True
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="proposal_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def can_be_submitted(self) -> bool:
        return self.status in SUBMITTABLE_STATUSES

    @property
    def can_be_withdrawn(self) -> bool:
        return self.status in WITHDRAWABLE_STATUSES

    @property
    def is_closed(self) -> bool:
        """Decided or withdrawn: no decision or attachment can be added any more."""
        return self.status in CLOSED_PROPOSAL_STATUSES


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    text_html = RenderedMarkdownField(source="text")
    # A confidential item (personnel, negotiations) stays off the published agenda.
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown on the published agenda. Off: only the office and members see it."),
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="agenda_items"
    )
    cards = models.ManyToManyField(
        ProjectCard, verbose_name=_("project cards"), blank=True, related_name="agenda_items"
    )
    proposals = models.ManyToManyField(
        Proposal, verbose_name=_("proposals"), blank=True, related_name="agenda_items"
    )

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Decision(models.Model):
    """What a body decided on a proposal at a meeting. A deferral is a decision too."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    text = models.TextField(_("decision text"), blank=True)
    text_html = RenderedMarkdownField(source="text")
    date = models.DateField(_("date"))
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "meeting"], name="decision_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_outcome_display()}"


class ActionItem(models.Model):
    """Something a meeting asked someone to do, followed up at a later meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items"
    )
    text = models.TextField(_("action"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    followed_up_at = models.ForeignKey(
        Meeting,
        verbose_name=_("followed up at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_up_actions",
    )
    follow_up_note = models.TextField(_("follow-up"), blank=True)

    class Meta:
        ordering = ["meeting", "due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.text[:80]


class DecisionTrail(models.Model):
    """A regional decision that every municipality takes in its own steps."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="decision_trails",
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_trails",
    )
    description = models.TextField(_("description"), blank=True)
    description_html = RenderedMarkdownField(source="description")
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), related_name="decision_trails"
    )

    class Meta:
        ordering = ["programme", "title"]
        verbose_name = _("decision trail")
        verbose_name_plural = _("decision trails")

    def __str__(self) -> str:
        return self.title


class TrailStep(models.Model):
    trail = models.ForeignKey(
        DecisionTrail,
        verbose_name=_("decision trail"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["trail", "order"]
        verbose_name = _("trail step")
        verbose_name_plural = _("trail steps")
        constraints = [
            models.UniqueConstraint(fields=["trail", "order"], name="trail_step_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class TrailStepState(models.Model):
    """Where one municipality stands on one step: not started, planned (for a date), done."""

    step = models.ForeignKey(
        TrailStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="states"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=StepState.choices, default=StepState.NOT_STARTED
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["step", "municipality__name"]
        verbose_name = _("trail step state")
        verbose_name_plural = _("trail step states")
        constraints = [
            models.UniqueConstraint(fields=["step", "municipality"], name="trail_state_once"),
            models.CheckConstraint(
                condition=~Q(state=StepState.DONE) | Q(date__isnull=False),
                name="trail_state_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} / {self.municipality}: {self.get_state_display()}"


def stored_file_path(instance, filename: str) -> str:
    """A random name under governance/: the uploaded name is kept in the row, never used
    on disk, so it can neither clash nor say anything about the file's content."""
    return f"governance/{instance.FOLDER}/{uuid.uuid4().hex}{extension_for(instance.content_type)}"


class StoredFile(models.Model):
    """An uploaded file: kept outside any public URL and served by a view that checks the
    same permissions as what it belongs to."""

    FOLDER = "files"

    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    title = models.CharField(_("title"), max_length=300, blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.title or self.original_name

    @property
    def type_label(self) -> str:
        file_type = type_for_content_type(self.content_type)
        return file_type.label if file_type else ""


class ProposalAttachment(StoredFile):
    FOLDER = "proposals"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self) -> str:
        return reverse("governance:proposal_attachment", args=[self.proposal_id, self.pk])

    def get_delete_url(self) -> str:
        return reverse("governance:proposal_attachment_delete", args=[self.proposal_id, self.pk])


class MeetingDocument(StoredFile):
    FOLDER = "meetings"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_document", args=[self.meeting_id, self.pk])

    def get_delete_url(self) -> str:
        return reverse("governance:meeting_document_delete", args=[self.meeting_id, self.pk])
