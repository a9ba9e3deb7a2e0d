"""The matching index of this process, built from the database and kept in step with it.

The engine (`skills.engine`) is plain Python and knows only ids. This module turns the
database into the engine's inputs and keeps one `MatchIndex` per process:

- what goes in: passports with current consent (their `discoverable` choice passed on, so
  vacancy → candidates leaves out the people who do not want to be found, while the person
  still sees their own vacancies); open vacancies with at least one confirmed skill;
  partial credit between skills from ESCO (broader/narrower skills, skill-to-skill
  relations, small skill groups);
- keeping in step: every service that changes a passport, a vacancy, a consent or erases
  a person writes a `ChangeJournal` row in its own transaction. Before each query the
  process applies the rows after the last id it saw (`MatchingState.index()`), so several
  application servers on one database give the same answers. Ids of transactions that
  were still open when the rows around them were read are looked at again for a while
  (a sequence hands out ids in begin order, not commit order). A taxonomy change (ESCO
  import, own skills) rebuilds the index.

`get_index()` is what selectors call; `get_analyser()` gives the vacancy-text analyser
(occupation detection and skill extraction, `skills.extraction`) over the skill and occupation
names in the database plus our own Dutch vocabulary, kept per process until the taxonomy
changes. Its index is cached in a file under `SKILLS_EXTRACTION_CACHE_DIR` (default
var/cache/), named after the taxonomy's version and the vocabulary files, so a fresh process
loads it in well under a second instead of building it (seconds); the ESCO import writes it.
`reset()` forgets everything (tests, or after restoring a database).
"""

from __future__ import annotations

import datetime
import gc
import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from economie071.core.metrics import MATCHING_INDEX_BUILT, MATCHING_INDEX_SYNCED
from economie071.skills import engine
from economie071.skills.constants import (
    EXPERIENCE_LEVELS,
    MIN_DEMAND_MUST,
    MIN_DEMAND_SKILLS,
    RELATION_CREDIT,
    SAME_GROUP_MAX_SKILLS,
    DemandStatus,
    JournalEntity,
    RelationType,
    ReuseLevel,
    VacancyStatus,
)
from economie071.skills.models import (
    ChangeJournal,
    DemandSkill,
    ModuleSkill,
    Occupation,
    OccupationSkill,
    Passport,
    PassportSkill,
    Sector,
    Skill,
    SkillLabel,
    SkillRelation,
    TrainingModule,
    Vacancy,
    WorkExperience,
)

# Journal rows older than this are pruned (skills_prune_journal); a process idle for longer
# rebuilds its index once.
JOURNAL_KEEP_DAYS = 7

# How long an id skipped by the journal (a transaction still open, or rolled back) is
# looked at again before it is given up.
GAP_TTL_SECONDS = 300.0


def journal(entity: str, object_id: int) -> ChangeJournal:
    """Record a change for every process's index; call inside the service's transaction."""
    return ChangeJournal.objects.create(entity=entity, object_id=object_id)


def journal_prune(*, keep_days: int = JOURNAL_KEEP_DAYS, now=None) -> int:
    """Delete journal rows older than `keep_days`, but never the newest row or the newest
    taxonomy row (the versions every process compares with). A process that last looked
    before the cut finds its row gone and rebuilds its index at its next query, which
    gives the same answers. Returns the number of rows deleted."""
    if keep_days < 1:
        raise ValueError(f"keep_days: at least 1 day, not {keep_days!r}")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=keep_days)
    newest = ChangeJournal.objects.order_by("-id").values_list("id", flat=True)[:1]
    taxonomy = (
        ChangeJournal.objects.filter(entity=JournalEntity.TAXONOMY)
        .order_by("-id")
        .values_list("id", flat=True)[:1]
    )
    keep = [*newest, *taxonomy]
    deleted, _ = ChangeJournal.objects.filter(created_at__lt=cutoff).exclude(id__in=keep).delete()
    return deleted


# --- From the database to the engine ----------------------------------------------------


