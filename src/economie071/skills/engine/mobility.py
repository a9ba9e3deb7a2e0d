"""Mobility paths: from an occupation (or a passport) to occupations ranked by skill overlap."""

from __future__ import annotations

from collections.abc import Mapping

from economie071.skills.engine.types import MobilityPath, OccupationProfile

ESSENTIAL_WEIGHT = 2  # in the target occupation: an essential skill counts twice
OPTIONAL_WEIGHT = 1
SOURCE_OPTIONAL_SHARE = 0.5  # an optional skill of the source occupation counts half


def mobility_paths(
    occupations: Mapping[int, OccupationProfile],
    source: int | Mapping[int, int],
    k: int = 20,
    sector_of: Mapping[int, int] | None = None,
    *,
    source_sector: int | None = None,
) -> list[MobilityPath]:
    """Occupations ranked by how much of their skill profile the source already has.

    score = 100 x sum over the target's skills of (target weight x held share) / sum of the
    target's weights, where the target weight is 2 for an essential and 1 for an optional
    skill, and the held share is 1 for a skill the source has (an essential skill of the
    source occupation, or any skill in the passport) and 0.5 for an optional skill of the
    source occupation. Ties: fewer essential skills to learn first, then the lower id.
    """
    sector_of = sector_of or {}
    if isinstance(source, Mapping):
        held = {int(s): 1.0 for s in source}
        source_id = None
    else:
        if source not in occupations:
            raise KeyError(f"occupation {source} is unknown")
        src = occupations[source]
        held = {s: SOURCE_OPTIONAL_SHARE for s in src.optional}
        held.update({s: 1.0 for s in src.essential})
        source_id = source
        if source_sector is None:
            source_sector = sector_of.get(source)
    if not held:
        return []
    # only occupations that share at least one skill can score
    by_skill: dict[int, list[int]] = {}
    for occ_id, prof in occupations.items():
        for s in prof.essential | prof.optional:
            by_skill.setdefault(s, []).append(occ_id)
    candidates = {o for s in held for o in by_skill.get(s, ())}
    candidates.discard(source_id)
    paths = []
    for occ_id in candidates:
        prof = occupations[occ_id]
        optional = prof.optional - prof.essential
        total = ESSENTIAL_WEIGHT * len(prof.essential) + OPTIONAL_WEIGHT * len(optional)
        if total == 0:
            continue
        got = sum(ESSENTIAL_WEIGHT * held.get(s, 0.0) for s in sorted(prof.essential))
        got += sum(OPTIONAL_WEIGHT * held.get(s, 0.0) for s in sorted(optional))
        if got <= 0:
            continue
        shared = tuple(sorted(s for s in prof.essential | optional if s in held))
        to_learn = tuple(sorted(s for s in prof.essential if s not in held))
        to_learn_opt = tuple(sorted(s for s in optional if s not in held))
        same = (
            source_sector is not None
            and sector_of.get(occ_id) is not None
            and sector_of.get(occ_id) == source_sector
        )
        paths.append(
            MobilityPath(
                occupation=occ_id,
                score=100.0 * got / total,
                shared=shared,
                to_learn=to_learn,
                same_sector=bool(same),
                to_learn_optional=to_learn_opt,
            )
        )
    paths.sort(key=lambda p: (-p.score, len(p.to_learn), p.occupation))
    return paths[:k]
