from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The life-cycle phase of a project (the 'categorie' on its card)."""

    ORIENTATION = "orientation", _("Orientation phase")
    NEW = "new", _("New project")
    KICK_START = "kick_start", _("Kick-start phase")
    RUNNING = "running", _("Running project")
    RESTART = "restart", _("Restarted project")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


# Phases after which a project no longer reports; leaving them again needs a stated reason.
CLOSED_PHASES = frozenset({Phase.COMPLETED, Phase.STOPPED})


class CardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


# The states in which a project leader may change the card text.
LEADER_EDITABLE_STATUSES = frozenset({CardStatus.DRAFT, CardStatus.RETURNED})

# The states from which each step of the reporting round may be taken. The services refuse
# a step from any other state; the pages offer a step only in these states.
SUBMITTABLE_STATUSES = LEADER_EDITABLE_STATUSES
APPROVABLE_STATUSES = frozenset({CardStatus.SUBMITTED})
PUBLISHABLE_STATUSES = frozenset({CardStatus.APPROVED})
RETURNABLE_STATUSES = frozenset({CardStatus.SUBMITTED, CardStatus.APPROVED})
CORRECTABLE_STATUSES = frozenset({CardStatus.PUBLISHED})

# Why a card cannot be edited in this state, told to those who could edit it in another one
# (its project leader, the programme office).
FROZEN_CARD_MESSAGES = {
    CardStatus.PUBLISHED: _("This card is published; start a correction to change it."),
    CardStatus.SUBMITTED: _("This card has been submitted and is frozen until it is returned."),
    CardStatus.APPROVED: _("This card has been approved and waits for publication."),
}


class StatusLight(models.TextChoices):
    """How the project is doing, as its leader reports it. 'Not set' is a state of its own."""

    NOT_SET = "not_set", _("Not set")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class RoleKind(models.TextChoices):
    EXECUTIVE_SPONSOR = "executive_sponsor", _("Executive sponsor")
    EXECUTIVE_LEAD = "executive_lead", _("Executive lead")
    OFFICIAL_SPONSOR = "official_sponsor", _("Official sponsor")
    PROJECT_LEADER = "project_leader", _("Project leader")
    BOARD_MEMBER = "board_member", _("Project board")
    STEERING_GROUP_MEMBER = "steering_group_member", _("Steering group")
    WORKING_GROUP_MEMBER = "working_group_member", _("Working group")
    CONTACT_POINT = "contact_point", _("Contact point")
    PARTNER = "partner", _("Partner")


class AllocationKey(models.TextChoices):
    BY_INHABITANTS = "by_inhabitants", _("By number of inhabitants")
    FIXED_SHARES = "fixed_shares", _("Fixed shares")
    SINGLE_FUNDER = "single_funder", _("Single funder")


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


# The fixed questions of the project card template, in the order the card prints them.
CARD_SECTIONS: list[tuple[str, str]] = [
    ("last_half_year", _("What happened in the last half year?")),
    ("next_steps", _("What are the next steps?")),
    ("impact", _("What impact will these activities have?")),
    ("partner_contribution", _("What can the partners contribute?")),
    ("cost_structure", _("What cost structure is used?")),
    ("risks", _("Which risks do you see and how do you manage them?")),
    ("urgency", _("The urgency")),
    ("assignment", _("The assignment")),
]
CARD_SECTION_KEYS: list[str] = [key for key, _label in CARD_SECTIONS]
