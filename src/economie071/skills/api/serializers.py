"""What the House of Skills API returns, field by field (camelCase); also the OpenAPI
schema. Taxonomy, modules and open vacancies carry no personal data; the person's own
passport and matches are only ever returned to that person."""

from rest_framework import serializers

from economie071.core.api.serializers import RefSerializer
from economie071.skills.constants import (
    CONTACT_MESSAGE_MAX,
    LEVEL_MAX,
    LEVEL_MIN,
    ContactKind,
    ContactStatus,
    Evidence,
    NotHiredReason,
    Outcome,
    ReuseLevel,
    SkillType,
)


def _level(**kwargs):
    return serializers.IntegerField(min_value=LEVEL_MIN, max_value=LEVEL_MAX, **kwargs)


class SkillsSkillSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    uri = serializers.CharField(allow_null=True, help_text="ESCO URI; null for our own skills.")
    labelNl = serializers.CharField(source="label_nl", allow_blank=True)
    labelEn = serializers.CharField(source="label_en", allow_blank=True)
    skillType = serializers.ChoiceField(
        source="skill_type", choices=[("", ""), *SkillType.choices], allow_blank=True
    )
    reuseLevel = serializers.ChoiceField(
        source="reuse_level", choices=[("", ""), *ReuseLevel.choices], allow_blank=True
    )
    isExample = serializers.BooleanField(
        source="is_example", help_text="Example data written for the demo, not from ESCO."
    )


class SkillsSkillRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", min_value=1)
    label = serializers.CharField()


class SkillsSectorSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    nameNl = serializers.CharField(source="name_nl")
    nameEn = serializers.CharField(source="name_en")
    iscoPrefixes = serializers.ListField(
        source="isco_prefixes",
        child=serializers.CharField(),
        help_text="ISCO-08 code prefixes: an occupation belongs to the sector of its longest "
        "matching prefix.",
    )
    isFocus = serializers.BooleanField(source="is_focus", help_text="A focus sector of the region.")


class SkillsSectorRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(source="__str__")


class SkillsOccupationSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    uri = serializers.CharField(allow_null=True)
    code = serializers.CharField(allow_blank=True)
    iscoCode = serializers.CharField(source="isco_code", allow_blank=True)
    labelNl = serializers.CharField(source="label_nl", allow_blank=True)
    labelEn = serializers.CharField(source="label_en", allow_blank=True)
    isExample = serializers.BooleanField(source="is_example")


class SkillsOccupationDetailSerializer(SkillsOccupationSerializer):
    descriptionNl = serializers.CharField(source="description_nl", allow_blank=True)
    descriptionEn = serializers.CharField(source="description_en", allow_blank=True)
    sector = SkillsSectorRefSerializer(allow_null=True)
    essentialSkills = SkillsSkillRefSerializer(source="essential", many=True)
    optionalSkills = SkillsSkillRefSerializer(source="optional", many=True)


class SkillsOccupationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", min_value=1)
    label = serializers.CharField()


class SkillsModuleSkillSerializer(serializers.Serializer):
    skill = serializers.IntegerField(source="skill_id", min_value=1)
    label = serializers.CharField(source="skill.label")
    level = _level(help_text="The level reached after the module (1–4).")


class SkillsModuleSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    provider = serializers.CharField(source="provider.organisation.name")
    durationHours = serializers.DecimalField(
        source="duration_hours", max_digits=7, decimal_places=1
    )
    cost = serializers.DecimalField(max_digits=9, decimal_places=2, help_text="In euros.")
    workplaceBased = serializers.BooleanField(source="workplace_based")
    isExample = serializers.BooleanField(source="is_example")
    skills = SkillsModuleSkillSerializer(many=True, source="skills.all")


class SkillsDemandSkillSerializer(serializers.Serializer):
    skill = serializers.IntegerField(source="skill_id", min_value=1)
    label = serializers.CharField(source="skill.label")
    must = serializers.BooleanField(help_text="Must-have (true) or nice-to-have (false).")
    minLevel = _level(source="min_level")


class SkillsVacancySerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    title = serializers.CharField()
    organisation = RefSerializer()
    occupation = SkillsOccupationRefSerializer(allow_null=True)
    municipality = RefSerializer(allow_null=True)
    hours = serializers.IntegerField(min_value=1, allow_null=True, help_text="Hours a week.")
    openedAt = serializers.DateTimeField(source="opened_at", allow_null=True)
    isExample = serializers.BooleanField(source="is_example")
    demand = SkillsDemandSkillSerializer(
        many=True, source="confirmed_demand", help_text="The confirmed skills demand."
    )


class SkillsModuleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", min_value=1)
    title = serializers.CharField()


class SkillsRelatedSkillSerializer(serializers.Serializer):
    skill = SkillsSkillRefSerializer(help_text="The target occupation's skill.")
    via = SkillsSkillRefSerializer(help_text="The skill held that earns the credit.")
    relation = serializers.CharField(
        source="kind",
        help_text="How the held skill relates to the target's: broader, narrower, related or "
        "same_group.",
    )
    credit = serializers.FloatField(help_text="Share of the skill's weight earned, 0–1.")