def sector_map() -> dict[int, int]:
    """Occupation id -> sector id, by the longest ISCO prefix of any sector."""
    prefixes = sorted(
        (
            (str(prefix), sector_id)
            for sector_id, codes in Sector.objects.values_list("id", "isco_prefixes")
            for prefix in codes or []
        ),
        key=lambda item: -len(item[0]),
    )
    if not prefixes:
        return {}
    result = {}
    for occupation_id, code in Occupation.objects.exclude(isco_code="").values_list(
        "id", "isco_code"
    ):
        for prefix, sector_id in prefixes:
            if code.startswith(prefix):
                result[occupation_id] = sector_id
                break
    return result


def sector_of_isco(code: str, sectors: Iterable[Sector] | None = None) -> Sector | None:
    """The sector an ISCO code belongs to (longest prefix), or None."""
    best, best_len = None, -1
    for sector in sectors if sectors is not None else Sector.objects.all():
        for prefix in sector.isco_prefixes or []:
            if code and code.startswith(str(prefix)) and len(str(prefix)) > best_len:
                best, best_len = sector, len(str(prefix))
    return best


def build_taxonomy() -> engine.Taxonomy:
    """All skills, with the relations that earn partial credit."""
    skills = list(Skill.objects.values_list("id", flat=True))
    return engine.Taxonomy(skills, relations())


def relations() -> list[engine.Relation]:
    """Partial-credit relations: a skill and its broader skill ("broader": `a` is the
    narrower, `b` the broader), ESCO skill-to-skill relations ("related") and skills that
    share a small skill group ("same_group"). One relation per pair: the strongest."""
    best: dict[tuple[int, int], tuple[float, str, int, int]] = {}

    def add(a: int, b: int, kind: str) -> None:
        if a == b:
            return
        key = (min(a, b), max(a, b))
        credit = RELATION_CREDIT[kind]
        if key not in best or credit > best[key][0]:
            best[key] = (credit, kind, a, b)

    for narrower, broader in Skill.broader.through.objects.values_list(
        "from_skill_id", "to_skill_id"
    ):
        add(narrower, broader, "broader")
    for a, b in SkillRelation.objects.values_list("skill_id", "related_id"):
        add(a, b, "related")
    members: dict[int, list[int]] = defaultdict(list)
    for skill_id, group_id in Skill.groups.through.objects.values_list("skill_id", "skillgroup_id"):
        members[group_id].append(skill_id)
    for skill_ids in members.values():
        if len(skill_ids) <= SAME_GROUP_MAX_SKILLS:
            for a, b in itertools.combinations(sorted(skill_ids), 2):
                add(a, b, "same_group")
    return [
        engine.Relation(a=a, b=b, kind=kind, credit=credit)
        for (credit, kind, a, b) in (best[key] for key in sorted(best))
    ]


def profiles(passport_ids: Iterable[int] | None = None) -> dict[int, engine.Profile]:
    """Engine profiles of the passports with current consent (all, or the given ids): the
    skills the person states, and the essential skills of the occupations they worked in at
    the level their years give (`experience_levels`) where they state nothing about them."""
    passports = Passport.objects.filter(consent_withdrawn_at__isnull=True)
    if passport_ids is not None:
        passports = passports.filter(pk__in=list(passport_ids))
    rows = {
        pk: (discoverable, min_hours, max_hours)
        for pk, discoverable, min_hours, max_hours in passports.values_list(
            "id", "discoverable", "min_hours", "max_hours"
        )
    }
    if not rows:
        return {}
    ids = list(rows) if passport_ids is not None else None

    def scoped(qs, field="passport_id"):
        return qs.filter(**{f"{field}__in": ids}) if ids is not None else qs

    skills: dict[int, dict[int, int]] = defaultdict(dict)
    experience: dict[int, dict[int, int]] = defaultdict(dict)
    for pid, occupation_id, years in scoped(WorkExperience.objects).values_list(
        "passport_id", "occupation_id", "years"
    ):
        experience[pid][occupation_id] = years
    if experience:
        essential = essential_skills({o for by in experience.values() for o in by})
        for pid, by_occupation in experience.items():
            skills[pid].update(experience_levels(by_occupation, essential))
    # what the person states always wins over what their experience suggests
    for pid, skill_id, level in scoped(PassportSkill.objects).values_list(
        "passport_id", "skill_id", "level"
    ):
        skills[pid][skill_id] = level
    sectors: dict[int, set[int]] = defaultdict(set)
    for pid, sid in scoped(Passport.sectors.through.objects).values_list(
        "passport_id", "sector_id"
    ):
        sectors[pid].add(sid)
    places: dict[int, set[int]] = defaultdict(set)
    for pid, mid in scoped(Passport.municipalities.through.objects).values_list(
        "passport_id", "municipality_id"
    ):
        places[pid].add(mid)
    return {
        pid: engine.Profile(
            id=pid,
            skills=skills.get(pid, {}),
            municipalities=frozenset(places.get(pid, ())),
            min_hours=min_hours,
            max_hours=max_hours,
            sectors=frozenset(sectors.get(pid, ())),
            discoverable=discoverable,
        )
        for pid, (discoverable, min_hours, max_hours) in rows.items()
        if pid in rows
    }


