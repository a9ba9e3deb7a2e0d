"""What the network's read API returns; these classes are also its OpenAPI schema.

Organisations are serialized from `selectors.public_profile`, the one place that decides
what a visitor sees of a profile: a field the organisation does not show is null, and the
contact address is not part of it at all.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from economie071.core.dates import DatePrecision
from economie071.network.constants import (
    ChallengeStatus,
    ExchangeKind,
    ResultKind,
    Sector,
    TrajectoryPhase,
    TrajectoryStatus,
)
from economie071.programme.constants import HelixSide


class NetworkExchangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExchangeKind.choices)
    text = serializers.CharField(allow_blank=True)


class NetworkPartnershipSerializer(serializers.Serializer):
    covenantPartner = serializers.BooleanField(source="covenant_partner")
    covenantSignedOn = serializers.DateField(source="covenant_signed_on", allow_null=True)
    note = serializers.CharField(source="partner_note", allow_blank=True)


class NetworkOrganisationSerializer(serializers.Serializer):
    """An organisation in the directory. A field it chose not to show is null."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    helix = serializers.ChoiceField(choices=HelixSide.choices)
    partnership = serializers.SerializerMethodField(
        help_text="Null when the organisation does not show its partnership."
    )
    sector = serializers.ChoiceField(
        choices=Sector.choices, allow_null=True, allow_blank=True, help_text="Null when hidden."
    )
    municipality = serializers.CharField(
        source="municipality_slug",
        allow_null=True,
        allow_blank=True,
        help_text="Slug; null when hidden.",
    )
    website = serializers.CharField(
        allow_null=True, allow_blank=True, help_text="Null when hidden."
    )
    description = serializers.CharField(
        allow_null=True, allow_blank=True, help_text="Markdown; null when hidden."
    )
    offers = NetworkExchangeSerializer(many=True, allow_null=True, help_text="Null when hidden.")
    seeks = NetworkExchangeSerializer(many=True, allow_null=True, help_text="Null when hidden.")
    acceptsContact = serializers.BooleanField(
        source="accepts_contact",
        help_text="Whether messages can be sent through the site's contact form.",
    )
    source = serializers.CharField(allow_blank=True)

    @extend_schema_field(NetworkPartnershipSerializer(allow_null=True))
    def get_partnership(self, obj):
        if obj.covenant_partner is None:
            return None
        return NetworkPartnershipSerializer(obj).data


class StudentTeamSerializer(serializers.Serializer):
    name = serializers.CharField()
    school = serializers.CharField(
        source="school.slug", allow_null=True, help_text="Slug of the school; null: not known."
    )
    studyProgramme = serializers.CharField(source="study_programme", allow_blank=True)
    studentCount = serializers.IntegerField(source="student_count", allow_null=True, min_value=1)


class ChallengeResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ResultKind.choices)
    title = serializers.CharField()
    url = serializers.CharField(allow_blank=True, help_text="Empty when no link is known.")


class ChallengeDateSerializer(serializers.Serializer):
    date = serializers.DateField()
    precision = serializers.ChoiceField(choices=DatePrecision.choices)


class ChallengeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    organisation = serializers.CharField(source="organisation.slug", help_text="Slug.")
    question = serializers.CharField(source="description", allow_blank=True, help_text="Markdown.")
    status = serializers.ChoiceField(choices=ChallengeStatus.choices)
    schoolYear = serializers.CharField(source="school_year")
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    durationWeeks = serializers.IntegerField(source="duration_weeks", allow_null=True, min_value=1)
    dateNote = serializers.CharField(source="date_note", allow_blank=True)
    location = serializers.CharField(allow_blank=True)
    team = StudentTeamSerializer(allow_null=True)
    financialContribution = serializers.DecimalField(
        source="financial_contribution",
        max_digits=10,
        decimal_places=2,
        allow_null=True,
        help_text="Euros; null when not known.",
    )
    results = ChallengeResultSerializer(many=True)
    project = serializers.CharField(source="project.slug", allow_null=True, help_text="Slug.")
    source = serializers.CharField(allow_blank=True)

    @extend_schema_field(ChallengeDateSerializer(allow_null=True))
    def get_start(self, obj):
        if obj.starts_on is None:
            return None
        return {"date": obj.starts_on.isoformat(), "precision": obj.starts_on_precision}

    @extend_schema_field(ChallengeDateSerializer(allow_null=True))
    def get_end(self, obj):
        if obj.ends_on is None:
            return None
        return {"date": obj.ends_on.isoformat(), "precision": obj.ends_on_precision}


class TrajectorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    company = serializers.CharField(
        source="company.slug", allow_null=True, help_text="Slug; null for a placeholder."
    )
    team = StudentTeamSerializer(allow_null=True)
    phase = serializers.ChoiceField(choices=TrajectoryPhase.choices)
    status = serializers.ChoiceField(choices=TrajectoryStatus.choices)
    startedOn = serializers.DateField(source="started_on", allow_null=True)
    endedOn = serializers.DateField(source="ended_on", allow_null=True)
    concept = serializers.CharField(allow_blank=True)
    prototype = serializers.CharField(allow_blank=True)
    businessCase = serializers.CharField(source="business_case", allow_blank=True)
    outcome = serializers.CharField(allow_blank=True)
    followUp = serializers.BooleanField(
        source="follow_up", allow_null=True, help_text="Null: not known (or still running)."
    )
    isPlaceholder = serializers.BooleanField(
        source="is_placeholder",
        help_text="Reconstructed from totals in the source; the company is not named there.",
    )
    placeholderNote = serializers.CharField(source="placeholder_note", allow_blank=True)
    source = serializers.CharField(allow_blank=True)


class TrajectoryFiguresSerializer(serializers.Serializer):
    completed = serializers.IntegerField(min_value=0)
    running = serializers.IntegerField(min_value=0)
    stopped = serializers.IntegerField(min_value=0)
    completedWithFollowUp = serializers.IntegerField(source="completed_with_follow_up", min_value=0)
    completedWithoutFollowUp = serializers.IntegerField(
        source="completed_without_follow_up", min_value=0
    )
    completedFollowUpUnknown = serializers.IntegerField(
        source="completed_follow_up_unknown", min_value=0
    )
    followUpShare = serializers.DecimalField(
        source="follow_up_share",
        max_digits=3,
        decimal_places=2,
        allow_null=True,
        help_text="Share of the completed trajectories with a follow-up (0-1); null if none.",
    )
    placeholders = serializers.IntegerField(
        min_value=0, help_text="How many of the counted trajectories are placeholders."
    )


class NetworkExpertSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.slug", help_text="Slug.")
    name = serializers.CharField(source="organisation.name")
    expertise = serializers.CharField(source="description", allow_blank=True)
    tags = serializers.SerializerMethodField(help_text="Slugs of the expertise tags.")
    source = serializers.CharField(allow_blank=True)

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_tags(self, obj):
        return [tag.slug for tag in obj.tags.all()]