class SkillsSkillToLearnSerializer(serializers.Serializer):
    skill = SkillsSkillRefSerializer()
    essential = serializers.BooleanField(help_text="Essential to the target occupation.")
    points = serializers.FloatField(help_text="Score points the path gains with this skill.")
    modules = SkillsModuleRefSerializer(
        many=True, help_text="Offered training modules that teach the skill."
    )


class SkillsMobilityPathSerializer(serializers.Serializer):
    occupation = SkillsOccupationRefSerializer()
    score = serializers.FloatField(help_text="Skill overlap, 0–100.")
    sameSector = serializers.BooleanField(source="same_sector")
    sector = SkillsSectorRefSerializer(allow_null=True)
    sharedSkills = SkillsSkillRefSerializer(source="shared", many=True)
    relatedSkills = SkillsRelatedSkillSerializer(
        source="related", many=True, help_text="Target skills credited through a related skill."
    )
    transferableSkills = SkillsSkillRefSerializer(
        source="transferable",
        many=True,
        help_text="Shared or related skills that are transversal: they transfer across sectors.",
    )
    skillsToLearn = SkillsSkillRefSerializer(
        source="to_learn", many=True, help_text="Essential skills of the target not held."
    )
    optionalSkillsToLearn = SkillsSkillRefSerializer(source="to_learn_optional", many=True)
    toLearn = SkillsSkillToLearnSerializer(
        source="learn",
        many=True,
        help_text="What is left to learn, the most points first, with the training for it.",
    )
    variants = SkillsOccupationRefSerializer(
        many=True, help_text="Near-identical occupations (same ISCO unit group, same skills)."
    )


# --- The person's own data --------------------------------------------------------------------


class SkillsPassportSkillSerializer(serializers.Serializer):
    skill = serializers.IntegerField(source="skill_id", min_value=1)
    label = serializers.CharField(source="skill.label")
    level = _level()
    evidence = serializers.ChoiceField(choices=Evidence.choices)


class SkillsExperienceSerializer(serializers.Serializer):
    occupation = serializers.IntegerField(source="occupation_id", min_value=1)
    label = serializers.CharField(source="occupation.label")
    years = serializers.IntegerField(min_value=0, max_value=60)


class SkillsPassportSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    consentAt = serializers.DateTimeField(source="consent_at")
    consentVersion = serializers.CharField(source="consent_version")
    consentWithdrawnAt = serializers.DateTimeField(source="consent_withdrawn_at", allow_null=True)
    hasConsent = serializers.BooleanField(source="has_consent")
    discoverable = serializers.BooleanField(help_text="Employers may find the person.")
    minHours = serializers.IntegerField(source="min_hours", allow_null=True, min_value=1)
    maxHours = serializers.IntegerField(source="max_hours", allow_null=True, min_value=1)
    sectors = serializers.ListField(
        child=serializers.SlugField(),
        source="sector_slugs",
        help_text="Preferred sectors; empty: any.",
    )
    municipalities = serializers.ListField(
        child=serializers.SlugField(),
        source="municipality_slugs",
        help_text="Where the person wants to work; empty: anywhere.",
    )
    skills = SkillsPassportSkillSerializer(many=True, source="skill_rows")
    experience = SkillsExperienceSerializer(many=True, source="experience_rows")


class SkillsExplainedSkillSerializer(serializers.Serializer):
    skill = serializers.IntegerField()
    label = serializers.CharField()


class SkillsMatchedSkillSerializer(SkillsExplainedSkillSerializer):
    required = _level()
    held = _level()
    must = serializers.BooleanField()
    contribution = serializers.FloatField()


class SkillsPartialCreditSerializer(SkillsExplainedSkillSerializer):
    via = serializers.IntegerField(help_text="The held skill that earns the partial credit.")
    via_label = serializers.CharField()
    kind = serializers.CharField(help_text="broader, narrower, related or same_group.")
    credit = serializers.FloatField()
    must = serializers.BooleanField()
    contribution = serializers.FloatField()


class SkillsLevelShortfallSerializer(SkillsExplainedSkillSerializer):
    required = _level()
    held = _level()


class SkillsGapGainSerializer(SkillsExplainedSkillSerializer):
    points = serializers.FloatField(help_text="Score points gained if this gap were closed.")


class SkillsExplanationSerializer(serializers.Serializer):
    matched = SkillsMatchedSkillSerializer(many=True)
    partial = SkillsPartialCreditSerializer(
        many=True, help_text="Partial credit through a related skill."
    )
    missing_must = SkillsExplainedSkillSerializer(many=True)
    missing_nice = SkillsExplainedSkillSerializer(many=True)
    level_shortfalls = SkillsLevelShortfallSerializer(many=True)
    gains = SkillsGapGainSerializer(many=True, help_text="Biggest gain first.")


class SkillsVacancyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", min_value=1)
    title = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")