def experience_level(years: int) -> int:
    """The level work experience gives an occupation's essential skills (EXPERIENCE_LEVELS:
    under two years 1, two or three years 2, four years or more 3)."""
    return next(level for at_least, level in EXPERIENCE_LEVELS if years >= at_least)


def experience_levels(
    years_by_occupation: dict[int, int], essential: dict[int, set[int]]
) -> dict[int, int]:
    """Skill -> level from work experience: the essential skills of each occupation the
    person worked in, at the level of their years there (the highest over occupations)."""
    levels: dict[int, int] = {}
    for occupation_id, years in years_by_occupation.items():
        level = experience_level(years)
        for skill_id in essential.get(occupation_id, ()):
            levels[skill_id] = max(level, levels.get(skill_id, 0))
    return levels


def essential_skills(occupation_ids: Iterable[int]) -> dict[int, set[int]]:
    """Occupation id -> its essential skills (one query)."""
    result: dict[int, set[int]] = defaultdict(set)
    for occupation_id, skill_id in OccupationSkill.objects.filter(
        occupation_id__in=list(occupation_ids), relation_type=RelationType.ESSENTIAL
    ).values_list("occupation_id", "skill_id"):
        result[occupation_id].add(skill_id)
    return result


def profile_for(passport: Passport) -> engine.Profile | None:
    """The engine profile of one passport; None without current consent."""
    return profiles([passport.pk]).get(passport.pk)


def demands(
    vacancy_ids: Iterable[int] | None = None,
    *,
    only_open: bool = True,
    sectors: dict[int, int] | None = None,
) -> dict[int, engine.Demand]:
    """Engine demands of the vacancies with at least one confirmed skill (open ones only,
    unless `only_open` is False: an employer may look at candidates before opening)."""
    vacancies = Vacancy.objects.all()
    if only_open:
        vacancies = vacancies.filter(status=VacancyStatus.OPEN)
    if vacancy_ids is not None:
        vacancies = vacancies.filter(pk__in=list(vacancy_ids))
    rows = {
        pk: (occupation_id, municipality_id, hours)
        for pk, occupation_id, municipality_id, hours in vacancies.values_list(
            "id", "occupation_id", "municipality_id", "hours"
        )
    }
    if not rows:
        return {}
    needs: dict[int, list[engine.Requirement]] = defaultdict(list)
    confirmed = DemandSkill.objects.filter(status=DemandStatus.CONFIRMED)
    if vacancy_ids is not None:
        confirmed = confirmed.filter(vacancy_id__in=list(rows))
    for vid, skill_id, min_level, must in confirmed.order_by("vacancy_id", "skill_id").values_list(
        "vacancy_id", "skill_id", "min_level", "must"
    ):
        if vid in rows:
            needs[vid].append(engine.Requirement(skill=skill_id, min_level=min_level, must=must))
    if sectors is None:
        sectors = sector_map()
    return {
        vid: engine.Demand(
            id=vid,
            requirements=tuple(needs[vid]),
            municipality=municipality_id,
            hours=hours,
            sector=sectors.get(occupation_id) if occupation_id else None,
            occupation=occupation_id,
        )
        for vid, (occupation_id, municipality_id, hours) in rows.items()
        if needs.get(vid) and (not only_open or demand_is_enough(needs[vid]))
    }


def demand_is_enough(requirements: Iterable[engine.Requirement]) -> bool:
    """Whether a demand is enough to be matched with (see vacancy_open): an open vacancy
    whose demand fell below it (a skill rejected after opening) takes part in no match."""
    requirements = list(requirements)
    must = sum(1 for r in requirements if r.must)
    return len(requirements) >= MIN_DEMAND_SKILLS and must >= MIN_DEMAND_MUST


