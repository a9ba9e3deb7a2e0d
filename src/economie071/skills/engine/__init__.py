"""The House of Skills matching engine: plain Python + numpy, no Django.

Scores passports (Profile) against vacancies' skills demands (Demand) with the rule in
SCORING_RULE (documented in docs/skills-matching.md), keeps an index that answers top-k
both ways and takes updates in place (MatchIndex), and plans mobility (mobility_paths) and
training (training_cover, gap_plan).
"""

from economie071.skills.engine.index import (
    DemandArrays,
    MatchIndex,
    ProfileArrays,
    demands_to_arrays,
    profiles_to_arrays,
)
from economie071.skills.engine.mobility import mobility_paths
from economie071.skills.engine.scoring import (
    SCORING_RULE,
    idf_weight,
    level_credit,
    passes_filters,
    score_pair,
    weights_from_profiles,
)
from economie071.skills.engine.taxonomy import Taxonomy
from economie071.skills.engine.training import gap_plan, training_cover
from economie071.skills.engine.types import (
    CoverPlan,
    Demand,
    Explanation,
    GapOption,
    LevelShortfall,
    Match,
    MobilityPath,
    Module,
    OccupationProfile,
    PartialCredit,
    Profile,
    Relation,
    Requirement,
    ScoringConfig,
    SkillMatch,
)

__all__ = [
    "SCORING_RULE",
    "CoverPlan",
    "Demand",
    "DemandArrays",
    "Explanation",
    "GapOption",
    "LevelShortfall",
    "Match",
    "MatchIndex",
    "MobilityPath",
    "Module",
    "OccupationProfile",
    "PartialCredit",
    "Profile",
    "ProfileArrays",
    "Relation",
    "Requirement",
    "ScoringConfig",
    "SkillMatch",
    "Taxonomy",
    "demands_to_arrays",
    "gap_plan",
    "idf_weight",
    "level_credit",
    "mobility_paths",
    "passes_filters",
    "profiles_to_arrays",
    "score_pair",
    "training_cover",
    "weights_from_profiles",
]