class SkillsDemandCompletenessSerializer(serializers.Serializer):
    confirmed = serializers.IntegerField(help_text="Skills the employer confirmed.")
    must = serializers.IntegerField(help_text="… of which must-have.")
    minimum = serializers.IntegerField(help_text="Confirmed skills a vacancy needs to open.")
    enough = serializers.BooleanField(help_text="The demand meets the minimum.")
    occupationEssential = serializers.IntegerField(
        source="occupation_essential",
        allow_null=True,
        help_text="Essential skills of the vacancy's occupation (null: no occupation).",
    )
    occupationCovered = serializers.IntegerField(
        source="occupation_covered",
        allow_null=True,
        help_text="… of which the vacancy asks for.",
    )


class SkillsMatchSerializer(serializers.Serializer):
    vacancy = SkillsVacancyRefSerializer()
    score = serializers.FloatField(help_text="0–100; see the scoring rule.")
    rank = serializers.IntegerField(min_value=1)
    boosted = serializers.BooleanField(help_text="A career adviser put this suggestion first.")
    notes = serializers.ListField(
        child=serializers.CharField(),
        source="note_texts",
        help_text="Career advisers' notes on this suggestion.",
    )
    explanation = SkillsExplanationSerializer()
    demandCompleteness = SkillsDemandCompletenessSerializer(
        source="completeness", help_text="How complete the vacancy's skills demand is."
    )


# --- From a match to a conversation --------------------------------------------------------------


class SkillsModuleTitleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", min_value=1)
    title = serializers.CharField()


class SkillsSummarySkillSerializer(serializers.Serializer):
    skill = SkillsSkillRefSerializer()
    level = _level()


class SkillsContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="contact.pk", min_value=1)
    kind = serializers.ChoiceField(source="contact.kind", choices=ContactKind.choices)
    createdAt = serializers.DateTimeField(source="contact.created_at")
    vacancy = SkillsVacancyRefSerializer(source="contact.vacancy", allow_null=True)
    module = SkillsModuleTitleRefSerializer(source="contact.module", allow_null=True)
    message = serializers.CharField(source="contact.message", allow_blank=True)
    status = serializers.ChoiceField(source="contact.status", choices=ContactStatus.choices)
    outcome = serializers.ChoiceField(
        source="contact.outcome", choices=Outcome.choices, allow_blank=True
    )
    outcomeReason = serializers.ChoiceField(
        source="contact.outcome_reason", choices=NotHiredReason.choices, allow_blank=True
    )
    passport = serializers.IntegerField(source="contact.passport_id", allow_null=True)
    contactDetailsShared = serializers.BooleanField(source="contact.share_contact")
    name = serializers.CharField(
        allow_blank=True, help_text="Only when the person shared it (empty otherwise)."
    )
    email = serializers.CharField(
        allow_blank=True, help_text="Only when the person shared it (empty otherwise)."
    )
    passportSummary = SkillsSummarySkillSerializer(
        source="summary_rows",
        many=True,
        help_text="The person's skills, only when they shared their passport summary.",
    )


class SkillsPlacementFiguresSerializer(serializers.Serializer):
    label = serializers.CharField()
    contacts = serializers.IntegerField()
    conversations = serializers.IntegerField()
    hired = serializers.IntegerField()
    notHired = serializers.IntegerField(source="not_hired")


class SkillsPlacementsSerializer(serializers.Serializer):
    suggestionsShown = serializers.IntegerField(
        source="suggestions_shown", help_text="Pairs of a person and a vacancy ever suggested."
    )
    contacts = serializers.IntegerField(help_text="Interest, invitations and proposals.")
    fromSuggestion = serializers.IntegerField(
        source="from_suggestion", help_text="Contacts that followed a logged suggestion."
    )
    conversations = serializers.IntegerField()
    hired = serializers.IntegerField()
    bySector = SkillsPlacementFiguresSerializer(source="by_sector", many=True)
    byMunicipality = SkillsPlacementFiguresSerializer(source="by_municipality", many=True)


class SkillsInterestInputSerializer(serializers.Serializer):
    vacancy = serializers.IntegerField(min_value=1, help_text="The open vacancy's id.")
    shareSummary = serializers.BooleanField(
        default=False, help_text="Let the employer see my passport summary."
    )
    shareContact = serializers.BooleanField(
        default=False, help_text="Let the employer see my name and e-mail address."
    )
    message = serializers.CharField(
        required=False, allow_blank=True, max_length=CONTACT_MESSAGE_MAX, default=""
    )


class SkillsAnswerInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    shareContact = serializers.BooleanField(
        default=False, help_text="Let the employer see my name and e-mail address."
    )


class SkillsInvitationInputSerializer(serializers.Serializer):
    vacancy = serializers.IntegerField(min_value=1)
    passport = serializers.IntegerField(min_value=1, help_text="The candidate's passport number.")
    message = serializers.CharField(
        required=False, allow_blank=True, max_length=CONTACT_MESSAGE_MAX, default=""
    )


class SkillsProposalInputSerializer(serializers.Serializer):
    passport = serializers.IntegerField(min_value=1)
    vacancy = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    module = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    message = serializers.CharField(
        required=False, allow_blank=True, max_length=CONTACT_MESSAGE_MAX, default=""
    )


class SkillsOutcomeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.ChoiceField(
        choices=NotHiredReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Only (and then required) for not_hired.",
    )