def demand_for(vacancy: Vacancy) -> engine.Demand | None:
    """The engine demand of one vacancy whatever its status; None without confirmed skills."""
    return demands([vacancy.pk], only_open=False).get(vacancy.pk)


def occupation_profiles() -> dict[int, engine.OccupationProfile]:
    """Occupation id -> its essential and optional skills (for mobility paths)."""
    essential: dict[int, set[int]] = defaultdict(set)
    optional: dict[int, set[int]] = defaultdict(set)
    for occupation_id, skill_id, kind in OccupationSkill.objects.values_list(
        "occupation_id", "skill_id", "relation_type"
    ):
        (essential if kind == RelationType.ESSENTIAL else optional)[occupation_id].add(skill_id)
    return {
        oid: engine.OccupationProfile(
            essential=frozenset(essential.get(oid, ())), optional=frozenset(optional.get(oid, ()))
        )
        for oid in set(essential) | set(optional)
    }


def isco_codes() -> dict[int, str]:
    """Occupation id -> its ISCO code (for grouping near-identical mobility targets)."""
    return dict(Occupation.objects.exclude(isco_code="").values_list("id", "isco_code"))


def transversal_skills() -> frozenset[int]:
    """The skills that transfer across sectors: ESCO's transversal collection, skills of
    reuse level "transversal", and the skills the 21st-century skills cover."""
    from economie071.skills.models import CenturySkill, SkillCollection

    ids = set(
        SkillCollection.skills.through.objects.filter(
            skillcollection__slug="transversal"
        ).values_list("skill_id", flat=True)
    )
    ids.update(
        Skill.objects.filter(reuse_level=ReuseLevel.TRANSVERSAL).values_list("pk", flat=True)
    )
    ids.update(CenturySkill.skills.through.objects.values_list("skill_id", flat=True))
    return frozenset(ids)


def modules(skill_ids: Iterable[int] | None = None) -> dict[int, engine.Module]:
    """Engine modules of the offered training modules (those teaching any of `skill_ids`)."""
    offered = TrainingModule.objects.filter(active=True)
    if skill_ids is not None:
        offered = offered.filter(skills__skill_id__in=list(skill_ids)).distinct()
    rows = {
        pk: (hours, cost, workplace)
        for pk, hours, cost, workplace in offered.values_list(
            "id", "duration_hours", "cost", "workplace_based"
        )
    }
    taught: dict[int, dict[int, int]] = defaultdict(dict)
    for module_id, skill_id, level in ModuleSkill.objects.filter(
        module_id__in=list(rows)
    ).values_list("module_id", "skill_id", "level"):
        taught[module_id][skill_id] = level
    return {
        pk: engine.Module(
            id=pk,
            skills=taught[pk],
            duration_hours=float(hours),
            cost=cost,
            workplace_based=workplace,
        )
        for pk, (hours, cost, workplace) in sorted(rows.items())
        if taught.get(pk)
    }


# --- The state of this process -----------------------------------------------------------


@dataclass(frozen=True)
class MobilityData:
    occupations: dict[int, engine.OccupationProfile]
    isco: dict[int, str]
    transversal: frozenset[int]


