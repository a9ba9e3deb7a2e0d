from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    PROGRAMME_STEERING_GROUP = "programme_steering_group", _("Programme steering group")
    PROJECT_STEERING_GROUP = "project_steering_group", _("Project steering group")
    PROJECT_BOARD = "project_board", _("Project board")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    # Known only from a source that announces it (a project card names the date): whether
    # and how it was held is not on record. Past or future; it counts as neither.
    ANNOUNCED = "announced", _("Announced; outcome not on record")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ON_AGENDA = "on_agenda", _("On the agenda")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What may happen to a proposal in each status: the services enforce it, and pages ask the
# proposal (Proposal.can_be_submitted, .can_be_withdrawn, .is_closed) which buttons to show.
SUBMITTABLE_STATUSES = frozenset({ProposalStatus.DRAFT})
WITHDRAWABLE_STATUSES = frozenset(
    {ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.ON_AGENDA}
)
# Settled: no decision, attachment or other change any more.
CLOSED_PROPOSAL_STATUSES = frozenset({ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN})


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    ADOPTED_AMENDED = "adopted_amended", _("Adopted with amendments")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


# Outcomes that settle a proposal; a deferred proposal can go on a later agenda.
FINAL_OUTCOMES = frozenset(
    {DecisionOutcome.ADOPTED, DecisionOutcome.ADOPTED_AMENDED, DecisionOutcome.REJECTED}
)


class StepState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
