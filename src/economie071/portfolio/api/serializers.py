"""What the projects and cards endpoints return, field by field in camelCase; these classes
are also the OpenAPI schema.

Projects and cards are built once, as plain data, by `portfolio.exports` (which the export
command uses too); the serializers here only name and type those values.
"""

from rest_framework import serializers

from economie071.core.api.serializers import RefSerializer
from economie071.core.dates import DatePrecision
from economie071.portfolio import exports
from economie071.portfolio.constants import CardStatus, Level, Phase, RoleKind, StatusLight

# --- Projects ------------------------------------------------------------------------------


class LineOfActionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProjectRoleSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RoleKind.choices)
    kindLabel = serializers.CharField(source="kind_label")
    holder = serializers.CharField(help_text="Person and organisation, or the label.")
    person = RefSerializer(allow_null=True)
    organisation = RefSerializer(allow_null=True)
    label = serializers.CharField(
        allow_blank=True, help_text="The holder when it is not a person or organisation."
    )
    title = serializers.CharField(allow_blank=True)
    lineOfAction = serializers.CharField(
        source="line_of_action",
        allow_null=True,
        help_text="The code of the line of action the role is for (e.g. a contact point).",
    )
    startsOn = serializers.DateField(source="starts_on", allow_null=True)
    endsOn = serializers.DateField(source="ends_on", allow_null=True)
    note = serializers.CharField(allow_blank=True)


class ProjectSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    shortDescription = serializers.CharField(source="short_description", allow_blank=True)
    phase = serializers.ChoiceField(
        choices=Phase.choices,
        allow_blank=True,
        help_text="The life-cycle phase; empty when it has not been recorded.",
    )
    phaseLabel = serializers.CharField(source="phase_label", allow_blank=True)
    pillars = RefSerializer(many=True)
    themes = RefSerializer(many=True)
    linesOfAction = LineOfActionSerializer(source="lines_of_action", many=True)
    roles = ProjectRoleSerializer(
        many=True, help_text="The project structure, past roles included (see their dates)."
    )

    def to_representation(self, instance):
        return super().to_representation(exports.project_data(instance))


# --- Cards ---------------------------------------------------------------------------------


class CardSectionSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="A fixed question (last_half_year, next_steps, ...) or extra-<n>."
    )
    heading = serializers.CharField()
    body = serializers.CharField(allow_blank=True)


class QuoteSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    person = serializers.CharField(allow_blank=True)
    attribution = serializers.CharField(allow_blank=True)


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True, help_text="Empty when only the label is known.")


class MilestoneSerializer(serializers.Serializer):
    date = serializers.DateField()
    datePrecision = serializers.ChoiceField(
        source="date_precision",
        choices=DatePrecision.choices,
        help_text="How much of the date is meant: day, month or year.",
    )
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    links = LinkSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    unit = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class RiskSerializer(serializers.Serializer):
    description = serializers.CharField()
    likelihood = serializers.ChoiceField(choices=Level.choices, allow_blank=True)
    impact = serializers.ChoiceField(choices=Level.choices, allow_blank=True)
    mitigation = serializers.CharField(allow_blank=True)


class CardRoleSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RoleKind.choices)
    kindLabel = serializers.CharField(source="kind_label")
    person = serializers.CharField(allow_blank=True, help_text="The person's name.")
    organisation = serializers.CharField(allow_blank=True, help_text="The organisation's name.")
    label = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    lineOfAction = serializers.CharField(
        source="line_of_action", allow_blank=True, help_text="Code and name, as printed."
    )
    startsOn = serializers.DateField(source="starts_on", allow_null=True)
    endsOn = serializers.DateField(source="ends_on", allow_null=True)
    note = serializers.CharField(allow_blank=True)


class CardSerializer(serializers.Serializer):
    """A project card as one of its revisions shows it (built by exports.card_data)."""

    id = serializers.IntegerField(help_text="The card's id; it stays the same over revisions.")
    project = RefSerializer()
    period = serializers.CharField(help_text="The reporting period, like 2019-H2.")
    status = serializers.ChoiceField(
        choices=CardStatus.choices,
        help_text=(
            "Where the card is in the reporting round: always published, except in the "
            "working state (include=unpublished) of a card the user may see."
        ),
    )
    published = serializers.BooleanField(help_text="Whether this content is a published revision.")
    revision = serializers.IntegerField(help_text="The number of the revision shown.")
    revisedAt = serializers.DateTimeField(source="revised_at")
    phase = serializers.ChoiceField(choices=Phase.choices, allow_blank=True)
    phaseLabel = serializers.CharField(source="phase_label", allow_blank=True)
    statusLight = serializers.ChoiceField(source="status_light", choices=StatusLight.choices)
    sections = CardSectionSerializer(
        many=True, help_text="The answered questions in the card's order, then its own."
    )
    quote = QuoteSerializer()
    milestones = MilestoneSerializer(many=True)
    results = ResultSerializer(many=True, help_text="Key figures.")
    risks = RiskSerializer(many=True)
    roles = CardRoleSerializer(many=True, help_text="The project structure as the card shows it.")