class MatchingState:
    """One process's index and caches. Thread-safe; use the module's `get_index()`."""

    def __init__(self):
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            if getattr(self, "_analyser", None) is not None:
                gc.unfreeze()
            self._index: engine.MatchIndex | None = None
            self._last: tuple[int, object] | None = None  # (id, created_at) of last row seen
            self._gaps: dict[int, float] = {}  # skipped id -> when it was first skipped
            self._taxonomy_key: tuple | None = None
            self._analyser = None
            self._analyser_key: tuple | None = None
            self._occupations = None
            self._occupations_key: tuple | None = None
            self._sectors = None
            self.builds = 0  # how many times the index was built (for tests and logs)

    # The taxonomy's version: the last taxonomy journal row (id and time, so a database
    # that was rolled back or restored does not look unchanged).
    @staticmethod
    def taxonomy_key() -> tuple:
        row = (
            ChangeJournal.objects.filter(entity=JournalEntity.TAXONOMY)
            .order_by("-id")
            .values_list("id", "created_at")
            .first()
        )
        return row or (0, None)

    def index(self) -> engine.MatchIndex:
        """The index, brought up to date with the journal first."""
        with self._lock:
            if self._index is None or not self._catch_up():
                self._build()
                MATCHING_INDEX_BUILT.set_to_current_time()
            MATCHING_INDEX_SYNCED.set_to_current_time()
            return self._index

    def _build(self) -> None:
        with transaction.atomic():  # one snapshot on PostgreSQL (repeatable within reason)
            last = ChangeJournal.objects.order_by("-id").values_list("id", "created_at").first()
            self._taxonomy_key = self.taxonomy_key()
            self._sectors = sector_map()
            index = engine.MatchIndex(build_taxonomy())
            index.bulk_load(profiles().values(), demands(sectors=self._sectors).values())
        self._index = index
        self._last = last or (0, None)
        self._gaps = {}
        self.builds += 1
        # Changes committed while we read are applied again: upserts are idempotent.
        self._catch_up()

    def _catch_up(self) -> bool:
        """Apply journal rows after the last seen one; False when a rebuild is needed."""
        last_id, last_at = self._last
        rows = list(
            ChangeJournal.objects.filter(id__gte=last_id).values_list(
                "id", "entity", "object_id", "created_at"
            )
        )
        if last_id:
            if not rows or rows[0][0] != last_id or rows[0][3] != last_at:
                return False  # the journal went back: restored or rolled-back database
            rows = rows[1:]
        now = time.monotonic()
        if self._gaps:
            self._gaps = {i: t for i, t in self._gaps.items() if now - t < GAP_TTL_SECONDS}
            late = list(
                ChangeJournal.objects.filter(id__in=list(self._gaps)).values_list(
                    "id", "entity", "object_id", "created_at"
                )
            )
            for row in late:
                self._gaps.pop(row[0], None)
            rows = late + rows
        if not rows:
            return True
        expected = last_id + 1
        for row_id in sorted(r[0] for r in rows if r[0] > last_id):
            for missing in range(expected, row_id):
                self._gaps.setdefault(missing, now)
            expected = row_id + 1
        passports: set[int] = set()
        vacancies: set[int] = set()
        for _id, entity, object_id, _at in rows:
            if entity == JournalEntity.TAXONOMY:
                return False
            (passports if entity == JournalEntity.PASSPORT else vacancies).add(object_id)
        if passports:
            fresh = profiles(passports)
            for pid in sorted(passports):
                if pid in fresh:
                    self._index.upsert_profile(fresh[pid])
                else:
                    self._index.remove_profile(pid)
        if vacancies:
            fresh = demands(vacancies, sectors=self._sectors)
            for vid in sorted(vacancies):
                if vid in fresh:
                    self._index.upsert_demand(fresh[vid])
                else:
                    self._index.remove_demand(vid)
        newest = max(rows, key=lambda r: r[0])
        if newest[0] > last_id:
            self._last = (newest[0], newest[3])
        return True

    def sectors(self) -> dict[int, int]:
        self.index()
        return self._sectors

    def occupations(self) -> dict[int, engine.OccupationProfile]:
        return self.mobility_data().occupations

    def mobility_data(self) -> MobilityData:
        """What mobility paths need besides the index, kept until the taxonomy changes."""
        with self._lock:
            key = self.taxonomy_key()
            if self._occupations is None or key != self._occupations_key:
                self._occupations = MobilityData(
                    occupations=occupation_profiles(),
                    isco=isco_codes(),
                    transversal=transversal_skills(),
                )
                self._occupations_key = key
            return self._occupations

    def analyser(self):
        """The vacancy-text analyser over the database's skill and occupation names (nl, en),
        profiles and relations, plus our own Dutch vocabulary (see the module docstring)."""
        from economie071.skills import extraction

        with self._lock:
            key = self.taxonomy_key()
            if self._analyser is None or key != self._analyser_key:
                if self._analyser is not None:
                    self._analyser = None
                    gc.unfreeze()  # the old index may go: back under the collector
                index = extraction.load_or_build(
                    extraction_cache_dir(), taxonomy_fingerprint(key), taxonomy_data
                )
                # the index is millions of long-lived objects: kept out of the garbage
                # collector's full passes, which would otherwise pause a request for tenths
                # of a second now and then
                gc.freeze()
                self._analyser = extraction.VacancyAnalyser(index)
                self._analyser_key = key
            return self._analyser


