"""Mobility paths: from an occupation (or a passport) to occupations ranked by how much of
their skill profile the source already has, directly or through a related skill."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from economie071.skills.engine.scoring import explain_pair
from economie071.skills.engine.taxonomy import Taxonomy
from economie071.skills.engine.types import MobilityPath, OccupationProfile, ScoringConfig

ESSENTIAL_WEIGHT = 2  # in the target occupation: an essential skill counts twice
OPTIONAL_WEIGHT = 1
# The source's skills as levels of the matching rule, every target skill asked at level 2:
# a skill the source has counts fully, an optional skill of the source occupation half
# (level 1 of 2), and a related skill the relation's credit of that.
HELD_LEVEL = 2
SOURCE_OPTIONAL_LEVEL = 1
TARGET_LEVEL = 2
# A target needs at least this many of its skills shared or credited through a relation.
MIN_EVIDENCE = 2
# Added to every target's total weight, so that one or two skills shared with a small
# profile do not outrank a broad overlap with a full one (in weight units: 6 = three
# essential skills the source does not have).
PROFILE_PRIOR = 6
# Targets of one ISCO unit group with at least this share of their skills in common
# (Jaccard) are variants of one path.
VARIANT_OVERLAP = 0.9

_NO_TAXONOMY = Taxonomy(())
_CONFIG = ScoringConfig(idf=False)


def _source_levels(
    occupations: Mapping[int, OccupationProfile],
    source: int | Mapping[int, int],
    transversal: Collection[int],
) -> tuple[dict[int, int], int | None]:
    if isinstance(source, Mapping):
        return {int(s): HELD_LEVEL for s in source}, None
    if source not in occupations:
        raise KeyError(f"occupation {source} is unknown")
    src = occupations[source]
    # a transversal skill transfers whole, also where the source lists it as optional
    held = {s: HELD_LEVEL if s in transversal else SOURCE_OPTIONAL_LEVEL for s in src.optional}
    held.update({s: HELD_LEVEL for s in src.essential})
    return held, source


def mobility_paths(
    occupations: Mapping[int, OccupationProfile],
    source: int | Mapping[int, int],
    k: int = 20,
    sector_of: Mapping[int, int] | None = None,
    *,
    source_sector: int | None = None,
    taxonomy: Taxonomy | None = None,
    transversal: Collection[int] = frozenset(),
    isco_of: Mapping[int, str] | None = None,
    target_sectors: Collection[int] | None = None,
    exclude: Collection[int] = (),
    min_evidence: int = MIN_EVIDENCE,
) -> list[MobilityPath]:
    """Occupations ranked by how much of their skill profile the source already has.

    Every skill of the target is a requirement at level 2, weighing 2 (essential) or 1
    (optional). The source holds its skills at level 2 (a passport's skills, an essential
    or transversal skill of the source occupation) or 1 (another optional skill of the
    source occupation). Each requirement earns the credit of the matching rule
    (`explain_pair`: held level / 2, or a related skill's relation credit times that), so
    mobility and matching credit related skills the same way. At least one essential skill
    of the target must earn credit, and at least `min_evidence` of its skills.

    score = 100 x sum(weight x credit) / (sum(weight) + PROFILE_PRIOR)

    Ties: fewer essential skills to learn first, then the lower id. `target_sectors` keeps
    targets of those sectors only (by `sector_of`); `exclude` leaves occupations out (the
    source occupation always is). Near-identical targets (the same ISCO unit group in
    `isco_of`, at least VARIANT_OVERLAP of their skills in common) are folded into the
    better one's `variants`; the k paths returned are k distinct paths.
    """
    sector_of = sector_of or {}
    taxonomy = taxonomy or _NO_TAXONOMY
    transversal = frozenset(transversal)
    held, source_id = _source_levels(occupations, source, transversal)
    if source_id is not None and source_sector is None:
        source_sector = sector_of.get(source_id)
    if not held:
        return []
    # Only targets with enough skills the source has or is related to can qualify.
    reachable = set(held)
    for skill in held:
        reachable.update(other for other, _kind, _credit in taxonomy.neighbours(skill))
    wanted = None if target_sectors is None else frozenset(target_sectors)
    skip = set(exclude)
    if source_id is not None:
        skip.add(source_id)
    scored = []
    for occ_id, prof in occupations.items():
        if occ_id in skip or (wanted is not None and sector_of.get(occ_id) not in wanted):
            continue
        skills = prof.essential | prof.optional
        if len(skills & reachable) < min_evidence:
            continue
        requirements = tuple(
            (s, TARGET_LEVEL, s in prof.essential)
            for s in sorted(skills, key=lambda s: (s not in prof.essential, s))
        )
        weights = [ESSENTIAL_WEIGHT if must else OPTIONAL_WEIGHT for _s, _l, must in requirements]
        result = explain_pair(held, requirements, None, taxonomy, _CONFIG, weights=weights)
        if result is None:
            continue
        share, explanation = result
        assert explanation is not None  # asked for with explain=True (the default)
        if len(explanation.matched) + len(explanation.partial) < min_evidence:
            continue
        total = sum(weights)
        scale = total / (total + PROFILE_PRIOR)
        to_learn = tuple(sorted(explanation.missing_must))
        scored.append((-share * scale, len(to_learn), occ_id, scale, explanation, to_learn))
    scored.sort(key=lambda t: t[:3])
    isco_of = isco_of or {}
    paths: list[MobilityPath] = []
    variants: dict[int, list[int]] = {}
    by_group: dict[str, list[int]] = {}
    for neg_score, _n, occ_id, scale, explanation, to_learn in scored:
        group = (isco_of.get(occ_id) or "")[:4]
        skills = occupations[occ_id].essential | occupations[occ_id].optional
        main = next(
            (
                rep
                for rep in by_group.get(group, ())
                if len(group) == 4 and _overlap(skills, occupations[rep]) >= VARIANT_OVERLAP
            ),
            None,
        )
        if main is not None:
            variants[main].append(occ_id)
            continue
        if len(paths) >= k:
            continue  # only looking for variants of the paths already chosen
        by_group.setdefault(group, []).append(occ_id)
        variants[occ_id] = []
        sector = sector_of.get(occ_id)
        shared = tuple(sorted(m.skill for m in explanation.matched))
        related = tuple(sorted(explanation.partial, key=lambda p: (p.skill, p.via)))
        credited_skills = set(shared) | {p.skill for p in related}
        paths.append(
            MobilityPath(
                occupation=occ_id,
                score=-neg_score,
                shared=shared,
                to_learn=to_learn,
                same_sector=source_sector is not None and sector == source_sector,
                to_learn_optional=tuple(sorted(explanation.missing_nice)),
                related=related,
                gains={s: g * scale for s, g in explanation.gains.items()},
                transferable=tuple(sorted(credited_skills & transversal)),
            )
        )
    return [_with_variants(p, tuple(variants.get(p.occupation, ()))) for p in paths]


def _overlap(skills: frozenset[int], other: OccupationProfile) -> float:
    theirs = other.essential | other.optional
    union = len(skills | theirs)
    return len(skills & theirs) / union if union else 0.0


def _with_variants(path: MobilityPath, variants: tuple[int, ...]) -> MobilityPath:
    return replace(path, variants=variants) if variants else path
