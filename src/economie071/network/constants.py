"""Choices and fixed rules of the network: the directory, the Open Innovatie Lab and Smart071."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The portfolio projects these parts of the network belong to; their current project
# leaders manage the challenges and trajectories together with the programme office.
OPEN_INNOVATION_LAB_PROJECT = "open-innovatie-lab"
SMART071_PROJECT = "smart071"

# Contact requests: at most this many from one e-mail address in CONTACT_WINDOW_MINUTES.
CONTACT_LIMIT = 3
CONTACT_WINDOW_MINUTES = 60
CONTACT_MESSAGE_MAX = 3000

# A school year starts on 1 August (the Dutch school year runs from 1 August to 31 July).
SCHOOL_YEAR_START_MONTH = 8


class Sector(models.TextChoices):
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    EDUCATION = "education", _("Education and research")
    ICT = "ict", _("ICT and data")
    TECHNOLOGY = "technology", _("Technology and industry")
    LIFE_SCIENCES = "life_sciences", _("Life sciences")
    CONSTRUCTION = "construction", _("Construction")
    WATER = "water", _("Water management")
    HOSPITALITY = "hospitality", _("Hospitality")
    CARE = "care", _("Care")
    RETAIL = "retail", _("Retail")
    MARKETING = "marketing", _("Regional marketing")
    BUSINESS_ASSOCIATION = "business_association", _("Business association")
    CONSULTANCY = "consultancy", _("Consultancy")
    OTHER = "other", _("Other")


class ExchangeDirection(models.TextChoices):
    OFFERS = "offers", _("Offers")
    SEEKS = "seeks", _("Seeks")


class ExchangeKind(models.TextChoices):
    EXPERTISE = "expertise", _("Expertise")
    INTERNSHIPS = "internships", _("Internships")
    CHALLENGES = "challenges", _("Challenges for students")
    STUDENT_PROJECTS = "student_projects", _("Student teams and projects")
    FUNDING = "funding", _("Funding")
    SPACE = "space", _("Space or lab")
    NETWORK = "network", _("Network")
    OTHER = "other", _("Other")


class ChallengeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    MATCHED = "matched", _("Matched to a team")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Which status may follow which. "matched" is reached only by matching a team.
CHALLENGE_TRANSITIONS: dict[str, frozenset[str]] = {
    ChallengeStatus.PROPOSED: frozenset({ChallengeStatus.CANCELLED}),
    ChallengeStatus.MATCHED: frozenset({ChallengeStatus.RUNNING, ChallengeStatus.CANCELLED}),
    ChallengeStatus.RUNNING: frozenset({ChallengeStatus.COMPLETED, ChallengeStatus.CANCELLED}),
    ChallengeStatus.COMPLETED: frozenset(),
    ChallengeStatus.CANCELLED: frozenset(),
}
# A team can be matched (or replaced) while the challenge has not started.
MATCHABLE_STATUSES = frozenset({ChallengeStatus.PROPOSED, ChallengeStatus.MATCHED})


class ResultKind(models.TextChoices):
    REPORT = "report", _("Report")
    FILM = "film", _("Film")
    ARTICLE = "article", _("Article")
    POST = "post", _("Social media post")
    NEWSLETTER = "newsletter", _("Newsletter")
    OTHER = "other", _("Other")


class TrajectoryPhase(models.TextChoices):
    """Smart071's innovation phases, in the order an entrepreneur goes through them."""

    AWARENESS = "awareness", _("Awareness")
    LEARNING_EXPERIMENTING = "learning_experimenting", _("Learning and experimenting")
    IMPLEMENTING = "implementing", _("Implementing")
    MONETISING = "monetising", _("Monetising")


PHASE_ORDER: dict[str, int] = {value: i for i, value in enumerate(TrajectoryPhase.values)}


class TrajectoryStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


CLOSED_TRAJECTORY_STATUSES = frozenset({TrajectoryStatus.COMPLETED, TrajectoryStatus.STOPPED})

# Slugs that name a page rather than a trajectory or challenge.
RESERVED_SLUGS = frozenset({"nieuw", "figures"})
