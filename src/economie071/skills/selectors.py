"""Reads for the House of Skills' pages, exports and API.

Two kinds of reads:

- plain lookups (taxonomy search, a passport with its skills, vacancies of an employer,
  modules of a provider, the match log): querysets or lists, constant query counts;
- matches (`candidates_for_vacancy`, `vacancies_for_passport`, `match_detail`,
  `mobility_for`, `training_plan`, `gap_plan`): they ask the engine through this
  process's index (matching.py) and apply the advisers' overrides. Each checks its
  permission first and raises NotAllowed (a SkillsError) otherwise. Each result carries
  its `log_entry`: the MatchLog row that records it (the score and the explanation as
  shown: the EU AI Act log). Selectors never write: the view or API that shows the result
  writes the rows with `services.match_log_record(actor=..., shown=...)`, which adds who
  saw it and in which role.

Explanations come back as plain data (`Explanation.as_dict()` of the engine with skill
labels added) so a template, the API and the log show the same thing:

    {"matched": [{"skill", "label", "required", "held", "must", "contribution"}],
     "partial": [{"skill", "label", "via", "via_label", "kind", "credit", "must",
                  "contribution"}],
     "missing_must": [{"skill", "label"}], "missing_nice": [{"skill", "label"}],
     "level_shortfalls": [{"skill", "label", "required", "held"}],
     "gains": [{"skill", "label", "points"}]}   # biggest gain first

The matching plan (`skills_balance`, `shortage_skills`, `surplus_skills`,
`sector_balance`, `feeder_occupations`, `matching_plan`) is aggregated plain data for the
plan pages, charts and the Excel export.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from economie071.skills import engine, matching, permissions
from economie071.skills.constants import (
    CONVERSATION_OUTCOMES,
    MIN_DEMAND_MUST,
    MIN_DEMAND_SKILLS,
    DemandSource,
    DemandStatus,
    LabelKind,
    MatchKind,
    OverrideAction,
    RelationType,
    VacancyStatus,
)
from economie071.skills.exceptions import NoConsent, NotAllowed, PassportErased, SkillsError
from economie071.skills.models import (
    AdviserOverride,
    CenturySkill,
    DemandSkill,
    MatchContact,
    MatchLog,
    Occupation,
    OccupationSkill,
    Passport,
    PassportSkill,
    Sector,
    Skill,
    SkillLabel,
    TrainingModule,
    TrainingProvider,
    Vacancy,
)


def _deny(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("You are not allowed to see this."), code="not_allowed")


def _labels(skill_ids: Iterable[int]) -> dict[int, str]:
    ids = set(skill_ids)
    return {s.pk: s.label for s in Skill.objects.filter(pk__in=ids)} if ids else {}


def _label_langs(skill_ids: Iterable[int]) -> dict[int, str]:
    """{skill id: language of its label} for the skills whose label is not in the active
    language (no label there): the pages mark those labels as such."""
    ids = set(skill_ids)
    if not ids:
        return {}
    lang = (get_language() or "nl")[:2]
    field_name, other = ("label_nl", "en") if lang == "nl" else ("label_en", "nl")
    return dict.fromkeys(
        Skill.objects.filter(pk__in=ids, **{field_name: ""}).values_list("pk", flat=True), other
    )


def _explanation_skills(data: dict) -> set[int]:
    ids = {m["skill"] for m in data["matched"]} | {p["skill"] for p in data["partial"]}
    ids |= {p["via"] for p in data["partial"]} | set(data["missing_must"])
    return ids | set(data["missing_nice"]) | {int(k) for k in data["gains"]}


def explanations_data(*, explanations: list[engine.Explanation | None]) -> list[dict]:
    """Several explanations as plain data, with one query for all their skill labels."""
    raw = [e.as_dict() if e is not None else None for e in explanations]
    ids = set().union(*(_explanation_skills(d) for d in raw if d is not None))
    labels, langs = _labels(ids), _label_langs(ids)
    return [_with_labels(d, labels, langs) if d is not None else {} for d in raw]


def explanation_data(*, explanation: engine.Explanation | None) -> dict:
    """The engine's explanation as plain data with skill labels (see module docstring)."""
    return explanations_data(explanations=[explanation])[0]


def _with_labels(data: dict, labels: dict[int, str], langs: dict[int, str]) -> dict:
    """Adds each skill's label, and "label_lang" where that label is not in the active
    language (so a page marks it as English rather than mixing languages silently)."""

    def named(row: dict, skill: int) -> dict:
        row["label"] = labels.get(skill, "")
        if skill in langs:
            row["label_lang"] = langs[skill]
        return row

    for row in data["matched"] + data["partial"] + data["level_shortfalls"]:
        named(row, row["skill"])
    for row in data["partial"]:
        row["via_label"] = labels.get(row["via"], "")
        if row["via"] in langs:
            row["via_label_lang"] = langs[row["via"]]
    data["missing_must"] = [named({"skill": s}, s) for s in data["missing_must"]]
    data["missing_nice"] = [named({"skill": s}, s) for s in data["missing_nice"]]
    data["gains"] = [
        named({"skill": int(k), "points": v}, int(k))
        for k, v in sorted(data["gains"].items(), key=lambda kv: (-kv[1], int(kv[0])))
    ]
    data.pop("weights", None)
    return data


# --- Taxonomy ----------------------------------------------------------------------------


MAX_SEARCH_WORDS = 6  # words of a search that must all occur in one name


def _search_words(query: str) -> tuple[str, list[str]]:
    """The query (white space made single, lower case) and its words (at most
    MAX_SEARCH_WORDS)."""
    q = " ".join((query or "").split()).lower()
    return q, q.split()[:MAX_SEARCH_WORDS]


def _name_rank(q: str, name: str, preferred: bool = False) -> tuple:
    """How well a name answers a search: the query itself, then names that start with it,
    then names that contain it whole, then names that contain its words; preferred labels
    before others; short names first."""
    low = name.lower()
    how = 0 if low == q else 1 if low.startswith(q) else 2 if q in low else 3
    return (how, 0 if preferred else 1, len(name))


def _add_own_names(ranked: dict, own: dict, q: str) -> set:
    """Rank the objects found by our own names (`own`: {pk: name}) beside those found by
    their labels; the pks whose best name is ours."""
    via_own = set()
    for pk, name in own.items():
        r = _name_rank(q, name)
        if pk not in ranked or r < ranked[pk]:
            ranked[pk] = r
            via_own.add(pk)
    return via_own


