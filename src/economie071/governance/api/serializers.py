"""What the governance API returns, field by field (camelCase); also the OpenAPI schema.

The serializers only name and type values: what a reader may see is decided in the views
through governance.permissions, and a part the reader may not see is null.
"""

import datetime

from rest_framework import serializers

from economie071.core.api.serializers import RefSerializer
from economie071.core.dates import DatePrecision
from economie071.core.links import absolute_url
from economie071.governance.constants import (
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    MeetingStatus,
    ProposalStatus,
    StepState,
)
from economie071.portfolio.constants import AllocationKey

# --- Bodies ----------------------------------------------------------------------------------


class BodySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    kindLabel = serializers.CharField(source="get_kind_display")
    project = RefSerializer(
        allow_null=True, help_text="The project of a project steering group or board."
    )
    description = serializers.CharField(allow_blank=True)
    minMeetingsPerYear = serializers.IntegerField(
        source="min_meetings_per_year",
        min_value=1,
        allow_null=True,
        help_text="The agreed cadence (at least this many meetings a year); null: none agreed.",
    )
    cadenceSource = serializers.CharField(
        source="cadence_source", allow_blank=True, help_text="Where the cadence is written down."
    )
    memberCount = serializers.IntegerField(
        source="member_count", min_value=0, help_text="Members with a seat today."
    )
    meetingCount = serializers.IntegerField(source="meeting_count", min_value=0)


class BodyMembershipSerializer(serializers.Serializer):
    person = RefSerializer(
        allow_null=True, help_text="Null when only the seat is known (no name is invented)."
    )
    role = serializers.CharField(allow_blank=True)
    isChair = serializers.BooleanField(source="is_chair")
    municipality = RefSerializer(allow_null=True, help_text="On behalf of this municipality.")
    organisation = RefSerializer(allow_null=True, help_text="On behalf of this organisation.")
    startsOn = serializers.DateField(source="starts_on", allow_null=True)
    endsOn = serializers.DateField(source="ends_on", allow_null=True)
    current = serializers.BooleanField(source="is_current", help_text="Holds the seat today.")


class BodyDetailSerializer(BodySerializer):
    members = BodyMembershipSerializer(
        many=True, help_text="Seats over time: current ones first, former ones after."
    )
    calendarUrl = serializers.URLField(
        source="calendar_url", help_text="The iCalendar feed of the body's meetings."
    )


# --- Meetings --------------------------------------------------------------------------------


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = RefSerializer()
    date = serializers.DateField(help_text="The meeting's date on the region's clock.")
    time = serializers.TimeField(
        allow_null=True,
        help_text="The starting time on the region's clock; null when not known.",
    )
    startsAt = serializers.SerializerMethodField(
        help_text="The starting moment with its UTC offset; null when the time is not known."
    )
    timeKnown = serializers.BooleanField(
        source="time_known", help_text="False when only the date is known."
    )
    place = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=MeetingStatus.choices)
    statusLabel = serializers.CharField(source="get_status_display")
    agendaPublished = serializers.BooleanField(
        source="agenda_published",
        help_text="The office published the agenda: everyone reads its public items.",
    )
    minutesPublished = serializers.BooleanField(source="minutes_published")

    def get_startsAt(self, meeting) -> datetime.datetime | None:  # noqa: N802 - camelCase field
        return meeting.starts_at if meeting.time_known else None


class ProposalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class AgendaCardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.SlugField(source="project.slug")
    period = serializers.CharField(source="period.label", help_text="Like 2019-H2.")


class AgendaItemSerializer(serializers.Serializer):
    order = serializers.IntegerField(min_value=1)
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True, help_text="Markdown.")
    proposals = ProposalRefSerializer(many=True, source="proposals.all")
    projects = RefSerializer(many=True, source="projects.all")
    cards = AgendaCardSerializer(many=True, source="cards.all")


class MeetingAttendanceSerializer(serializers.Serializer):
    person = RefSerializer()
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    statusLabel = serializers.CharField(source="get_status_display")
    note = serializers.CharField(allow_blank=True)


class ActionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    owner = RefSerializer()
    text = serializers.CharField()
    dueOn = serializers.DateField(source="due_on", allow_null=True)
    doneOn = serializers.DateField(source="done_on", allow_null=True)
    followedUpAt = serializers.IntegerField(
        source="followed_up_at_id",
        allow_null=True,
        help_text="The id of the later meeting at which it was followed up.",
    )
    followUpNote = serializers.CharField(source="follow_up_note", allow_blank=True)


class GovernanceFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fileName = serializers.CharField(source="original_name", help_text="As it was uploaded.")
    title = serializers.CharField(allow_blank=True)
    contentType = serializers.CharField(source="content_type")
    size = serializers.IntegerField(min_value=1, help_text="In bytes.")
    uploadedAt = serializers.DateTimeField(source="uploaded_at")
    url = serializers.SerializerMethodField(
        help_text="Where to download it (with the same permissions as its meeting or proposal)."
    )

    def get_url(self, row) -> str:
        return absolute_url(row.get_absolute_url())


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    proposal = ProposalRefSerializer()
    project = RefSerializer(source="proposal.project")
    body = RefSerializer(source="meeting.body")
    meeting = serializers.IntegerField(source="meeting_id", help_text="The meeting's id.")
    date = serializers.DateField()
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    outcomeLabel = serializers.CharField(source="get_outcome_display")
    text = serializers.CharField(allow_blank=True, help_text="Markdown.")
    published = serializers.BooleanField(
        help_text="Always true for readers who see published decisions only."
    )
    publishedAt = serializers.DateTimeField(source="published_at", allow_null=True)


class MeetingDetailSerializer(MeetingSerializer):
    minutes = serializers.CharField(
        source="visible_minutes",
        allow_null=True,
        allow_blank=True,
        help_text=(
            "Markdown. Null when you may not read them: the public reads published minutes, "
            "the programme office and the body's members read them before publication."
        ),
    )
    decisions = DecisionSerializer(
        source="visible_decisions", many=True, help_text="The decisions you may see."
    )
    agenda = AgendaItemSerializer(
        source="visible_agenda",
        many=True,
        allow_null=True,
        help_text=(
            "The agenda items you may read, in order: all of them for the office and the "
            "members; the public ones for everyone once the agenda is published; otherwise null."
        ),
    )
    attendance = MeetingAttendanceSerializer(
        source="visible_attendance",
        many=True,
        allow_null=True,
        help_text="Null unless you are the office or a member.",
    )
    actionItems = ActionItemSerializer(
        source="visible_action_items",
        many=True,
        allow_null=True,
        help_text="Null unless you are the office or a member.",
    )
    documents = GovernanceFileSerializer(
        source="visible_documents",
        many=True,
        allow_null=True,
        help_text="Null unless you are the office or a member.",
    )


# --- Proposals -------------------------------------------------------------------------------


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    project = RefSerializer()
    body = RefSerializer(help_text="The body the proposal is put to.")
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    statusLabel = serializers.CharField(source="get_status_display")
    budgetAmount = serializers.DecimalField(
        source="budget_amount",
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="The budget implications in euros; null: none stated.",
    )


class AllocationShareSerializer(serializers.Serializer):
    party = serializers.CharField(help_text="A municipality, or the single funder.")
    basis = serializers.CharField(help_text="Its inhabitants, or 100% for a single funder.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="In euros.")


class ProposalBudgetSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        source="budget_amount", max_digits=14, decimal_places=2, help_text="In euros."
    )
    allocationKey = serializers.ChoiceField(
        source="allocation_key", choices=AllocationKey.choices, allow_blank=True
    )
    allocationKeyLabel = serializers.CharField(
        source="get_allocation_key_display", allow_blank=True
    )
    populationYear = serializers.IntegerField(
        source="population_year",
        allow_null=True,
        help_text="Inhabitants on 1 January of this year; null: the year it was created.",
    )
    funder = RefSerializer(allow_null=True, help_text="The single funder, if that is the key.")
    shares = AllocationShareSerializer(
        source="allocation.rows", many=True, help_text="What each party pays."
    )
    error = serializers.CharField(
        source="allocation.error",
        allow_blank=True,
        help_text="Why the amount cannot be divided (then shares is empty).",
    )


class ProposalAgendaItemSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(source="meeting_id", help_text="The meeting's id.")
    body = RefSerializer(source="meeting.body")
    date = serializers.DateField(
        source="meeting.date", help_text="The meeting's date on the region's clock."
    )
    order = serializers.IntegerField(min_value=1)
    title = serializers.CharField()


class ProposalDetailSerializer(ProposalSerializer):
    text = serializers.CharField(
        source="visible_text",
        allow_null=True,
        allow_blank=True,
        help_text="Markdown. Null unless you are the office, a member or the project leader.",
    )
    requestedDecision = serializers.CharField(
        source="visible_requested_decision",
        allow_null=True,
        allow_blank=True,
        help_text="Markdown. Null unless you are the office, a member or the project leader.",
    )
    budgetImplications = ProposalBudgetSerializer(
        source="visible_budget",
        allow_null=True,
        help_text=(
            "The amount divided over the parties. Null when no amount is stated, or unless "
            "you are the office, a member or the project leader."
        ),
    )
    agenda = ProposalAgendaItemSerializer(
        source="visible_agenda",
        many=True,
        allow_null=True,
        help_text=(
            "The agenda items it was on, oldest meeting first. Null unless you are the "
            "office, a member or the project leader."
        ),
    )
    decisions = DecisionSerializer(
        source="visible_decisions",
        many=True,
        help_text="The decisions you may see, oldest first (a deferral is a decision too).",
    )
    attachments = GovernanceFileSerializer(
        source="visible_attachments",
        many=True,
        allow_null=True,
        help_text="Null unless you are the office, a member or the project leader.",
    )


# --- Decision trails -------------------------------------------------------------------------


class TrailStepSerializer(serializers.Serializer):
    order = serializers.IntegerField(min_value=1)
    name = serializers.CharField()


class TrailSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    project = RefSerializer(allow_null=True)
    description = serializers.CharField(allow_blank=True, help_text="Markdown.")
    municipalities = RefSerializer(many=True, source="municipalities.all")
    steps = TrailStepSerializer(many=True, source="steps.all", help_text="In their order.")


class TrailCellSerializer(serializers.Serializer):
    municipality = serializers.SlugField(source="municipality.slug")
    state = serializers.ChoiceField(choices=StepState.choices)
    stateLabel = serializers.SerializerMethodField()
    date = serializers.DateField(
        allow_null=True, help_text="The day it was done, or is planned for."
    )
    datePrecision = serializers.ChoiceField(
        source="date_precision",
        choices=DatePrecision.choices,
        help_text="How much of the date is meant: day, month or year.",
    )
    note = serializers.CharField(allow_blank=True)
    overdue = serializers.BooleanField(
        help_text="Planned for a date that has passed (all of it, for a month or a year)."
    )

    def get_stateLabel(self, cell) -> str:  # noqa: N802 - the field's name
        return str(StepState(cell.state).label)


class TrailRowSerializer(serializers.Serializer):
    step = TrailStepSerializer()
    done = serializers.IntegerField(min_value=0, help_text="Municipalities that did this step.")
    cells = TrailCellSerializer(many=True, help_text="One per municipality, in their order.")


class TrailMatrixSerializer(serializers.Serializer):
    municipalities = RefSerializer(many=True, help_text="The columns, in order.")
    rows = TrailRowSerializer(many=True, help_text="One per step, in order.")
    overdueCount = serializers.IntegerField(source="overdue_count", min_value=0)
    today = serializers.DateField(help_text="The day overdue is measured against.")


class TrailDetailSerializer(TrailSerializer):
    matrix = TrailMatrixSerializer(help_text="Steps × municipalities: the state of each.")
