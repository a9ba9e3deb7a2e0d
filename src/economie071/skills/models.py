"""House of Skills: the skills taxonomy (ESCO and our own additions), skills passports,
vacancies as a skills demand, training modules, and the records the EU AI Act asks of a
high-risk matching system (what was shown to whom and why; advisers' overrides).

A passport holds no protected attributes: no age, gender, nationality or anything that
stands in for them. Rules that span rows are in services.py; what the database can hold
on its own is a constraint here (levels 1–4, one row per skill per passport, …).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from economie071.programme.models import Municipality, Organisation
from economie071.skills.constants import (
    LEVEL_MAX,
    LEVEL_MIN,
    ContactKind,
    ContactStatus,
    DemandSource,
    DemandStatus,
    Evidence,
    JournalEntity,
    LabelKind,
    Lang,
    Level,
    MatchKind,
    NotHiredReason,
    OrganisationRoleKind,
    Outcome,
    OverrideAction,
    RelationType,
    ReuseLevel,
    SkillType,
    VacancyStatus,
)

LEVEL_RANGE = Q(level__gte=LEVEL_MIN) & Q(level__lte=LEVEL_MAX)


def _label(obj, lang: str | None = None) -> str:
    """The label in the active language, falling back to the other one."""
    from django.utils.translation import get_language

    lang = (lang or get_language() or "nl")[:2]
    first, second = (obj.label_nl, obj.label_en) if lang == "nl" else (obj.label_en, obj.label_nl)
    return first or second or obj.uri or ""


# --- Taxonomy ----------------------------------------------------------------------------


class IscoGroup(models.Model):
    """An ISCO-08 group (1 to 4 digits); its parent is the group one digit shorter."""

    uri = models.CharField(_("URI"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=10, unique=True)
    label_nl = models.CharField(_("label (Dutch)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO group")
        verbose_name_plural = _("ISCO groups")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return _label(self)


class SkillGroup(models.Model):
    """A group in the ESCO skills pillar (skills hierarchy, ISCED-F fields)."""

    uri = models.CharField(_("URI"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=30, blank=True)
    label_nl = models.CharField(_("label (Dutch)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    parents = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="children", verbose_name=_("broader")
    )

    class Meta:
        ordering = ["code", "label_en"]
        verbose_name = _("skill group")
        verbose_name_plural = _("skill groups")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _label(self)


class Skill(models.Model):
    """An ESCO skill or knowledge concept, or one of our own (no URI)."""

    uri = models.CharField(_("ESCO URI"), max_length=200, unique=True, null=True, blank=True)
    skill_type = models.CharField(
        _("skill type"), max_length=20, choices=SkillType.choices, blank=True
    )
    reuse_level = models.CharField(
        _("reuse level"), max_length=20, choices=ReuseLevel.choices, blank=True
    )
    label_nl = models.CharField(_("label (Dutch)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    groups = models.ManyToManyField(
        SkillGroup, blank=True, related_name="skills", verbose_name=_("skill groups")
    )
    broader = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader skills"),
    )
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Written for the demo; not from ESCO.")
    )

    class Meta:
        ordering = ["label_nl", "label_en"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.CheckConstraint(
                condition=~Q(label_nl="") | ~Q(label_en=""), name="skill_has_a_label"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _label(self)


class SkillLabel(models.Model):
    """Every name a skill goes by, per language: for search and for text extraction."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="labels")
    lang = models.CharField(_("language"), max_length=2, choices=Lang.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=LabelKind.choices)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        ordering = ["skill", "lang", "kind", "text"]
        verbose_name = _("skill label")
        verbose_name_plural = _("skill labels")
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "lang", "kind", "text"], name="skill_label_unique"
            ),
        ]
        indexes = [models.Index(fields=["lang", "text"], name="skill_label_lang_text")]

    def __str__(self) -> str:
        return f"{self.text} ({self.lang})"


class SkillRelation(models.Model):
    """ESCO's skill-to-skill relation (a skill that is essential or optional to another)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="relations_out")
    related = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="relations_in")
    relation_type = models.CharField(
        _("relation type"), max_length=10, choices=RelationType.choices
    )

    class Meta:
        verbose_name = _("skill relation")
        verbose_name_plural = _("skill relations")
        constraints = [
            models.UniqueConstraint(fields=["skill", "related"], name="skill_relation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} → {self.related} ({self.relation_type})"


class SkillCollection(models.Model):
    """An ESCO collection: transversal, digital, DigComp, green, language, research …"""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    skills = models.ManyToManyField(Skill, blank=True, related_name="collections")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("skill collection")
        verbose_name_plural = _("skill collections")

    def __str__(self) -> str:
        return self.name_nl or self.name_en


class CenturySkill(models.Model):
    """One of the 11 21st-century skills, linked to the ESCO transversal skills it covers."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="century_skills", verbose_name=_("ESCO skills")
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("21st-century skill")
        verbose_name_plural = _("21st-century skills")

    def __str__(self) -> str:
        return self.name_nl