def skill_search(*, query: str, lang: str | None = None, limit: int = 20) -> list[Skill]:
    """Skills with a name that contains every word of `query`: a label (preferred,
    alternative or hidden; nl or en) or one of our own Dutch phrases (the extraction lexicon:
    how vacancies name a skill), so "klachten behandelen" also finds "behandelen van
    klachten"; best answers first (`_name_rank`). A skill found through our phrase carries
    it as `matched_phrase`; a skill without an ESCO Dutch label carries our Dutch name as
    `own_name` ("eigen vertaling")."""
    q, words = _search_words(query)
    if len(q) < 2:
        return []
    labels = SkillLabel.objects.all()
    for word in words:
        labels = labels.filter(text__icontains=word)
    if lang:
        labels = labels.filter(lang=lang)
    ranked: dict[int, tuple] = {}
    for skill_id, text, kind in labels.values_list("skill_id", "text", "kind")[: limit * 20]:
        r = _name_rank(q, text, kind == LabelKind.PREFERRED)
        if skill_id not in ranked or r < ranked[skill_id]:
            ranked[skill_id] = r
    phrases = {
        pk: phrase
        for pk, phrase in matching.get_extractor().phrase_lookup(words, lang).items()
        if isinstance(pk, int)
    }
    via_phrase = _add_own_names(ranked, phrases, q)
    ids = sorted(ranked, key=lambda pk: (ranked[pk], pk))[:limit]
    skills = Skill.objects.in_bulk(ids)
    found = [skills[pk] for pk in ids if pk in skills]
    own = own_dutch_names(skills=found)
    for skill in found:
        skill.matched_phrase = phrases[skill.pk] if skill.pk in via_phrase else ""
        skill.own_name = own.get(skill.pk, "")
    return found


def unmatched_phrases(*, vacancy: Vacancy) -> list[dict]:
    """The vacancy's requirement phrases that matched no skill, each with the word to search
    a skill by ("query"; "" when no skill's name uses any of its words)."""
    spans = [span for span in vacancy.unmatched_phrases or [] if span.get("text")]
    if not spans:
        return []  # the extractor is not loaded for nothing
    extractor = matching.get_extractor()
    lang = vacancy.text_lang or "nl"
    return [{"text": s["text"], "query": extractor.search_word(s["text"], lang)} for s in spans]


def occupation_search(*, query: str, limit: int = 20) -> list[Occupation]:
    """Occupations with a name that contains every word of `query`: a label (nl/en,
    preferred or alternative) or one of our own Dutch job titles (occupations_nl.yaml: how
    employers name the job, "pedagogisch medewerker"); best answers first (`_name_rank`).
    An occupation found through our title carries it as `matched_phrase`."""
    q, words = _search_words(query)
    if len(q) < 2:
        return []
    matches = Occupation.objects.all()
    for word in words:
        matches = matches.filter(
            Q(label_nl__icontains=word)
            | Q(label_en__icontains=word)
            | Q(labels__text__icontains=word)
        )
    found = {o.pk: o for o in matches.distinct()[: limit * 5]}
    ranked = {pk: _name_rank(q, o.label, True) for pk, o in found.items()}
    titles = {
        pk: title
        for pk, title in matching.get_analyser().index.occupations.title_lookup(words).items()
        if isinstance(pk, int)
    }
    via_title = _add_own_names(ranked, titles, q)
    found.update(Occupation.objects.in_bulk([pk for pk in titles if pk not in found]))
    ids = sorted((pk for pk in ranked if pk in found), key=lambda pk: (ranked[pk], pk))[:limit]
    for pk in ids:
        found[pk].matched_phrase = titles[pk] if pk in via_title else ""
    return [found[pk] for pk in ids]


def occupation_suggestions(*, title: str, text: str) -> list[tuple[Occupation, object]]:
    """The best 3 occupations for a vacancy title and text, with their evidence (an
    `OccupationMatch`), best first; nothing is stored. For the vacancy form's proposal."""
    from economie071.skills.extraction import MAX_TEXT_CHARS, MAX_TITLE_CHARS

    if not (title or "").strip() and not (text or "").strip():
        return []
    analysis = matching.get_analyser().analyse(
        (text or "")[:MAX_TEXT_CHARS], title=(title or "")[:MAX_TITLE_CHARS]
    )
    found = Occupation.objects.in_bulk([m.occupation for m in analysis.occupations])
    return [(found[m.occupation], m) for m in analysis.occupations if m.occupation in found]


def stored_occupation_suggestions(*, vacancy: Vacancy) -> list[dict]:
    """The vacancy's proposed occupations as stored, each with its Occupation ("object")."""
    rows = [s for s in (vacancy.occupation_suggestions or []) if isinstance(s, dict)]
    found = Occupation.objects.in_bulk([s.get("occupation") for s in rows])
    return [{**s, "object": found[s["occupation"]]} for s in rows if s.get("occupation") in found]


def own_dutch_names(*, skills: Iterable[Skill]) -> dict[int, str]:
    """{skill id: our own Dutch name ("eigen vertaling")} for skills without an ESCO Dutch
    label that our vocabulary names (skills.extraction's lexicon)."""
    ids = [s.pk for s in skills if not s.label_nl]
    if not ids:
        return {}
    names = matching.get_analyser().index.names
    return {pk: names[pk] for pk in ids if pk in names}


def occupation_with_skills(*, occupation: Occupation) -> dict[str, list[Skill]]:
    """{"essential": [...], "optional": [...]} skills of an occupation, by label."""
    result = {"essential": [], "optional": []}
    for link in occupation.skill_links.select_related("skill"):
        result["essential" if link.relation_type == RelationType.ESSENTIAL else "optional"].append(
            link.skill
        )
    for skills in result.values():
        skills.sort(key=lambda s: s.label.lower())
    return result


def century_skills() -> QuerySet[CenturySkill]:
    """The 11 21st-century skills with the ESCO skills each covers (prefetched)."""
    return CenturySkill.objects.prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("label_nl", "label_en"))
    )


def century_profile(*, passport: Passport) -> list[dict]:
    """For each 21st-century skill: which of its ESCO skills the passport holds, best level."""
    held = dict(passport.skills.values_list("skill_id", "level"))
    result = []
    for century in century_skills():
        mine = [(s, held[s.pk]) for s in century.skills.all() if s.pk in held]
        result.append(
            {
                "century_skill": century,
                "held": mine,
                "level": max((lvl for _s, lvl in mine), default=None),
            }
        )
    return result


def sectors() -> QuerySet[Sector]:
    return Sector.objects.all()


def occupation_sector(*, occupation: Occupation) -> Sector | None:
    return matching.sector_of_isco(occupation.isco_code)


# --- Passports -------------------------------------------------------------------------------


