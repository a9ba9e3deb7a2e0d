"""Training: the cheapest (or shortest) set of modules covering the missing skills, and the
regional gap plan (the one to three modules that open the most current vacancies)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal

from economie071.skills.engine.types import CoverPlan, GapOption, Module, Profile

EXACT_LIMIT = 20  # up to this many useful modules the cover is exact (branch and bound)
GAP_BEAM = 6  # the gap plan combines the best this many single modules into pairs/triples


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _harmonic(n: int) -> float:
    return sum(1.0 / i for i in range(1, n + 1))


def training_cover(
    missing: Mapping[int, int], modules: Sequence[Module], objective: str = "cost"
) -> CoverPlan:
    """A weighted set cover: the modules of least total cost (or duration) that teach every
    missing skill at (at least) the missing level.

    Skills no module teaches at that level are reported as `uncovered` and left out of the
    cover. Exact (branch and bound) when at most EXACT_LIMIT modules are useful after
    removing dominated ones; beyond that greedy (cost per newly covered skill, then
    redundant modules dropped), which costs at most H(d) = 1 + 1/2 + ... + 1/d times the
    optimum, d being the most skills one module covers (reported as `bound`).
    Ties: the other objective, then fewer modules, then the lower module ids.
    """
    if objective not in ("cost", "duration"):
        raise ValueError(f"objective must be 'cost' or 'duration', not {objective!r}")
    target = {int(s): int(lv) for s, lv in missing.items()}
    covers: dict[int, frozenset[int]] = {}
    by_id: dict[int, Module] = {}
    for m in modules:
        if m.id in by_id:
            raise ValueError(f"module {m.id} is listed twice")
        by_id[m.id] = m
        c = frozenset(s for s, lv in target.items() if m.skills.get(s, 0) >= lv)
        if c:
            covers[m.id] = c

    def key_of(mid):
        m = by_id[mid]
        cost, hours = _dec(m.cost), _dec(m.duration_hours)
        return (cost, hours) if objective == "cost" else (hours, cost)

    coverable = frozenset().union(*covers.values()) if covers else frozenset()
    uncovered = frozenset(target) - coverable
    # drop dominated modules: another covers at least as much for no more of either measure
    ids = sorted(covers, key=lambda i: (key_of(i), -len(covers[i]), i))
    useful: list[int] = []
    for i in ids:
        dominated = any(
            covers[i] <= covers[j] and key_of(j)[0] <= key_of(i)[0] and key_of(j)[1] <= key_of(i)[1]
            for j in useful
        )
        if not dominated:
            useful.append(i)

    def plan(chosen, exact, bound):
        chosen = tuple(sorted(chosen))
        return CoverPlan(
            modules=chosen,
            covered=frozenset().union(*(covers[i] for i in chosen)) if chosen else frozenset(),
            uncovered=uncovered,
            total_hours=float(sum(_dec(by_id[i].duration_hours) for i in chosen)),
            total_cost=sum((_dec(by_id[i].cost) for i in chosen), Decimal("0")),
            exact=exact,
            bound=bound,
        )

    if not coverable:
        return plan((), True, 1.0)
    if len(useful) <= EXACT_LIMIT:
        return plan(_exact_cover(coverable, useful, covers, key_of), True, 1.0)
    chosen = _greedy_cover(coverable, useful, covers, key_of)
    return plan(chosen, False, _harmonic(max(len(covers[i]) for i in useful)))


def _solution_key(chosen, key_of):
    p = sum((key_of(i)[0] for i in chosen), Decimal(0))
    s = sum((key_of(i)[1] for i in chosen), Decimal(0))
    return (p, s, len(chosen), tuple(sorted(chosen)))


def _exact_cover(universe, useful, covers, key_of):
    best: list = [None, None]  # key, chosen
    cheapest = {s: min(key_of(i)[0] for i in useful if s in covers[i]) for s in universe}

    def search(left: frozenset, chosen: list, primary: Decimal):
        if not left:
            key = _solution_key(chosen, key_of)
            if best[0] is None or key < best[0]:
                best[0], best[1] = key, list(chosen)
            return
        bound = primary + max(cheapest[s] for s in left)
        if best[0] is not None and bound > best[0][0]:
            return
        # branch on the skill with the fewest modules teaching it
        skill = min(left, key=lambda s: (sum(1 for i in useful if s in covers[i]), s))
        for i in sorted((i for i in useful if skill in covers[i]), key=lambda i: (key_of(i), i)):
            if i in chosen:
                continue
            chosen.append(i)
            search(left - covers[i], chosen, primary + key_of(i)[0])
            chosen.pop()

    search(frozenset(universe), [], Decimal(0))
    return best[1]


def _greedy_cover(universe, useful, covers, key_of):
    left = set(universe)
    chosen: list[int] = []

    def rank(i, left):
        new = len(covers[i] & left)
        if new == 0:
            return (1, 0, 0, 0, i)
        return (0, key_of(i)[0] / new, -new, key_of(i)[1], i)

    while left:
        best = min(useful, key=lambda i: rank(i, left))  # noqa: B023 - used at once
        chosen.append(best)
        left -= covers[best]
    # drop modules the others make redundant, most expensive first
    for i in sorted(chosen, key=lambda i: (key_of(i), i), reverse=True):
        rest = [j for j in chosen if j != i]
        if frozenset().union(*(covers[j] for j in rest)) >= universe if rest else not universe:
            chosen = rest
    return chosen


def _improved(profile: Profile, modules: Sequence[Module]) -> Profile:
    skills = dict(profile.skills)
    for m in modules:
        for s, lv in m.skills.items():
            if lv > skills.get(s, 0):
                skills[s] = lv
    return Profile(
        id=profile.id,
        skills=skills,
        municipalities=profile.municipalities,
        min_hours=profile.min_hours,
        max_hours=profile.max_hours,
        sectors=profile.sectors,
        discoverable=profile.discoverable,
    )


def gap_plan(
    index, profile: Profile, modules: Sequence[Module], max_modules: int = 3, top: int = 3
) -> list[GapOption]:
    """The `top` best sets of 1..max_modules modules for this person: the ones that open the
    most current demands (score from below `config.open_threshold`, or no match, to at or
    above it), then the fewest hours, then the lowest cost.

    Scores are computed with the index's current weights. Every module of the catalogue is
    tried alone; the best GAP_BEAM of them are also tried in pairs and triples.
    """
    threshold = index.config.open_threshold
    before = index.demand_scores(profile)
    wanted = index.requested_skills()
    useful = [
        m
        for m in modules
        if any(lv > profile.skills.get(s, 0) and s in wanted for s, lv in m.skills.items())
    ]
    useful.sort(key=lambda m: m.id)

    def evaluate(combo: tuple[Module, ...]) -> tuple:
        after = index.demand_scores(_improved(profile, combo))
        opened = tuple(
            sorted(
                d
                for d, sc in after.items()
                if sc >= threshold and (before.get(d) is None or before[d] < threshold)
            )
        )
        changes = {d: (before.get(d), sc) for d, sc in sorted(after.items()) if before.get(d) != sc}
        gain = sum(after_sc - (old or 0.0) for old, after_sc in changes.values())
        hours = float(sum(_dec(m.duration_hours) for m in combo))
        cost = sum((_dec(m.cost) for m in combo), Decimal("0"))
        ids = tuple(sorted(m.id for m in combo))
        rank = (-len(opened), hours, cost, -gain, len(ids), ids)
        option = GapOption(
            modules=ids, total_hours=hours, total_cost=cost, opened=opened, score_changes=changes
        )
        return rank, option

    evaluated: dict[tuple[int, ...], tuple] = {}
    for m in useful:
        evaluated[(m.id,)] = evaluate((m,))
    singles = sorted(evaluated.values(), key=lambda t: t[0])
    beam = [by for by in useful if (by.id,) in {o.modules for _, o in singles[:GAP_BEAM]}]
    for size in range(2, max_modules + 1):
        for combo in itertools.combinations(beam, size):
            evaluated[tuple(m.id for m in combo)] = evaluate(combo)
    ranked = sorted((t for t in evaluated.values() if t[1].score_changes), key=lambda t: t[0])
    chosen: list[GapOption] = []
    for _, option in ranked:
        # a set that only adds modules to a chosen set without opening more is clutter
        if any(
            set(c.modules) <= set(option.modules) and set(option.opened) <= set(c.opened)
            for c in chosen
        ):
            continue
        chosen.append(option)
        if len(chosen) == top:
            break
    return chosen
