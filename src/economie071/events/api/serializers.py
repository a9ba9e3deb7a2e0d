"""What the events API returns (camelCase, as the rest of the API). No personal data:
attendance is given as figures only."""

from django.urls import reverse
from rest_framework import serializers

from economie071.core.api.serializers import RefSerializer
from economie071.core.dates import DatePrecision
from economie071.core.links import absolute_url
from economie071.events import selectors
from economie071.events.constants import PUBLIC_STATUS_CHOICES, EventKind


class AttendanceSerializer(serializers.Serializer):
    registered = serializers.IntegerField(
        min_value=0, help_text="Holding a place (confirmed or checked in)."
    )
    waitlisted = serializers.IntegerField(min_value=0)
    cancelled = serializers.IntegerField(min_value=0)
    checkedIn = serializers.IntegerField(source="checked_in", min_value=0)


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name", allow_null=True)


class SessionSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True, help_text="Markdown.")
    startsAt = serializers.DateTimeField(source="starts_at", allow_null=True)
    endsAt = serializers.DateTimeField(source="ends_at", allow_null=True)
    speakers = SpeakerSerializer(many=True, help_text="Speakers in the register of people.")
    speakerNames = serializers.CharField(
        source="speaker_names", allow_blank=True, help_text="Other speakers, as free text."
    )


class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=EventKind.choices)
    kindLabel = serializers.CharField(source="get_kind_display")
    status = serializers.ChoiceField(
        choices=PUBLIC_STATUS_CHOICES,
        help_text="Only published events (and published ones later cancelled) are listed.",
    )
    startsAt = serializers.DateTimeField(source="starts_at")
    endsAt = serializers.DateTimeField(source="ends_at", allow_null=True)
    datePrecision = serializers.ChoiceField(
        source="date_precision",
        choices=DatePrecision.choices,
        help_text="How precisely the date is known; month or year: startsAt is the first day.",
    )
    timeKnown = serializers.BooleanField(
        source="time_known", help_text="False: only the date is known."
    )
    dateNote = serializers.CharField(source="date_note", allow_blank=True)
    venue = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, allow_null=True, help_text="Null: no limit.")
    placesLeft = serializers.SerializerMethodField(help_text="Null: no limit.")
    registrationOpensAt = serializers.DateTimeField(source="registration_opens_at", allow_null=True)
    registrationClosesAt = serializers.DateTimeField(
        source="registration_closes_at",
        allow_null=True,
        help_text="Null: registration closes when the event begins.",
    )
    organisation = RefSerializer(allow_null=True)
    projects = RefSerializer(many=True)
    pillars = RefSerializer(many=True)
    isExample = serializers.BooleanField(
        source="is_example", help_text="Demo data, not a real event."
    )
    attendance = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The event's web page.")

    def get_placesLeft(self, event) -> int | None:  # noqa: N802 - the API's field name
        return selectors.places_left(event=event, figures=selectors.attendance(event=event))

    def get_attendance(self, event) -> AttendanceSerializer:
        return AttendanceSerializer(selectors.attendance(event=event)).data

    def get_url(self, event) -> str:
        return absolute_url(reverse("events:detail", args=[event.slug]))


class EventDetailSerializer(EventSerializer):
    description = serializers.CharField(allow_blank=True, help_text="Markdown.")
    sessions = SessionSerializer(many=True, source="sessions.all")
