"""Choices and fixed names of the House of Skills."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Role groups (Django groups). A job seeker needs no group: any signed-in user may make a
# passport. The programme office group is the portfolio's.
EMPLOYER_GROUP = "employer"
PROVIDER_GROUP = "training provider"
ADVISER_GROUP = "career adviser"
SKILLS_GROUPS = (EMPLOYER_GROUP, PROVIDER_GROUP, ADVISER_GROUP)

# The version of the privacy statement a person agrees to when they make a passport. Raise
# it when the text changes; consent given under an older version stays recorded as such.
PRIVACY_TEXT_VERSION = "2024-1"

# A passport whose consent was withdrawn is kept (out of every match) only so the person can
# still download it or give consent again; after this many days it is erased for good
# (`economie071 skills_purge_withdrawn`).
WITHDRAWN_RETENTION_DAYS = 30

LEVEL_MIN = 1
LEVEL_MAX = 4


class Level(models.IntegerChoices):
    BASIC = 1, _("1 – basic")
    INDEPENDENT = 2, _("2 – independent")
    PROFICIENT = 3, _("3 – proficient")
    EXPERT = 4, _("4 – expert")


class Lang(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")


class LabelKind(models.TextChoices):
    PREFERRED = "preferred", _("Preferred label")
    ALT = "alt", _("Alternative label")
    HIDDEN = "hidden", _("Hidden label")


class SkillType(models.TextChoices):
    SKILL = "skill/competence", _("Skill or competence")
    KNOWLEDGE = "knowledge", _("Knowledge")


class ReuseLevel(models.TextChoices):
    TRANSVERSAL = "transversal", _("Transversal")
    CROSS_SECTOR = "cross-sector", _("Cross-sector")
    SECTOR_SPECIFIC = "sector-specific", _("Sector-specific")
    OCCUPATION_SPECIFIC = "occupation-specific", _("Occupation-specific")


class RelationType(models.TextChoices):
    """ESCO's relation type, for occupation–skill and skill–skill relations alike."""

    ESSENTIAL = "essential", _("Essential")
    OPTIONAL = "optional", _("Optional")


class Evidence(models.TextChoices):
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    ASSESSED = "assessed", _("Assessed")
    EMPLOYER_VALIDATED = "employer_validated", _("Validated by an employer")
    TRAINING_MODULE = "training_module", _("Earned through a training module")
    CERTIFICATE = "certificate", _("Certificate")


class OrganisationRoleKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer (manages vacancies)")
    PROVIDER = "provider", _("Training provider (manages modules)")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class DemandStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class DemandSource(models.TextChoices):
    OCCUPATION_ESSENTIAL = "occupation_essential", _("Essential skill of the occupation")
    OCCUPATION_OPTIONAL = "occupation_optional", _("Optional skill of the occupation")
    TEXT = "text", _("Found in the vacancy text")
    TEXT_AND_OCCUPATION = "text_occupation", _("Found in the text and part of the occupation")
    MANUAL = "manual", _("Added by the employer")


class MatchKind(models.TextChoices):
    CANDIDATES = "candidates", _("Candidates for a vacancy")
    VACANCIES = "vacancies", _("Vacancies for a passport")
    MOBILITY = "mobility", _("Mobility paths")
    TRAINING = "training", _("Training plan")
    GAP_PLAN = "gap_plan", _("Regional gap plan")


class OverrideAction(models.TextChoices):
    HIDE = "hide", _("Hide this suggestion")
    BOOST = "boost", _("Show this suggestion first")
    ANNOTATE = "annotate", _("Add a note")


class JournalEntity(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    VACANCY = "vacancy", pgettext_lazy("job opening", "Vacancy")
    TAXONOMY = "taxonomy", _("Taxonomy")


class CoverObjective(models.TextChoices):
    COST = "cost", _("Cheapest")
    DURATION = "duration", _("Shortest")


# Partial credit between related skills (engine Relation.credit).
RELATION_CREDIT = {"broader": 0.5, "narrower": 0.5, "related": 0.4, "same_group": 0.25}
# Skills share a group for partial credit only in groups this small: in a group of hundreds
# of skills "same group" says little, and the pairs grow with the square of the size.
SAME_GROUP_MAX_SKILLS = 30

# A vacancy opens for matching only with at least this many confirmed skills, at least
# MIN_DEMAND_MUST of them must-have: with one confirmed skill, anyone holding it would score
# 100 with nothing missing, which says little about the job.
MIN_DEMAND_SKILLS = 3
MIN_DEMAND_MUST = 1

# Work experience as evidence (matching.experience_levels): years in an occupation give its
# essential skills this level, unless the person states the skill themself. Never 4
# (expert): that takes a statement, an assessment or a certificate.
EXPERIENCE_LEVELS = ((4, 3), (2, 2), (0, 1))  # (at least this many years, level)


class ContactKind(models.TextChoices):
    """How a person and a job (or a training) were brought together after a match."""

    INTEREST = "interest", _("Interest shown by the job seeker")
    INVITATION = "invitation", _("Invitation from the employer")
    PROPOSAL = "proposal", _("Proposal from a career adviser")


class ContactStatus(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Outcome(models.TextChoices):
    INVITED = "invited", _("Invited for a conversation")
    TALKED = "talked", _("Had a conversation")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired")


class NotHiredReason(models.TextChoices):
    SKILLS = "skills", _("Skills or level did not fit")
    EXPERIENCE = "experience", _("Experience did not fit")
    HOURS = "hours", _("Hours or availability did not fit")
    TRAVEL = "travel", _("Distance or travel")
    CONDITIONS = "conditions", _("Pay or conditions")
    WITHDREW = "withdrew", _("The candidate withdrew")
    FILLED = "filled", _("The vacancy was filled otherwise")
    OTHER = "other", _("Another reason")


# Conversations counted as "led to a conversation" in the figures.
CONVERSATION_OUTCOMES = ("talked", "hired", "not_hired")
CONTACT_MESSAGE_MAX = 2000