_STATE = MatchingState()


def state() -> MatchingState:
    return _STATE


def get_index() -> engine.MatchIndex:
    return _STATE.index()


def get_analyser():
    return _STATE.analyser()


def get_extractor():
    """The analyser's skill matcher alone (labels and phrases, no occupation or ranking)."""
    return _STATE.analyser().index.extractor


def extraction_cache_dir():
    from django.conf import settings

    return settings.SKILLS_EXTRACTION_CACHE_DIR


def taxonomy_fingerprint(key: tuple | None = None) -> str:
    """The taxonomy's version as text: the database and its last taxonomy change."""
    from django.db import connection

    key = key or _STATE.taxonomy_key()
    last_id, at = key
    settings_dict = connection.settings_dict
    where = f"{connection.vendor}:{settings_dict.get('NAME')}"
    return f"db:{where}:{last_id}:{at.isoformat() if at else ''}"


def taxonomy_data():
    """The taxonomy in the database as the extraction package's plain TaxonomyData."""
    from economie071.skills import extraction
    from economie071.skills.models import OccupationLabel

    # The names of the platform's own skills (no ESCO URI) were chosen on purpose: their
    # alternative names own their words like preferred labels, before our generic phrases.
    own = set(Skill.objects.filter(uri__isnull=True).values_list("pk", flat=True))
    skill_labels = [
        extraction.LexiconEntry(
            skill=skill_id, label=text, lang=lang, kind="preferred" if skill_id in own else kind
        )
        for skill_id, text, lang, kind in SkillLabel.objects.values_list(
            "skill_id", "text", "lang", "kind"
        ).iterator(chunk_size=5000)
    ]
    occupation_labels = [
        extraction.LexiconEntry(skill=occ_id, label=text, lang=lang, kind=kind)
        for occ_id, text, lang, kind in OccupationLabel.objects.values_list(
            "occupation_id", "text", "lang", "kind"
        ).iterator(chunk_size=5000)
    ]
    for pk, label_nl, label_en in Occupation.objects.values_list("pk", "label_nl", "label_en"):
        for lang, text in (("nl", label_nl), ("en", label_en)):
            if text:  # own occupations have no OccupationLabel rows
                occupation_labels.append(
                    extraction.LexiconEntry(skill=pk, label=text, lang=lang, kind="preferred")
                )
    essential: dict[int, list[int]] = defaultdict(list)
    optional: dict[int, list[int]] = defaultdict(list)
    for occ_id, skill_id, kind in OccupationSkill.objects.values_list(
        "occupation_id", "skill_id", "relation_type"
    ).iterator(chunk_size=5000):
        (essential if kind == RelationType.ESSENTIAL else optional)[occ_id].append(skill_id)
    profiles = {
        occ: (tuple(essential.get(occ, ())), tuple(optional.get(occ, ())))
        for occ in set(essential) | set(optional)
    }
    related: dict[int, set[int]] = defaultdict(set)
    for a, b in itertools.chain(
        SkillRelation.objects.values_list("skill_id", "related_id").iterator(chunk_size=5000),
        Skill.broader.through.objects.values_list("from_skill_id", "to_skill_id").iterator(
            chunk_size=5000
        ),
    ):
        if a != b:
            related[a].add(b)
            related[b].add(a)
    return extraction.TaxonomyData(
        skill_labels=skill_labels,
        occupation_labels=occupation_labels,
        profiles=profiles,
        relations={k: tuple(sorted(v)) for k, v in related.items()},
        skill_ids=dict(Skill.objects.exclude(uri__isnull=True).values_list("uri", "pk")),
        occupation_ids=dict(Occupation.objects.exclude(uri__isnull=True).values_list("uri", "pk")),
        fingerprint=taxonomy_fingerprint(),
    )


def build_extraction_index() -> None:
    """Build (or load) this taxonomy's analyser now and write its cache file: the ESCO import
    calls it, so the first vacancy after an import is read without the build's wait."""
    _STATE.analyser()


def reset() -> None:
    """Forget this process's index and caches; the next query rebuilds them."""
    _STATE.reset()
