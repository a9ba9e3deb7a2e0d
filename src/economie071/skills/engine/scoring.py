"""The scoring rule, in one place: weights, credits, filters, and the explained score of
one pair. The index (index.py) computes exactly the same integers with numpy; the tests
check the two against each other.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from economie071.skills.engine.taxonomy import Taxonomy
from economie071.skills.engine.types import (
    LEVEL_MAX,
    LEVEL_MIN,
    Demand,
    Explanation,
    LevelShortfall,
    Match,
    PartialCredit,
    Profile,
    Requirement,
    ScoringConfig,
    SkillMatch,
    frozen_mapping,
)

SCORING_RULE = """\
How a passport is scored against a vacancy's skills demand (0 to 100)

1. Hard filters first. There is no match at all (not a low score) when the vacancy's
   municipality is not among the places the person accepts, when the vacancy's hours per
   week fall outside the person's minimum and maximum, or when the vacancy's sector is not
   among the person's preferred sectors (an empty preference accepts everything). A person
   with no skills never matches. Employers only see people who chose to be findable.
2. Every skill the vacancy asks for has a weight: its rarity weight times 5 for a
   must-have skill or times 2 for a nice-to-have skill. The rarity weight is
   1 + ln((1 + N) / (1 + n)), where N is the number of passports in the matching pool and
   n the number of them holding the skill: a skill almost everyone has weighs about 1, a
   rare one up to about 1 + ln(N). (Rounded to 0.001.)
3. For each required skill the person earns a credit between 0 and 1:
   - holding the skill at or above the required level: 1;
   - holding it below the required level: held level / required level (a level shortfall);
   - not holding it but holding a related skill: the relation's credit times the same
     level fraction, where a broader or narrower skill in the ESCO hierarchy earns 0.5,
     an ESCO skill-to-skill relation 0.4 and a skill of the same skill group 0.25 (these
     are defaults the platform may set differently; the explanation states the relation);
   - the best of these counts; otherwise 0 (a missing skill).
   Credits are rounded to 0.001.
4. Score = 100 x (sum of weight x credit) / (sum of all weights). The vacancy must have at
   least one must-have skill credited (when it has must-haves); otherwise there is no match.
5. Ordering: highest score first; equal scores by the lower id, so the order never
   depends on chance. The explanation lists the skills matched, credited through related
   skills, missing (must-have and nice-to-have apart), level shortfalls, and for every gap
   how many points the score would rise if it were closed (with the same weights).