class Occupation(models.Model):
    uri = models.CharField(_("ESCO URI"), max_length=200, unique=True, null=True, blank=True)
    code = models.CharField(_("ESCO code"), max_length=30, blank=True)
    isco_code = models.CharField(_("ISCO group code"), max_length=10, blank=True, db_index=True)
    isco_group = models.ForeignKey(
        IscoGroup,
        verbose_name=_("ISCO group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occupations",
    )
    broader = models.ForeignKey(
        "self",
        verbose_name=_("broader occupation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narrower",
    )
    label_nl = models.CharField(_("label (Dutch)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    skills = models.ManyToManyField(
        Skill, through="OccupationSkill", related_name="occupations", blank=True
    )
    is_example = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["label_nl", "label_en"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _label(self)


class OccupationLabel(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="labels")
    lang = models.CharField(_("language"), max_length=2, choices=Lang.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=LabelKind.choices)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        verbose_name = _("occupation label")
        verbose_name_plural = _("occupation labels")
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "lang", "kind", "text"], name="occupation_label_unique"
            ),
        ]
        indexes = [models.Index(fields=["lang", "text"], name="occupation_label_lang_text")]

    def __str__(self) -> str:
        return f"{self.text} ({self.lang})"


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relation_type = models.CharField(
        _("relation type"), max_length=10, choices=RelationType.choices
    )

    class Meta:
        verbose_name = _("skill of an occupation")
        verbose_name_plural = _("skills of occupations")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.occupation}: {self.skill} ({self.relation_type})"


class Sector(models.Model):
    """A sector of the regional labour market as a set of ISCO groups: an occupation belongs
    to the sector whose ISCO code prefix is the longest match of its own ISCO code."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    isco_prefixes = models.JSONField(
        _("ISCO code prefixes"), default=list, help_text=_('For example ["512", "5131"].')
    )
    is_focus = models.BooleanField(_("focus sector"), default=False)

    class Meta:
        ordering = ["-is_focus", "name_nl"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "nl")[:2] == "en" else self.name_nl


# --- Organisations' roles -------------------------------------------------------------------


class OrganisationRole(models.Model):
    """A user who acts for an organisation: an employer (vacancies) or a provider (modules)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="skills_roles"
    )
    role = models.CharField(_("role"), max_length=10, choices=OrganisationRoleKind.choices)

    class Meta:
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="skills_org_role_unique"
            ),
        ]

    # --- Passports -------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"


class Passport(models.Model):
    """A person's skills passport. It exists only with their recorded consent; without
    current consent (withdrawn) it takes part in no match and nobody but the person sees it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills_passport"
    )
    consent_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(_("version of the privacy statement"), max_length=20)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    discoverable = models.BooleanField(
        _("employers may find me"),
        default=False,
        help_text=_("Employers see you among the candidates for their vacancies."),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("preferred sectors")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("where I want to work")
    )
    min_hours = models.PositiveSmallIntegerField(_("minimum hours a week"), null=True, blank=True)
    max_hours = models.PositiveSmallIntegerField(_("maximum hours a week"), null=True, blank=True)
    is_example = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("skills passport")
        verbose_name_plural = _("skills passports")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_hours__isnull=True)
                | Q(max_hours__isnull=True)
                | Q(min_hours__lte=models.F("max_hours")),
                name="passport_hours_in_order",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Passport %(id)s") % {"id": self.pk})

    @property
    def has_consent(self) -> bool:
        return self.consent_withdrawn_at is None


class PassportSkill(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    evidence = models.CharField(
        _("evidence"), max_length=20, choices=Evidence.choices, default=Evidence.SELF_ASSESSED
    )
    module = models.ForeignKey(
        "TrainingModule",
        verbose_name=_("training module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["passport", "skill"]
        verbose_name = _("passport skill")
        verbose_name_plural = _("passport skills")
        constraints = [
            models.UniqueConstraint(fields=["passport", "skill"], name="passport_skill_unique"),
            models.CheckConstraint(condition=LEVEL_RANGE, name="passport_skill_level_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class WorkExperience(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="experience")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    years = models.PositiveSmallIntegerField(_("years"))

    class Meta:
        ordering = ["passport", "-years"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")
        constraints = [
            models.UniqueConstraint(
                fields=["passport", "occupation"], name="work_experience_unique"
            ),
        ]

    # --- Vacancies -------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.occupation} ({self.years})"


class Vacancy(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.PROTECT, related_name="vacancies"
    )
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hours = models.PositiveSmallIntegerField(_("hours a week"), null=True, blank=True)
    text = models.TextField(_("vacancy text"), blank=True)
    text_lang = models.CharField(_("language of the text"), max_length=2, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    unmatched_phrases = models.JSONField(
        _("phrases that match no skill"),
        default=list,
        blank=True,
        help_text=_('Spans of the text: [{"start", "end", "text"}].'),
    )
    occupation_suggestions = models.JSONField(
        _("proposed occupations"),
        default=list,
        blank=True,
        help_text=_(
            'The occupations read from the title and text, best first: [{"occupation": id, '
            '"score", "label", "in_title": [spans], "evidence": [spans], '
            '"skills": [ids]}].'
        ),
    )
    is_example = models.BooleanField(_("example data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Open: it can be closed; any other vacancy can be opened (vacancy_open)."""
        return self.status == VacancyStatus.OPEN


