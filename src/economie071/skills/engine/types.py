"""The value types the engine takes and gives back (the contract with the Django app)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

LEVEL_MIN = 1
LEVEL_MAX = 4
RELATION_KINDS = ("same_group", "broader", "narrower", "related")
INVERSE_KIND = {
    "same_group": "same_group",
    "broader": "narrower",
    "narrower": "broader",
    "related": "related",
}


@dataclass(frozen=True, slots=True)
class Requirement:
    """One skill a demand asks for, with the minimum level and must/nice."""

    skill: int
    min_level: int = 1
    must: bool = True


@dataclass(frozen=True, slots=True)
class Demand:
    """A vacancy's confirmed skills demand."""

    id: int
    requirements: tuple[Requirement, ...]
    municipality: int | None = None
    hours: int | None = None
    sector: int | None = None
    occupation: int | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """A passport that may be matched (the person gave consent)."""

    id: int
    skills: Mapping[int, int]
    municipalities: frozenset[int] = frozenset()
    min_hours: int | None = None
    max_hours: int | None = None
    sectors: frozenset[int] = frozenset()
    discoverable: bool = True


@dataclass(frozen=True, slots=True)
class Relation:
    """Partial credit between two skills: `b` is `kind` of `a` (e.g. b is broader than a).

    The relation works both ways with the same credit: holding `b` earns `credit` of a
    requirement for `a` (stated as `kind`), holding `a` earns it for `b` (stated as the
    inverse kind: broader <-> narrower).
    """

    a: int
    b: int
    kind: str
    credit: float


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """The knobs of the scoring rule (the defaults are the documented rule).

    must_weight / nice_weight: relative weight of a must-have and a nice-to-have skill
    (integers up to 100, so that every score is computed exactly: 5 and 2 mean a
    nice-to-have weighs 0.4 of a must-have). idf: weigh skills by rarity over the loaded
    profiles; when False every skill weighs 1. skill_weights: fixed weights per skill (at
    most 1000) that replace the rarity weight of those skills. open_threshold: the score
    from which a demand counts as "open" to a person in the gap plan.
    """

    must_weight: int = 5
    nice_weight: int = 2
    idf: bool = True
    skill_weights: Mapping[int, float] | None = None
    open_threshold: float = 50.0

    def __post_init__(self):
        if self.must_weight < 1 or self.nice_weight < 1:
            raise ValueError("must_weight and nice_weight must be positive integers")
        if int(self.must_weight) != self.must_weight or int(self.nice_weight) != self.nice_weight:
            raise ValueError("must_weight and nice_weight must be integers")
        if self.must_weight > 100 or self.nice_weight > 100:
            raise ValueError("must_weight and nice_weight must be at most 100")
        for skill, weight in (self.skill_weights or {}).items():
            # bounded, so that every sum of weights and credits stays exact in int64
            if not 0 < weight <= 1000:
                raise ValueError(
                    f"skill_weights[{skill}] must be above 0 and at most 1000, not {weight!r}"
                )


# The three parts of an explanation below are named tuples rather than frozen dataclasses:
# every match shown comes with about a dozen of them, and a named tuple is made several
# times faster (the matching benchmark's explained top 20 spends a fifth of its time here).


class SkillMatch(NamedTuple):
    """A required skill the person holds themself (possibly below the required level)."""

    skill: int
    required: int
    held: int
    must: bool
    contribution: float  # score points this skill brings


class PartialCredit(NamedTuple):
    """A required skill credited through a related skill the person holds."""

    skill: int
    via: int
    kind: str  # how the held skill relates to the required one
    credit: float  # share of the skill's weight earned, 0..1
    contribution: float
    must: bool = True


class LevelShortfall(NamedTuple):
    skill: int
    required: int
    held: int


@dataclass(frozen=True)
class Explanation:
    matched: tuple[SkillMatch, ...]
    partial: tuple[PartialCredit, ...]
    missing_must: tuple[int, ...]
    missing_nice: tuple[int, ...]
    level_shortfalls: tuple[LevelShortfall, ...]
    gains: Mapping[int, float]  # skill -> score points gained if this gap were closed
    weights: Mapping[int, int] = field(default_factory=dict)  # skill -> weight used

    def as_dict(self) -> dict:
        """Plain JSON-able form (for the match log and the API)."""
        return {
            "matched": [
                {
                    "skill": m.skill,
                    "required": m.required,
                    "held": m.held,
                    "must": m.must,
                    "contribution": round(m.contribution, 4),
                }
                for m in self.matched
            ],
            "partial": [
                {
                    "skill": p.skill,
                    "via": p.via,
                    "kind": p.kind,
                    "credit": p.credit,
                    "must": p.must,
                    "contribution": round(p.contribution, 4),
                }
                for p in self.partial
            ],
            "missing_must": list(self.missing_must),
            "missing_nice": list(self.missing_nice),
            "level_shortfalls": [
                {"skill": s.skill, "required": s.required, "held": s.held}
                for s in self.level_shortfalls
            ],
            "gains": {str(k): round(v, 4) for k, v in self.gains.items()},
            "weights": {str(k): v for k, v in self.weights.items()},
        }


@dataclass(frozen=True)
class Match:
    profile: int
    demand: int
    score: float  # 0..100, exact for ordering; round to 0.1 for display
    explanation: Explanation | None = None

    @property
    def display_score(self) -> float:
        return round(self.score, 1)


# --- mobility and training ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OccupationProfile:
    essential: frozenset[int]
    optional: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class MobilityPath:
    occupation: int
    score: float  # 0..100: weighted share of the target's skills the source already has
    shared: tuple[int, ...]  # target skills the source has itself
    to_learn: tuple[int, ...]  # essential skills of the target the source lacks
    same_sector: bool
    to_learn_optional: tuple[int, ...] = ()
    # target skills credited through a related skill the source has (skill, via, kind)
    related: tuple[PartialCredit, ...] = ()
    # target skill -> score points the path would gain if the source had it
    gains: Mapping[int, float] = field(default_factory=dict)
    # shared or related target skills that are transversal (transferable across sectors)
    transferable: tuple[int, ...] = ()
    # near-identical occupations (same ISCO unit group, nearly the same skills), best first
    variants: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Module:
    id: int
    skills: Mapping[int, int]  # skill -> level taught
    duration_hours: float
    cost: Decimal | float
    workplace_based: bool = False


@dataclass(frozen=True)
class CoverPlan:
    modules: tuple[int, ...]
    covered: frozenset[int]
    uncovered: frozenset[int]  # required skills no module teaches at the missing level
    total_hours: float
    total_cost: Decimal
    exact: bool = True  # False: greedy, within the stated bound of the optimum
    bound: float = 1.0  # the plan costs at most `bound` times the optimum


@dataclass(frozen=True)
class GapOption:
    modules: tuple[int, ...]
    total_hours: float
    total_cost: Decimal
    opened: tuple[int, ...]
    score_changes: Mapping[int, tuple[float | None, float]]


def frozen_mapping(data: Mapping) -> Mapping:
    return MappingProxyType(dict(data))