No age, gender, nationality or other protected attribute is stored or used.
"""


def idf_weight(n_profiles: int, df: int) -> int:
    """Rarity weight in thousandths: round(1000 * (1 + ln((1 + N) / (1 + df))))."""
    return math.floor(1000.0 * (1.0 + math.log((1.0 + n_profiles) / (1.0 + df))) + 0.5)


def fixed_weight(weight: float) -> int:
    return max(1, math.floor(1000.0 * weight + 0.5))


def level_credit(kappa_milli: int, held: int, required: int) -> int:
    """Credit in thousandths: kappa * min(held, required) / required, rounded half up."""
    if held <= 0:
        return 0
    h = held if held < required else required
    return (kappa_milli * h * 2 + required) // (2 * required)


def check_level(level, what: str) -> int:
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValueError(f"{what}: level must be a whole number 1..4, not {level!r}")
    if not LEVEL_MIN <= level <= LEVEL_MAX:
        raise ValueError(f"{what}: level must be between 1 and 4, not {level}")
    return level


def normalize_requirements(requirements: Iterable[Requirement], what: str = "demand"):
    """Merge repeated skills (must wins, highest level wins) and check levels.

    Returns a tuple of (skill, min_level, must) in first-appearance order.
    """
    merged: dict[int, list] = {}
    for req in requirements:
        level = check_level(req.min_level, f"{what}, skill {req.skill}")
        old = merged.get(req.skill)
        if old is None:
            merged[req.skill] = [req.skill, level, bool(req.must)]
        else:
            old[1] = max(old[1], level)
            old[2] = old[2] or bool(req.must)
    return tuple(tuple(v) for v in merged.values())


def check_profile_skills(profile: Profile) -> dict[int, int]:
    return {
        int(s): check_level(level, f"profile {profile.id}, skill {s}")
        for s, level in profile.skills.items()
    }


def passes_filters(profile: Profile, demand: Demand) -> bool:
    """The hard filters: municipality, hours and sector."""
    if (
        demand.municipality is not None
        and profile.municipalities
        and demand.municipality not in profile.municipalities
    ):
        return False
    if demand.hours is not None:
        if profile.min_hours is not None and demand.hours < profile.min_hours:
            return False
        if profile.max_hours is not None and demand.hours > profile.max_hours:
            return False
    return not (
        demand.sector is not None and profile.sectors and demand.sector not in profile.sectors
    )


def related_held(held: Mapping[int, int], requirements, taxonomy: Taxonomy):
    """required skill -> [(held skill, kind, kappa)] for the related skills a person holds."""
    out: dict[int, list] = {}
    for skill, _level, _must in requirements:
        lst = [(o, kind, kappa) for o, kind, kappa in taxonomy.neighbours(skill) if o in held]
        if lst:
            out[skill] = lst
    return out


def explain_pair(
    held: Mapping[int, int],
    requirements,
    weight_of: Callable[[int], int] | None,
    taxonomy: Taxonomy,
    config: ScoringConfig,
    *,
    explain: bool = True,
    weights=None,
    related: Mapping[int, list] | None = None,
) -> tuple[float, Explanation | None] | None:
    """Score held skills against normalized requirements; None when it is no match.

    The reference implementation of steps 2-4 of the rule. `weights` (one per requirement)
    and `related` (see related_held) may be given precomputed by the index.
    """
    if not held or not requirements:
        return None
    if weights is None:
        if weight_of is None:
            raise ValueError("explain_pair needs weights or weight_of")
        weights = [
            weight_of(skill) * (config.must_weight if must else config.nice_weight)
            for skill, _level, must in requirements
        ]
    if related is None:
        related = related_held(held, requirements, taxonomy)
    rows = []
    total = 0
    acc = 0
    any_must = False
    must_hit = False
    any_hit = False
    held_get, related_get = held.get, related.get  # called once per requirement: hot
    for (skill, level, must), w in zip(requirements, weights, strict=True):
        total += w
        h = held_get(skill, 0)
        c_direct = level_credit(1000, h, level) if h > 0 else 0
        best = None  # (credit, kappa, -skill, skill, kind)
        others = related_get(skill)
        if others:
            for other, kind, kappa in others:
                c = level_credit(kappa, held[other], level)
                cand = (c, kappa, -other, other, kind)
                if best is None or cand[:3] > best[:3]:
                    best = cand
        if best is not None and best[0] > c_direct:
            credit = best[0]
        else:
            credit = c_direct
            best = None
        acc += w * credit
        any_must = any_must or must
        if credit > 0:
            any_hit = True
            must_hit = must_hit or must
        rows.append((skill, level, must, w, h, best, credit))
    if (any_must and not must_hit) or not any_hit:
        return None
    denom = 10 * total
    score = acc / denom
    if not explain:
        return score, None
    matched, partial, miss_must, miss_nice, short = [], [], [], [], []
    gains: dict[int, float] = {}
    weight_by_skill: dict[int, int] = {}
    for skill, level, must, w, h, best, credit in rows:
        weight_by_skill[skill] = w
        # positional arguments, in the order of the fields: this runs for every result shown
        if best is not None:
            partial.append(
                PartialCredit(skill, best[3], best[4], credit / 1000, w * credit / denom, must)
            )
        elif h > 0:
            matched.append(SkillMatch(skill, level, h, must, w * credit / denom))
        elif must:
            miss_must.append(skill)
        else:
            miss_nice.append(skill)
        if 0 < h < level:
            short.append(LevelShortfall(skill, level, h))
        if credit < 1000:
            gains[skill] = (acc + w * (1000 - credit)) / denom - score
    explanation = Explanation(
        matched=tuple(matched),
        partial=tuple(partial),
        missing_must=tuple(miss_must),
        missing_nice=tuple(miss_nice),
        level_shortfalls=tuple(short),
        gains=frozen_mapping(gains),
        weights=frozen_mapping(weight_by_skill),
    )
    return score, explanation


def score_pair(
    profile: Profile,
    demand: Demand,
    taxonomy: Taxonomy,
    weight_of: Callable[[int], int],
    config: ScoringConfig | None = None,
    *,
    explain: bool = True,
) -> Match | None:
    """One pair with the full rule (filters included), without an index."""
    config = config or ScoringConfig()
    held = check_profile_skills(profile)
    requirements = normalize_requirements(demand.requirements, f"demand {demand.id}")
    if not passes_filters(profile, demand):
        return None
    result = explain_pair(held, requirements, weight_of, taxonomy, config, explain=explain)
    if result is None:
        return None
    return Match(profile=profile.id, demand=demand.id, score=result[0], explanation=result[1])


def weights_from_profiles(
    profiles: Iterable[Profile], config: ScoringConfig | None = None
) -> Callable[[int], int]:
    """The weight function of the rule for a given pool of profiles (for tests, small use)."""
    config = config or ScoringConfig()
    profiles = list(profiles)
    df: dict[int, int] = {}
    for p in profiles:
        for s in p.skills:
            df[s] = df.get(s, 0) + 1
    n = len(profiles)
    fixed = dict(config.skill_weights or {})

    def weight_of(skill: int) -> int:
        if skill in fixed:
            return fixed_weight(fixed[skill])
        if not config.idf:
            return 1000
        return idf_weight(n, df.get(skill, 0))

    return weight_of