class DemandSkill(models.Model):
    """A skill of a vacancy's demand: proposed (from the occupation or the text) until the
    employer confirms it as must-have or nice-to-have with a minimum level, or rejects it."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="demand")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=DemandStatus.choices, default=DemandStatus.PROPOSED
    )
    must = models.BooleanField(_("must-have"), default=True)
    min_level = models.PositiveSmallIntegerField(
        _("minimum level"), choices=Level.choices, default=Level.BASIC
    )
    source = models.CharField(_("source"), max_length=25, choices=DemandSource.choices)
    confidence = models.FloatField(_("confidence"), default=1.0)
    method = models.CharField(_("found by"), max_length=10, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        null=True,
        blank=True,
        help_text=_("The order of the proposals, by evidence (1 first)."),
    )
    evidence = models.JSONField(
        _("evidence in the text"),
        default=list,
        blank=True,
        help_text=_('Spans of the vacancy text: [{"start", "end", "text"}].'),
    )

    class Meta:
        ordering = ["vacancy", "-must", "skill"]
        verbose_name = _("demanded skill")
        verbose_name_plural = _("demanded skills")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "skill"], name="demand_skill_unique"),
            models.CheckConstraint(
                condition=Q(min_level__gte=LEVEL_MIN) & Q(min_level__lte=LEVEL_MAX),
                name="demand_skill_level_1_4",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="demand_skill_confidence_0_1",
            ),
        ]

    # --- Training --------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.skill} ({self.status})"


class TrainingProvider(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="training_provider"
    )
    description = models.TextField(_("description"), blank=True)
    is_example = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("training provider")
        verbose_name_plural = _("training providers")

    def __str__(self) -> str:
        return self.organisation.name


class TrainingModule(models.Model):
    provider = models.ForeignKey(TrainingProvider, on_delete=models.PROTECT, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    duration_hours = models.DecimalField(_("duration (hours)"), max_digits=7, decimal_places=1)
    cost = models.DecimalField(_("cost (euro)"), max_digits=9, decimal_places=2)
    workplace_based = models.BooleanField(_("workplace-based"), default=False)
    active = models.BooleanField(_("offered"), default=True)
    is_example = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        constraints = [
            models.CheckConstraint(condition=Q(duration_hours__gt=0), name="module_duration_gt_0"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="module_cost_gte_0"),
        ]

    def __str__(self) -> str:
        return self.title


class ModuleSkill(models.Model):
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level taught"), choices=Level.choices)

    class Meta:
        verbose_name = _("skill taught")
        verbose_name_plural = _("skills taught")
        constraints = [
            models.UniqueConstraint(fields=["module", "skill"], name="module_skill_unique"),
            models.CheckConstraint(condition=LEVEL_RANGE, name="module_skill_level_1_4"),
        ]

    # --- Accountability (EU AI Act) ------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class MatchLog(models.Model):
    """One suggestion shown to one user: the score and its explanation as shown.

    When the person it was about erases their passport, the row stays for the record of
    what the system showed, but anonymised: passport and (if it was them) viewer cut, the
    explanation emptied, `subject_erased` set.
    """

    shown_at = models.DateTimeField(_("shown at"), auto_now_add=True, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_role = models.CharField(_("viewer's role"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=MatchKind.choices)
    passport = models.ForeignKey(
        Passport, null=True, blank=True, on_delete=models.SET_NULL, related_name="match_logs"
    )
    vacancy = models.ForeignKey(
        Vacancy, null=True, blank=True, on_delete=models.SET_NULL, related_name="match_logs"
    )
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    overrides = models.JSONField(_("adviser overrides applied"), default=list, blank=True)
    subject_erased = models.BooleanField(_("person erased their passport"), default=False)

    class Meta:
        ordering = ["-shown_at", "id"]
        verbose_name = _("match log entry")
        verbose_name_plural = _("match log")

    def __str__(self) -> str:
        return f"{self.shown_at:%Y-%m-%d %H:%M} {self.kind} {self.score}"


class AdviserOverride(models.Model):
    """A career adviser hides, boosts or annotates one suggestion, with a reason.

    The suggestion is a passport with a vacancy (both directions of matching) or with an
    occupation (mobility paths).
    """

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="overrides")
    vacancy = models.ForeignKey(
        Vacancy, null=True, blank=True, on_delete=models.CASCADE, related_name="overrides"
    )
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=OverrideAction.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("adviser override")
        verbose_name_plural = _("adviser overrides")
        constraints = [
            models.CheckConstraint(
                condition=(Q(vacancy__isnull=False) & Q(occupation__isnull=True))
                | (Q(vacancy__isnull=True) & Q(occupation__isnull=False)),
                name="override_vacancy_xor_occupation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.reason[:40]}"


class MatchContact(models.Model):
    """From a match to a conversation: a job seeker's interest in a vacancy, an employer's
    invitation to a findable candidate, or an adviser's proposal of a vacancy or a training
    to a person they support; with the outcome the employer or adviser records.

    What the employer sees of the person is the person's choice: their passport summary
    (`share_summary`) and their name and e-mail address (`share_contact`, with the time
    they chose it), never otherwise. `match_log` is the suggestion that led to it (the EU
    AI Act record: which suggestion led to which outcome). When the person erases their
    passport the row stays for the figures, anonymised (no passport, no message, nothing
    shared, `subject_erased`); the vacancy's sector and municipality are kept on the row.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=ContactKind.choices)
    passport = models.ForeignKey(
        Passport, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    vacancy = models.ForeignKey(
        Vacancy, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    module = models.ForeignKey(
        "TrainingModule",
        verbose_name=_("training module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    message = models.TextField(_("message"), blank=True)
    share_summary = models.BooleanField(_("passport summary shared"), default=False)
    share_contact = models.BooleanField(_("name and e-mail address shared"), default=False)
    contact_shared_at = models.DateTimeField(_("contact details shared at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.OPEN
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.CharField(
        _("reason"), max_length=12, choices=NotHiredReason.choices, blank=True
    )
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    match_log = models.ForeignKey(
        MatchLog,
        verbose_name=_("suggestion that led to it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_erased = models.BooleanField(_("person erased their passport"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact after a match")
        verbose_name_plural = _("contacts after a match")
        constraints = [
            models.CheckConstraint(
                condition=Q(vacancy__isnull=False)
                | Q(module__isnull=False)
                | Q(subject_erased=True),
                name="contact_about_a_vacancy_or_module",
            ),
            models.CheckConstraint(
                condition=Q(outcome="not_hired") | Q(outcome_reason=""),
                name="contact_reason_only_when_not_hired",
            ),
            models.UniqueConstraint(
                fields=["kind", "passport", "vacancy"],
                condition=Q(passport__isnull=False, vacancy__isnull=False),
                name="contact_once_per_kind_person_vacancy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class ChangeJournal(models.Model):
    """Changes that matching indexes must apply: every service that changes a passport or a
    vacancy (or the import that changes the taxonomy) writes a row in its own transaction.
    Each process applies the rows after the last id it saw before it answers a query, so
    several application servers on one database give the same answers."""

    id = models.BigAutoField(primary_key=True)
    entity = models.CharField(_("entity"), max_length=10, choices=JournalEntity.choices)
    object_id = models.BigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("change journal entry")
        verbose_name_plural = _("change journal")

    def __str__(self) -> str:
        return f"{self.id} {self.entity} {self.object_id}"
