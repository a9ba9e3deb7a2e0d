"""The skills and the partial-credit relations between them."""

from __future__ import annotations

from collections.abc import Iterable

from economie071.skills.engine.types import INVERSE_KIND, RELATION_KINDS, Relation

# When two relations link the same pair, the higher credit wins; on equal credit the more
# specific kind (this order) is the one stated in the explanation.
_KIND_RANK = {"broader": 0, "narrower": 1, "related": 2, "same_group": 3}


def credit_milli(credit: float) -> int:
    """A relation's credit in thousandths (how it is used in the integer arithmetic)."""
    return int(round(credit * 1000))


class Taxonomy:
    """Skill ids and, per skill, the related skills that earn partial credit for it.

    `neighbours(s)` lists `(held_skill, kind, credit_milli)`: holding `held_skill` earns
    `credit_milli / 1000` of a requirement for `s`, and `kind` says how the held skill
    relates to `s` ("broader": the held skill is broader than the required one).
    """

    def __init__(self, skills: Iterable[int], relations: Iterable[Relation] = ()):
        self.skills: frozenset[int] = frozenset(int(s) for s in skills)
        best: dict[tuple[int, int], tuple[int, str]] = {}
        for rel in relations:
            if rel.kind not in RELATION_KINDS:
                raise ValueError(
                    f"Relation {rel.a}-{rel.b}: kind must be one of {', '.join(RELATION_KINDS)},"
                    f" not {rel.kind!r}"
                )
            if not 0.01 <= rel.credit < 1:
                raise ValueError(
                    f"Relation {rel.a}-{rel.b}: credit must be at least 0.01 and below 1,"
                    f" not {rel.credit!r}"
                )
            if rel.a == rel.b:
                raise ValueError(f"Relation {rel.a}-{rel.b}: a skill cannot relate to itself")
            for a, b in ((rel.a, rel.b), (rel.b, rel.a)):
                if a not in self.skills or b not in self.skills:
                    raise ValueError(
                        f"Relation {rel.a}-{rel.b}: skill {a if a not in self.skills else b}"
                        " is not in the taxonomy"
                    )
            k = credit_milli(rel.credit)
            # required a, held b: the held skill b is `kind` of a
            both = ((rel.a, rel.b, rel.kind), (rel.b, rel.a, INVERSE_KIND[rel.kind]))
            for req, held, kind in both:
                old = best.get((req, held))
                if old is None or (k, -_KIND_RANK[kind]) > (old[0], -_KIND_RANK[old[1]]):
                    best[(req, held)] = (k, kind)
        nbrs: dict[int, list[tuple[int, str, int]]] = {}
        for (req, held), (k, kind) in best.items():
            nbrs.setdefault(req, []).append((held, kind, k))
        for lst in nbrs.values():
            lst.sort(key=lambda t: (-t[2], t[0]))
        self._neighbours = {s: tuple(v) for s, v in nbrs.items()}
        self._pairs = best
        self.relation_count = len(best)

    def neighbours(self, skill: int) -> tuple[tuple[int, str, int], ...]:
        return self._neighbours.get(skill, ())

    def relation(self, required: int, held: int) -> tuple[int, str] | None:
        """(credit_milli, kind) of holding `held` for a requirement of `required`."""
        return self._pairs.get((required, held))

    def __contains__(self, skill: int) -> bool:
        return skill in self.skills

    def __len__(self) -> int:
        return len(self.skills)
