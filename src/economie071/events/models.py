"""Events of the programme (Ondernemersdag071, Startersdag, the Kenniskring, masterclasses,
meet-ups), their programme of sessions, and the people who register for them.

Rules that need a lock or span rows (capacity and the waiting list, registration windows,
check-in on the day) are kept in the services; what the database can hold on its own is a
constraint here: one active registration per e-mail address per event, a waiting-list
position exactly for waitlisted registrations, an expiry exactly for registrations awaiting
the confirmation of their e-mail address, an end after the start.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from economie071.core.dates import DatePrecision
from economie071.core.markdown import RenderedMarkdownField
from economie071.events.constants import (
    CANCELLABLE_STATUSES,
    ONE_PER_ADDRESS_STATUSES,
    EventKind,
    EventStatus,
    RegistrationStatus,
)
from economie071.portfolio.models import Project
from economie071.programme.models import Organisation, Person, Pillar, Programme


class Event(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True)
    description_html = RenderedMarkdownField(source="description")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    # What is known of the date: a past event may be known only by its month ("mei 2019");
    # the date is then the first of that month and is shown no more precisely than known.
    date_precision = models.CharField(
        _("date known to the"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    # False when only the date is known (the time is then midnight and not shown).
    time_known = models.BooleanField(_("time known"), default=True)
    date_note = models.CharField(
        _("note on the date"),
        max_length=300,
        blank=True,
        help_text=_("Where the date comes from, or why it is uncertain."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event begins."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers (managing users)"),
        blank=True,
        related_name="managed_events",
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="events"
    )
    pillars = models.ManyToManyField(
        Pillar, verbose_name=_("pillars"), blank=True, related_name="events"
    )
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Demo data that is not a real event; it is labelled as an example."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def date_exact(self) -> bool:
        """Is the day known (so the event can go in a calendar)?"""
        return self.date_precision == DatePrecision.DAY

    # What may happen to the event now: the services enforce these, pages show the
    # buttons they allow.

    @property
    def can_be_changed(self) -> bool:
        """A cancelled event is kept as it was: no changes, and not cancelled twice."""
        return self.status != EventStatus.CANCELLED

    @property
    def can_be_published(self) -> bool:
        return self.status == EventStatus.PLANNED

    @property
    def registration_closes(self) -> datetime.datetime:
        """When registration closes: as set, else when the event begins."""
        return self.registration_closes_at or self.starts_at

    def takes_registrations(self, now: datetime.datetime) -> bool:
        """Published, and registration has opened and not closed (at `now`)."""
        return (
            self.status == EventStatus.PUBLISHED
            and (self.registration_opens_at is None or now >= self.registration_opens_at)
            and now < self.registration_closes
        )

    @property
    def check_in_days(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day (local time) on which people are checked in."""
        first = timezone.localtime(self.starts_at).date()
        return first, timezone.localtime(self.ends_at).date() if self.ends_at else first

    def takes_check_in(self, day: datetime.date) -> bool:
        first, last = self.check_in_days
        return self.status == EventStatus.PUBLISHED and first <= day <= last


class Session(models.Model):
    """One part of an event's programme: a talk, a workshop, a break."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_html = RenderedMarkdownField(source="description")
    speakers = models.ManyToManyField(
        Person, verbose_name=_("speakers"), blank=True, related_name="event_sessions"
    )
    # Speakers who are not in the register of people: free text ("Bureau Blaauwberg").
    speaker_names = models.CharField(_("other speakers"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "starts_at", "order", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.title}"


class Registration(models.Model):
    """Someone who signed up. No login needed: the link with the confirm token mailed to
    the address makes it a place (or a place on the waiting list), the cancel token in the
    mails is what lets the person cancel. Cancelled registrations are kept for the figures;
    unconfirmed ones are deleted when they lapse."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    # Stored lower-cased (services.py), so the unique constraint below holds for any casing.
    email = models.EmailField(_("e-mail address"), max_length=254)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    waitlist_position = models.PositiveIntegerField(
        _("position on the waiting list"), null=True, blank=True
    )
    cancel_token = models.CharField(_("cancel token"), max_length=64, unique=True)
    confirm_token = models.CharField(
        _("confirm token"), max_length=64, unique=True, null=True, blank=True
    )
    # While the address is not confirmed: until when the link works and, if `holds_place`,
    # a place is kept for this registration.
    expires_at = models.DateTimeField(_("awaiting confirmation until"), null=True, blank=True)
    holds_place = models.BooleanField(_("holds a place while awaiting confirmation"), default=False)
    confirmed_at = models.DateTimeField(_("e-mail address confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ONE_PER_ADDRESS_STATUSES),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=RegistrationStatus.PENDING, expires_at__isnull=False)
                    | (
                        ~Q(status=RegistrationStatus.PENDING)
                        & Q(expires_at__isnull=True, holds_place=False)
                    )
                ),
                name="registration_expiry_iff_pending",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=RegistrationStatus.WAITLISTED, waitlist_position__isnull=False)
                    | (~Q(status=RegistrationStatus.WAITLISTED) & Q(waitlist_position__isnull=True))
                ),
                name="registration_waitlist_position_iff_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]

    def __str__(self) -> str:
        return f"{self.event}: {self.name}"

    @property
    def can_be_cancelled(self) -> bool:
        """Pending, a place or on the waiting list (registration_cancel also refuses once
        the event has begun)."""
        return self.status in CANCELLABLE_STATUSES

    @property
    def can_be_checked_in(self) -> bool:
        """Has a place and is not checked in yet (on a day the event takes check-in)."""
        return self.status == RegistrationStatus.CONFIRMED