def passport_of(*, user: User | AnonymousUser | None) -> Passport | None:
    """The signed-in user's own passport, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Passport.objects.filter(user=user).first()


def passport_get(*, passport_id: int, actor: User | AnonymousUser | None) -> Passport:
    """A passport for the person or an adviser/office; PassportErased if it is gone."""
    passport = Passport.objects.select_related("user").filter(pk=passport_id).first()
    if passport is None:
        raise PassportErased(
            _("This person has erased their skills passport; nothing about them is shown."),
            code="passport",
        )
    _deny(permissions.can_view_passport(actor, passport))
    return passport


def passport_skills(*, passport: Passport) -> QuerySet[PassportSkill]:
    return passport.skills.select_related("skill", "module").order_by(
        "-level", "skill__label_nl", "skill__label_en"
    )


def passports_for_adviser(*, actor: User | AnonymousUser | None) -> QuerySet[Passport]:
    """Passports with current consent, for advisers and the office."""
    _deny(permissions.is_adviser(actor) or permissions.is_office(actor))
    return (
        Passport.objects.filter(consent_withdrawn_at__isnull=True)
        .select_related("user")
        .annotate(skill_count=Count("skills"))
        .order_by("-updated_at", "-id")
    )


def match_log_about(*, passport: Passport) -> QuerySet[MatchLog]:
    """Every match log entry about the passport (shown to anyone, the person included)."""
    return MatchLog.objects.filter(passport=passport).order_by("-shown_at", "-id")


def match_log(
    *,
    actor: User | AnonymousUser | None,
    vacancy: Vacancy | None = None,
    passport: Passport | None = None,
) -> QuerySet[MatchLog]:
    """The match log for the office and advisers (everything) or an employer (their
    vacancy). Rows about erased people have `subject_erased` set and no passport."""
    logs = MatchLog.objects.select_related("viewer", "vacancy", "occupation")
    if vacancy is not None:
        _deny(permissions.can_view_candidates(actor, vacancy))
        logs = logs.filter(vacancy=vacancy)
    else:
        _deny(permissions.is_office(actor) or permissions.is_adviser(actor))
    if passport is not None:
        logs = logs.filter(passport=passport)
    return logs.order_by("-shown_at", "-id")


# --- Vacancies and training ------------------------------------------------------------------


def vacancies_of(*, actor: User | AnonymousUser | None) -> QuerySet[Vacancy]:
    """The vacancies the user manages (all for the office)."""
    vacancies = Vacancy.objects.select_related("organisation", "occupation", "municipality")
    if permissions.is_office(actor):
        return vacancies
    return vacancies.filter(organisation_id__in=permissions.organisation_ids(actor, "employer"))


def open_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=VacancyStatus.OPEN).select_related(
        "organisation", "occupation", "municipality"
    )


def vacancy_demand(*, vacancy: Vacancy) -> dict[str, list[DemandSkill]]:
    """The vacancy's skills by status: {"proposed": [...], "confirmed": [...], "rejected"};
    proposals in the order of their evidence (rank), the rest must-have first."""
    result = {status: [] for status in DemandStatus.values}
    order = (F("rank").asc(nulls_last=True), "-must", "-confidence", "skill_id")
    for row in vacancy.demand.select_related("skill").order_by(*order):
        result[row.status].append(row)
    return result


def proposal_groups(rows: list[DemandSkill]) -> dict[str, list[DemandSkill]]:
    """A vacancy's proposed skills as the employer decides on them, each group in rank order:
    "asked" (the text asks for them, and the employer's own additions), "in_passing" (the
    text names them only in the introduction or the offer, or too faintly: the analyser
    gives them less than its asked-for confidence) and "profile" (only from the
    occupation's profile)."""
    from economie071.skills.extraction import ASKED_CONFIDENCE  # the analyser loads lazily

    profile_only = {DemandSource.OCCUPATION_ESSENTIAL, DemandSource.OCCUPATION_OPTIONAL}
    groups: dict[str, list[DemandSkill]] = {"asked": [], "in_passing": [], "profile": []}
    for row in rows:
        if row.source in profile_only:
            groups["profile"].append(row)
        elif row.source != DemandSource.MANUAL and row.confidence < ASKED_CONFIDENCE:
            groups["in_passing"].append(row)
        else:
            groups["asked"].append(row)
    return groups


def providers_of(*, actor: User | AnonymousUser | None) -> QuerySet[TrainingProvider]:
    providers = TrainingProvider.objects.select_related("organisation")
    if permissions.is_office(actor):
        return providers
    return providers.filter(organisation_id__in=permissions.organisation_ids(actor, "provider"))


def modules() -> QuerySet[TrainingModule]:
    """Offered modules with their provider and skills (prefetched)."""
    return (
        TrainingModule.objects.filter(active=True)
        .select_related("provider__organisation")
        .prefetch_related("skills__skill")
    )


# --- Matches ---------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """One match shown: a candidate (passport) for a vacancy or a vacancy for a passport."""

    passport: Passport
    vacancy: Vacancy
    score: float
    rank: int
    explanation: dict
    boosted: bool = False
    hidden: bool = False
    # The overrides the viewer may read (see permissions.override_audience): action,
    # reason, adviser, at. Empty for an employer.
    notes: list[dict] = field(default_factory=list)
    # Every override applied, as far as the viewer was shown it (for the match log).
    applied: list[dict] = field(default_factory=list)
    # The match log row for what was shown (see `match_log_record`).
    log_entry: dict = field(default_factory=dict, repr=False, compare=False)
    # How complete the vacancy's demand is (see `demand_completeness`).
    completeness: dict = field(default_factory=dict)

    @property
    def display_score(self) -> float:
        return round(self.score, 1)


def _overrides(*, passports=None, vacancies=None, occupations=None) -> dict:
    """Active overrides by (passport, vacancy or occupation)."""
    rows = AdviserOverride.objects.filter(revoked_at__isnull=True).select_related("adviser")
    if passports is not None:
        rows = rows.filter(passport_id__in=list(passports))
    if vacancies is not None:
        rows = rows.filter(vacancy_id__in=list(vacancies))
    if occupations is not None:
        rows = rows.filter(occupation_id__in=list(occupations))
    result: dict[tuple, list[AdviserOverride]] = defaultdict(list)
    for row in rows.order_by("created_at", "id"):
        result[(row.passport_id, row.vacancy_id or row.occupation_id)].append(row)
    return result


def _apply(
    items: list, key, overrides: dict, *, actor, passport_of, include_hidden: bool = False
) -> list:
    """Hide, boost (boosted first, in score order) and annotate; sets hidden, boosted,
    notes and applied, each item as far as `actor` may read it (override_audience).

    Hidden items are kept (flagged) only for advisers and the office who ask for them.
    """
    out = []
    for item in items:
        audience = permissions.override_audience(actor, passport_of(item))
        for o in overrides.get(key(item), ()):
            if o.action == OverrideAction.HIDE:
                item.hidden = True
            elif o.action == OverrideAction.BOOST:
                item.boosted = True
            entry = {"override": o.pk, "action": o.action, "at": o.created_at.isoformat()}
            if audience == permissions.AUDIENCE_STAFF or (
                audience == permissions.AUDIENCE_PERSON and o.action != OverrideAction.HIDE
            ):
                entry["reason"] = o.reason
                entry["adviser"] = (
                    (o.adviser.get_full_name() or o.adviser.get_username()) if o.adviser else ""
                )
                item.notes.append(entry)
            elif o.action != OverrideAction.BOOST:
                continue  # a hidden item is left out; an employer never learns of a note
            item.applied.append(entry)
        keep_hidden = include_hidden and audience == permissions.AUDIENCE_STAFF
        if keep_hidden or not item.hidden:
            out.append(item)
    out.sort(key=lambda i: not i.boosted)  # stable: score order kept within each part
    return out


def _log_entries(items: list, kind: str, rows: list[dict]) -> None:
    """Give each item shown the match log row that records it; the caller writes them
    (services.match_log_record) once it has shown them."""
    for item, row in zip(items, rows, strict=True):
        item.log_entry = {"kind": kind, **row}


def demand_completeness(*, vacancies: Iterable[Vacancy]) -> dict[int, dict]:
    """How complete each vacancy's demand is, for the explanation of its scores:
    {vacancy id: {"confirmed", "must", "minimum", "enough", "occupation_essential",
    "occupation_covered"}} (the last two: the essential skills of the vacancy's occupation,
    and how many of them the vacancy asks for; None without an occupation). Two queries."""
    vacancies = list(vacancies)
    confirmed: dict[int, set[int]] = defaultdict(set)
    must: Counter = Counter()
    for vid, skill_id, is_must in DemandSkill.objects.filter(
        vacancy_id__in=[v.pk for v in vacancies], status=DemandStatus.CONFIRMED
    ).values_list("vacancy_id", "skill_id", "must"):
        confirmed[vid].add(skill_id)
        must[vid] += int(is_must)
    essential = matching.essential_skills({v.occupation_id for v in vacancies if v.occupation_id})
    result = {}
    for v in vacancies:
        needs = essential.get(v.occupation_id) if v.occupation_id else None
        result[v.pk] = {
            "confirmed": len(confirmed[v.pk]),
            "must": must[v.pk],
            "minimum": MIN_DEMAND_SKILLS,
            "enough": len(confirmed[v.pk]) >= MIN_DEMAND_SKILLS and must[v.pk] >= MIN_DEMAND_MUST,
            "occupation_essential": len(needs) if needs is not None else None,
            "occupation_covered": len(needs & confirmed[v.pk]) if needs is not None else None,
        }
    return result


def candidates_for_vacancy(
    *,
    vacancy: Vacancy,
    actor: User | AnonymousUser | None,
    k: int = 20,
    include_hidden: bool = False,
) -> list[Suggestion]:
    """The top `k` candidates for a vacancy: people with current consent who chose to be
    found, best first, each with their explanation and any adviser overrides applied.

    For the vacancy's employer, advisers and the office. Works for a vacancy that is not
    open yet (a preview); needs at least one confirmed skill (SkillsError "demand").
    `include_hidden` (advisers) keeps suggestions an adviser hid, flagged `hidden`.
    """
    _deny(permissions.can_view_candidates(actor, vacancy))
    demand = matching.demand_for(vacancy)
    if demand is None:
        raise SkillsError(
            _("Confirm at least one skill of this vacancy to see candidates."), code="demand"
        )
    index = matching.get_index()
    overrides = _overrides(vacancies=[vacancy.pk])
    hidden = sum(1 for rows in overrides.values() for o in rows if o.action == OverrideAction.HIDE)
    matches = index.top_candidates(demand, k=k + hidden, explain=True)
    passports = Passport.objects.select_related("user").in_bulk([m.profile for m in matches])
    # Erased or withdrawn in between: left out, never shown.
    matches = [m for m in matches if m.profile in passports and passports[m.profile].has_consent]
    items = [
        Suggestion(
            passport=passports[m.profile],
            vacancy=vacancy,
            score=m.score,
            rank=0,
            explanation=data,
        )
        for m, data in zip(
            matches, explanations_data(explanations=[m.explanation for m in matches]), strict=True
        )
    ]
    items = _apply(
        items,
        lambda i: (i.passport.pk, vacancy.pk),
        overrides,
        actor=actor,
        passport_of=lambda i: i.passport,
        include_hidden=include_hidden,
    )[:k]
    completeness = demand_completeness(vacancies=[vacancy])[vacancy.pk]
    for rank, item in enumerate(items, start=1):
        item.rank = rank
        item.completeness = completeness
    _log_entries(
        items,
        MatchKind.CANDIDATES,
        [
            {
                "passport": i.passport,
                "vacancy": vacancy,
                "rank": i.rank,
                "score": i.score,
                "explanation": i.explanation,
                "overrides": i.applied,
            }
            for i in items
        ],
    )
    return items


def _require_consent(passport: Passport) -> engine.Profile:
    profile = matching.profile_for(passport)
    if profile is None:
        raise NoConsent(
            _("This passport has no current consent, so it is not matched."), code="consent"
        )
    return profile


def vacancies_for_passport(
    *,
    passport: Passport,
    actor: User | AnonymousUser | None,
    k: int = 20,
    include_hidden: bool = False,
) -> list[Suggestion]:
    """The open vacancies that fit the passport best (whether or not the person chose to
    be found by employers). For the person, advisers and the office."""
    _deny(permissions.can_see_matches_of(actor, passport))
    profile = _require_consent(passport)
    index = matching.get_index()
    overrides = _overrides(passports=[passport.pk])
    hidden = sum(1 for rows in overrides.values() for o in rows if o.action == OverrideAction.HIDE)
    matches = index.top_demands(profile, k=k + hidden, explain=True)
    vacancies = Vacancy.objects.select_related(
        "organisation", "occupation", "municipality"
    ).in_bulk([m.demand for m in matches])
    matches = [
        m
        for m in matches
        if m.demand in vacancies and vacancies[m.demand].status == VacancyStatus.OPEN
    ]
    items = [
        Suggestion(
            passport=passport,
            vacancy=vacancies[m.demand],
            score=m.score,
            rank=0,
            explanation=data,
        )
        for m, data in zip(
            matches, explanations_data(explanations=[m.explanation for m in matches]), strict=True
        )
    ]
    items = _apply(
        items,
        lambda i: (passport.pk, i.vacancy.pk),
        overrides,
        actor=actor,
        passport_of=lambda i: passport,
        include_hidden=include_hidden,
    )[:k]
    completeness = demand_completeness(vacancies=[i.vacancy for i in items])
    for rank, item in enumerate(items, start=1):
        item.rank = rank
        item.completeness = completeness[item.vacancy.pk]
    _log_entries(
        items,
        MatchKind.VACANCIES,
        [
            {
                "passport": passport,
                "vacancy": i.vacancy,
                "rank": i.rank,
                "score": i.score,
                "explanation": i.explanation,
                "overrides": i.applied,
            }
            for i in items
        ],
    )
    return items


def match_detail(
    *, vacancy: Vacancy, passport_id: int, actor: User | AnonymousUser | None
) -> Suggestion:
    """One candidate of a vacancy with the explanation (a candidate's detail page).

    PassportErased when the person erased their passport since, NoConsent when they
    withdrew consent, SkillsError("match") when they no longer match.
    """
    _deny(permissions.can_view_candidates(actor, vacancy))
    passport = Passport.objects.select_related("user").filter(pk=passport_id).first()
    if passport is None:
        raise PassportErased(
            _("This person has erased their skills passport; nothing about them is shown."),
            code="passport",
        )
    profile = _require_consent(passport)
    demand = matching.demand_for(vacancy)
    is_owner = permissions.is_owner(actor, passport)
    if not profile.discoverable and not (
        is_owner or permissions.is_adviser(actor) or permissions.is_office(actor)
    ):
        raise NotAllowed(_("This person does not want to be found by employers."), code="passport")
    match = matching.get_index().score(profile, demand) if demand else None
    if match is None:
        raise SkillsError(_("This person does not match this vacancy (any more)."), code="match")
    item = Suggestion(
        passport=passport,
        vacancy=vacancy,
        score=match.score,
        rank=1,
        explanation=explanation_data(explanation=match.explanation),
    )
    shown = _apply(
        [item],
        lambda i: (passport.pk, vacancy.pk),
        _overrides(passports=[passport.pk], vacancies=[vacancy.pk]),
        actor=actor,
        passport_of=lambda i: passport,
        include_hidden=True,
    )
    item.completeness = demand_completeness(vacancies=[vacancy])[vacancy.pk]
    if not shown:  # hidden by an adviser: to anyone else it is simply not a match
        raise SkillsError(_("This person does not match this vacancy (any more)."), code="match")
    _log_entries(
        [item],
        MatchKind.CANDIDATES,
        [
            {
                "passport": passport,
                "vacancy": vacancy,
                "rank": None,
                "score": item.score,
                "explanation": item.explanation,
                "overrides": item.applied,
            }
        ],
    )
    return item


@dataclass
class RelatedSkill:
    """A target skill credited through a related skill the person or occupation has."""

    skill: Skill  # the target occupation's skill
    via: Skill  # the skill held
    kind: str  # how the held skill relates to the target's: broader, narrower, related, same_group
    credit: float


@dataclass
class SkillToLearn:
    """A skill of the target not (fully) there yet: the points it would add to the path's
    score and the offered training modules that teach it."""

    skill: Skill
    essential: bool
    points: float
    modules: list[TrainingModule] = field(default_factory=list)


@dataclass
class MobilityOption:
    occupation: Occupation
    score: float
    shared: list[Skill]
    to_learn: list[Skill]
    to_learn_optional: list[Skill]
    same_sector: bool
    sector: Sector | None
    related: list[RelatedSkill] = field(default_factory=list)
    # what is left to learn, the most points first (essential and optional, related ones too)
    learn: list[SkillToLearn] = field(default_factory=list)
    # shared or related target skills that transfer across sectors (transversal)
    transferable: list[Skill] = field(default_factory=list)
    # near-identical occupations shown as variants of this path
    variants: list[Occupation] = field(default_factory=list)
    boosted: bool = False
    hidden: bool = False
    notes: list[dict] = field(default_factory=list)  # as Suggestion.notes
    applied: list[dict] = field(default_factory=list)
    # The match log row (from a passport only; see `match_log_record`).
    log_entry: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def display_score(self) -> float:
        return round(self.score, 1)

    @property
    def transferable_ids(self) -> set[int]:
        return {s.pk for s in self.transferable}


# How many skills to learn a path lists (the most points first).
MOBILITY_LEARN_SHOWN = 10


def _modules_teaching(skill_ids: Iterable[int]) -> dict[int, list[TrainingModule]]:
    """Offered modules by the skill they teach (one query)."""
    result: dict[int, list[TrainingModule]] = defaultdict(list)
    ids = list(skill_ids)
    if not ids:
        return result
    rows = (
        TrainingModule.objects.filter(active=True, skills__skill_id__in=ids)
        .select_related("provider__organisation")
        .annotate(taught=F("skills__skill_id"))
        .order_by("cost", "duration_hours", "pk")
    )
    for module in rows:
        result[module.taught].append(module)
    return result


def mobility_for(
    *,
    actor: User | AnonymousUser | None,
    occupation: Occupation | None = None,
    passport: Passport | None = None,
    k: int = 20,
    other_sectors_only: bool = False,
    sector: Sector | None = None,
    include_hidden: bool = False,
) -> list[MobilityOption]:
    """Occupations to move to, ranked by skill overlap: from an occupation (anyone may look)
    or from a passport's skills (the person, advisers, office; logged). Each with the shared
    skills, the skills credited through a related skill, the transferable (transversal)
    ones, what is left to learn with the points each would add and the modules that teach
    it, whether it is in the same sector, and its near-identical variants.

    From a passport, "same sector" means a sector of the person's work experience or
    preferences. `other_sectors_only` keeps only moves to another sector; `sector` only
    moves into that sector.
    """
    if (occupation is None) == (passport is None):
        raise SkillsError(_("Give an occupation or a passport."), code="occupation")
    data = matching.state().mobility_data()
    sectors_of = matching.state().sectors()
    if passport is not None:
        _deny(permissions.can_see_matches_of(actor, passport))
        profile = _require_consent(passport)
        source = dict(profile.skills)
        own = set(profile.sectors) | {
            sectors_of[o]
            for o in passport.experience.values_list("occupation_id", flat=True)
            if o in sectors_of
        }
        exclude = set(passport.experience.values_list("occupation_id", flat=True))
    else:
        source = occupation.pk
        own = {sectors_of[occupation.pk]} if occupation.pk in sectors_of else set()
        exclude = {occupation.pk}
    if not source or (isinstance(source, int) and source not in data.occupations):
        return []
    if sector is not None:
        targets = {sector.pk}
    elif other_sectors_only:
        targets = set(Sector.objects.exclude(pk__in=own).values_list("pk", flat=True))
    else:
        targets = None
    paths = engine.mobility_paths(
        data.occupations,
        source,
        k=k + 20,  # room for suggestions an adviser hid
        sector_of=sectors_of,
        taxonomy=matching.get_index().taxonomy,
        transversal=data.transversal,
        isco_of=data.isco,
        target_sectors=targets,
        exclude=exclude,
    )
    occ = Occupation.objects.in_bulk({o for p in paths for o in (p.occupation, *p.variants)})
    learn_of = {
        p.occupation: sorted(p.gains.items(), key=lambda kv: (-kv[1], kv[0]))[:MOBILITY_LEARN_SHOWN]
        for p in paths
    }
    skill_ids = {
        s
        for p in paths
        for s in (
            *p.shared,
            *p.to_learn,
            *p.to_learn_optional,
            *(s for s, _g in learn_of[p.occupation]),
        )
    }
    skill_ids |= {r.via for p in paths for r in p.related} | {
        r.skill for p in paths for r in p.related
    }
    skills = Skill.objects.in_bulk(list(skill_ids))
    teaching = _modules_teaching({s for rows in learn_of.values() for s, _g in rows})
    all_sectors = Sector.objects.in_bulk()

    def sk(ids):
        return sorted((skills[i] for i in ids if i in skills), key=lambda s: s.label.lower())

    items = []
    for p in paths:
        sector_id = sectors_of.get(p.occupation)
        same = p.same_sector if passport is None else (sector_id in own)
        essential = data.occupations[p.occupation].essential
        items.append(
            MobilityOption(
                occupation=occ[p.occupation],
                score=p.score,
                shared=sk(p.shared),
                to_learn=sk(p.to_learn),
                to_learn_optional=sk(p.to_learn_optional),
                same_sector=same,
                sector=all_sectors.get(sector_id),
                related=[
                    RelatedSkill(
                        skill=skills[r.skill], via=skills[r.via], kind=r.kind, credit=r.credit
                    )
                    for r in p.related
                    if r.skill in skills and r.via in skills
                ],
                learn=[
                    SkillToLearn(
                        skill=skills[s],
                        essential=s in essential,
                        points=points,
                        modules=teaching.get(s, []),
                    )
                    for s, points in learn_of[p.occupation]
                    if s in skills
                ],
                transferable=sk(p.transferable),
                variants=[occ[v] for v in p.variants if v in occ],
            )
        )
    if passport is not None:
        overrides = _overrides(
            passports=[passport.pk], occupations=[i.occupation.pk for i in items]
        )
        items = _apply(
            items,
            lambda i: (passport.pk, i.occupation.pk),
            overrides,
            actor=actor,
            passport_of=lambda i: passport,
            include_hidden=include_hidden,
        )
    items = items[:k]
    if passport is not None:
        _log_entries(
            items,
            MatchKind.MOBILITY,
            [
                {
                    "passport": passport,
                    "occupation": i.occupation,
                    "rank": rank,
                    "score": i.score,
                    "overrides": i.applied,
                    "explanation": {
                        "shared": [s.pk for s in i.shared],
                        "related": [[r.via.pk, r.skill.pk, r.kind] for r in i.related],
                        "to_learn": [s.pk for s in i.to_learn],
                        "same_sector": i.same_sector,
                        "sector": sector.slug if sector is not None else None,
                    },
                }
                for rank, i in enumerate(items, start=1)
            ],
        )
    return items


@dataclass
class TrainingPlan:
    """The modules that cover what a person misses for a vacancy or an occupation."""

    missing: list[tuple[Skill, int]]  # skill, level needed
    modules: list[TrainingModule]
    covered: list[Skill]
    uncovered: list[Skill]  # no offered module teaches these at the level needed
    total_hours: float
    total_cost: Decimal
    objective: str
    exact: bool = True
    # The match log row (see `match_log_record`).
    log_entry: dict = field(default_factory=dict, repr=False, compare=False)


def _missing_for(profile: engine.Profile, vacancy, occupation) -> dict[int, int]:
    held = profile.skills
    if vacancy is not None:
        rows = vacancy.demand.filter(status=DemandStatus.CONFIRMED, must=True).values_list(
            "skill_id", "min_level"
        )
        return {s: lvl for s, lvl in rows if held.get(s, 0) < lvl}
    essential = OccupationSkill.objects.filter(
        occupation=occupation, relation_type=RelationType.ESSENTIAL
    ).values_list("skill_id", flat=True)
    return {s: 1 for s in essential if s not in held}


def training_plan(
    *,
    passport: Passport,
    actor: User | AnonymousUser | None,
    vacancy: Vacancy | None = None,
    occupation: Occupation | None = None,
    objective: str = "cost",
) -> TrainingPlan:
    """The cheapest (`objective="cost"`) or shortest ("duration") set of offered modules that
    covers the must-have skills the person misses for a vacancy (at its minimum levels), or
    the essential skills of an occupation; with the skills no module covers."""
    _deny(permissions.can_see_matches_of(actor, passport))
    if (vacancy is None) == (occupation is None):
        raise SkillsError(_("Give a vacancy or an occupation."), code="vacancy")
    if objective not in ("cost", "duration"):
        raise SkillsError(_("Objective: choose cheapest or shortest."), code="objective")
    profile = _require_consent(passport)
    missing = _missing_for(profile, vacancy, occupation)
    candidates = list(matching.modules(missing).values()) if missing else []
    cover = engine.training_cover(missing, candidates, objective=objective)
    chosen = TrainingModule.objects.select_related("provider__organisation").in_bulk(
        list(cover.modules)
    )
    skills = Skill.objects.in_bulk(list(missing))
    plan = TrainingPlan(
        missing=sorted(
            ((skills[s], lvl) for s, lvl in missing.items()), key=lambda t: t[0].label.lower()
        ),
        modules=[chosen[m] for m in cover.modules],
        covered=sorted((skills[s] for s in cover.covered), key=lambda s: s.label.lower()),
        uncovered=sorted((skills[s] for s in cover.uncovered), key=lambda s: s.label.lower()),
        total_hours=float(cover.total_hours),
        total_cost=Decimal(cover.total_cost),
        objective=objective,
        exact=getattr(cover, "exact", True),
    )
    _log_entries(
        [plan],
        MatchKind.TRAINING,
        [
            {
                "passport": passport,
                "vacancy": vacancy,
                "occupation": occupation,
                "rank": None,
                "score": None,
                "explanation": {
                    "missing": {str(s): lvl for s, lvl in missing.items()},
                    "modules": list(cover.modules),
                    "uncovered": sorted(cover.uncovered),
                    "objective": objective,
                },
            }
        ],
    )
    return plan


@dataclass
class GapPlanOption:
    modules: list[TrainingModule]
    total_hours: float
    total_cost: Decimal
    opened: list[Vacancy]  # vacancies that become a match (above the threshold)
    score_changes: list[tuple[Vacancy, float | None, float]]  # vacancy, before, after
    # The match log row (see `match_log_record`).
    log_entry: dict = field(default_factory=dict, repr=False, compare=False)


def gap_plan(
    *, passport: Passport, actor: User | AnonymousUser | None, max_modules: int = 3, top: int = 3
) -> list[GapPlanOption]:
    """The regional gap plan: the one to `max_modules` training modules that would open the
    most current vacancies for this person, with their time and cost and how each match
    score would change. Best option first."""
    _deny(permissions.can_see_matches_of(actor, passport))
    profile = _require_consent(passport)
    index = matching.get_index()
    options = engine.gap_plan(
        index, profile, list(matching.modules().values()), max_modules=max_modules, top=top
    )
    module_ids = {m for o in options for m in o.modules}
    vacancy_ids = {v for o in options for v in (*o.opened, *o.score_changes)}
    mods = TrainingModule.objects.select_related("provider__organisation").in_bulk(module_ids)
    vacs = Vacancy.objects.select_related("organisation").in_bulk(vacancy_ids)
    result = [
        GapPlanOption(
            modules=[mods[m] for m in o.modules],
            total_hours=float(o.total_hours),
            total_cost=Decimal(o.total_cost),
            opened=[vacs[v] for v in o.opened if v in vacs],
            score_changes=sorted(
                (
                    (vacs[v], before, after)
                    for v, (before, after) in o.score_changes.items()
                    if v in vacs
                ),
                key=lambda t: (-(t[2] - (t[1] or 0)), t[0].pk),
            ),
        )
        for o in options
    ]
    _log_entries(
        result,
        MatchKind.GAP_PLAN,
        [
            {
                "passport": passport,
                "rank": rank,
                "score": None,
                "explanation": {
                    "modules": list(o.modules),
                    "opened": list(o.opened),
                    "score_changes": {str(v): list(c) for v, c in o.score_changes.items()},
                },
            }
            for rank, o in enumerate(options, start=1)
        ],
    )
    return result


# --- The matching plan -----------------------------------------------------------------------


@dataclass
class SkillBalance:
    skill: Skill
    supply: int  # passports with current consent that hold the skill
    demand: int  # open vacancies that ask for it (confirmed)
    demand_must: int  # … as a must-have

    @property
    def gap(self) -> int:
        return self.demand - self.supply


def _sector_vacancies(sector: Sector | None) -> list[int]:
    open_ids = Vacancy.objects.filter(status=VacancyStatus.OPEN)
    if sector is None:
        return list(open_ids.values_list("pk", flat=True))
    sectors_of = matching.sector_map()
    return [
        pk
        for pk, occ in open_ids.values_list("pk", "occupation_id")
        if occ is not None and sectors_of.get(occ) == sector.pk
    ]


def skills_balance(*, sector: Sector | None = None) -> list[SkillBalance]:
    """Supply and demand per skill (every skill with demand or supply), for the region or
    one sector. Supply counts passports with current consent (for a sector: those who
    prefer it or state no preference); demand counts open vacancies (of that sector) with
    the skill confirmed. Aggregates only: no person is named."""
    vacancy_ids = _sector_vacancies(sector)
    demand = Counter()
    must = Counter()
    for skill_id, is_must in DemandSkill.objects.filter(
        vacancy_id__in=vacancy_ids, status=DemandStatus.CONFIRMED
    ).values_list("skill_id", "must"):
        demand[skill_id] += 1
        must[skill_id] += int(is_must)
    passports = Passport.objects.filter(consent_withdrawn_at__isnull=True)
    if sector is not None:
        passports = passports.filter(Q(sectors=sector) | Q(sectors__isnull=True))
    supply = Counter(
        PassportSkill.objects.filter(passport__in=passports.values("pk")).values_list(
            "skill_id", flat=True
        )
    )
    skills = Skill.objects.in_bulk(list(set(demand) | set(supply)))
    return sorted(
        (
            SkillBalance(
                skill=skills[s],
                supply=supply.get(s, 0),
                demand=demand.get(s, 0),
                demand_must=must.get(s, 0),
            )
            for s in skills
        ),
        key=lambda b: (-b.gap, b.skill.label.lower()),
    )


def shortage_skills(*, sector: Sector | None = None, limit: int = 20) -> list[SkillBalance]:
    """Skills in demand that few passports hold: demand above supply, biggest gap first."""
    return [b for b in skills_balance(sector=sector) if b.demand > b.supply][:limit]


def surplus_skills(*, sector: Sector | None = None, limit: int = 20) -> list[SkillBalance]:
    """Skills many passports hold that few vacancies ask for: supply above demand."""
    rows = [b for b in skills_balance(sector=sector) if b.supply > b.demand]
    rows.sort(key=lambda b: (b.gap, b.skill.label.lower()))
    return rows[:limit]


@dataclass
class SectorBalance:
    sector: Sector
    open_vacancies: int
    passports: int  # passports with consent that prefer the sector (or any sector)
    demanded_skills: int  # distinct skills asked for
    shortage_skills: int  # … of which demand exceeds supply


def sector_balance() -> list[SectorBalance]:
    """Per sector: open vacancies, passports, skills asked for and skills short."""
    result = []
    for sector in Sector.objects.all():
        balance = skills_balance(sector=sector)
        passports = (
            Passport.objects.filter(consent_withdrawn_at__isnull=True)
            .filter(Q(sectors=sector) | Q(sectors__isnull=True))
            .distinct()
            .count()
        )
        result.append(
            SectorBalance(
                sector=sector,
                open_vacancies=len(_sector_vacancies(sector)),
                passports=passports,
                demanded_skills=sum(1 for b in balance if b.demand),
                shortage_skills=sum(1 for b in balance if b.demand > b.supply),
            )
        )
    return result


def feeder_occupations(*, sector: Sector, k: int = 10) -> list[MobilityOption]:
    """Occupations outside `sector` whose skills cover most of what the sector's open
    vacancies ask for (shortage skills weigh in by their demand): where to recruit from."""
    vacancy_ids = _sector_vacancies(sector)
    wanted = dict(
        DemandSkill.objects.filter(vacancy_id__in=vacancy_ids, status=DemandStatus.CONFIRMED)
        .values_list("skill_id")
        .annotate(n=Count("id"))
        .values_list("skill_id", "min_level")
    )
    if not wanted:
        return []
    sectors_of = matching.state().sectors()
    occupations = matching.state().occupations()
    target = engine.OccupationProfile(essential=frozenset(wanted))
    # Rank every other occupation as a source for the sector's demand profile.
    scored = []
    for occ_id, prof in occupations.items():
        if sectors_of.get(occ_id) == sector.pk:
            continue
        # the sector's demand is a profile of its own: one shared skill is already a lead
        paths = engine.mobility_paths({0: target, occ_id: prof}, occ_id, k=1, min_evidence=1)
        if paths and paths[0].occupation == 0 and paths[0].score > 0:
            scored.append((paths[0], occ_id))
    scored.sort(key=lambda t: (-t[0].score, t[1]))
    scored = scored[:k]
    occ = Occupation.objects.in_bulk([o for _p, o in scored])
    skills = Skill.objects.in_bulk(list({s for p, _o in scored for s in (*p.shared, *p.to_learn)}))
    all_sectors = Sector.objects.in_bulk()
    return [
        MobilityOption(
            occupation=occ[o],
            score=p.score,
            shared=sorted((skills[s] for s in p.shared), key=lambda s: s.label.lower()),
            to_learn=sorted((skills[s] for s in p.to_learn), key=lambda s: s.label.lower()),
            to_learn_optional=[],
            same_sector=False,
            sector=all_sectors.get(sectors_of.get(o)),
        )
        for p, o in scored
    ]


@dataclass
class MatchingPlan:
    sector: Sector | None
    shortage: list[SkillBalance]
    surplus: list[SkillBalance]
    sectors: list[SectorBalance]
    feeders: list[MobilityOption]


def matching_plan(
    *, actor: User | AnonymousUser | None, sector: Sector | None = None, limit: int = 20
) -> MatchingPlan:
    """Everything the matching plan page and its Excel export show, for advisers and the
    office: shortage and surplus skills, the balance per sector and (for a sector) the
    occupations that could feed it."""
    _deny(permissions.can_view_matching_plan(actor))
    return MatchingPlan(
        sector=sector,
        shortage=shortage_skills(sector=sector, limit=limit),
        surplus=surplus_skills(sector=sector, limit=limit),
        sectors=sector_balance(),
        feeders=feeder_occupations(sector=sector) if sector is not None else [],
    )


# --- From a match to a conversation ----------------------------------------------------------


@dataclass
class ContactView:
    """A contact as one viewer may see it: the person's name and e-mail address only when
    they shared them (or the viewer is the person), their passport summary only when they
    shared it (or the viewer is the person or an adviser)."""

    contact: MatchContact
    name: str = ""
    email: str = ""
    summary: list[tuple[Skill, int]] = field(default_factory=list)  # skill, level

    @property
    def reference(self) -> str:
        passport_id = self.contact.passport_id
        return _("Passport %(id)s") % {"id": passport_id} if passport_id else _("erased")


def _contact_views(contacts: list[MatchContact], actor) -> list[ContactView]:
    shown_summary = [
        c.passport_id
        for c in contacts
        if c.passport_id
        and (
            c.share_summary
            or permissions.can_answer_contact(actor, c)
            or permissions.can_propose(actor)
        )
    ]
    summaries: dict[int, list] = defaultdict(list)
    for row in (
        PassportSkill.objects.filter(passport_id__in=shown_summary)
        .select_related("skill")
        .order_by("-level", "skill__label_nl", "skill__label_en")
    ):
        summaries[row.passport_id].append((row.skill, row.level))
    views = []
    for c in contacts:
        view = ContactView(contact=c, summary=summaries.get(c.passport_id, []))
        if c.passport_id and permissions.can_see_contact_details(actor, c):
            user = c.passport.user
            view.name = user.get_full_name() or user.get_username()
            view.email = user.email
        views.append(view)
    return views


def contact_views(
    *, contacts: list[MatchContact], actor: User | AnonymousUser | None
) -> list[ContactView]:
    """Contacts the actor may see, as they may see them (see ContactView)."""
    for contact in contacts:
        _deny(permissions.can_view_contact(actor, contact))
    return _contact_views(contacts, actor)


def _contacts() -> QuerySet[MatchContact]:
    return MatchContact.objects.select_related(
        "passport__user", "vacancy__organisation", "module__provider__organisation", "created_by"
    )


def contacts_of_person(
    *, passport: Passport, actor: User | AnonymousUser | None
) -> list[ContactView]:
    """Everything that came of the person's matches: their interest, invitations and
    proposals; for the person, advisers and the office."""
    _deny(permissions.can_view_passport(actor, passport))
    return _contact_views(
        list(_contacts().filter(passport=passport).order_by("-created_at", "-id")), actor
    )


def contacts_of_vacancy(
    *, vacancy: Vacancy, actor: User | AnonymousUser | None
) -> list[ContactView]:
    """The interest in and invitations for a vacancy, as its employer, advisers and the
    office may see them (what the person shared, nothing else)."""
    _deny(permissions.can_view_candidates(actor, vacancy))
    rows = (
        _contacts().filter(vacancy=vacancy, passport__isnull=False).order_by("-created_at", "-id")
    )
    return _contact_views(list(rows), actor)


def contact_get(*, contact_id: int, actor: User | AnonymousUser | None) -> MatchContact:
    contact = _contacts().filter(pk=contact_id).first()
    if contact is None:
        raise SkillsError(_("There is no such contact."), code="contact")
    _deny(permissions.can_view_contact(actor, contact))
    return contact


@dataclass
class ContactFigures:
    """What came of the matches in one sector or municipality: no person in it."""

    label: str
    contacts: int
    conversations: int  # talked, hired or not hired
    hired: int
    not_hired: int

    @property
    def conversation_share(self) -> float | None:
        return self.conversations / self.contacts if self.contacts else None


def contact_figures(*, actor: User | AnonymousUser | None) -> dict:
    """Placements and conversations per sector and per municipality, and how often a
    suggestion shown led to a contact and a conversation: aggregates only, erased people
    included (anonymised). For advisers and the office (the matching plan and dashboard)."""
    _deny(permissions.can_view_matching_plan(actor))
    rows = list(
        MatchContact.objects.exclude(vacancy__isnull=True, module__isnull=False).values_list(
            "sector__name_nl", "municipality__name", "outcome"
        )
    )

    def figures(key_index: int) -> list[ContactFigures]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            grouped[row[key_index] or _("unknown")].append(row[2])
        return sorted(
            (
                ContactFigures(
                    label=label,
                    contacts=len(outcomes),
                    conversations=sum(1 for o in outcomes if o in CONVERSATION_OUTCOMES),
                    hired=sum(1 for o in outcomes if o == "hired"),
                    not_hired=sum(1 for o in outcomes if o == "not_hired"),
                )
                for label, outcomes in grouped.items()
            ),
            key=lambda f: (-f.contacts, f.label),
        )

    shown = (
        MatchLog.objects.filter(
            kind__in=[MatchKind.CANDIDATES, MatchKind.VACANCIES], vacancy__isnull=False
        )
        .values("passport_id", "vacancy_id")
        .distinct()
        .count()
    )
    total = len(rows)
    conversations = sum(1 for r in rows if r[2] in CONVERSATION_OUTCOMES)
    return {
        "by_sector": figures(0),
        "by_municipality": figures(1),
        "suggestions_shown": shown,
        "contacts": total,
        "conversations": conversations,
        "hired": sum(1 for r in rows if r[2] == "hired"),
        "from_suggestion": MatchContact.objects.filter(match_log__isnull=False).count(),
    }
