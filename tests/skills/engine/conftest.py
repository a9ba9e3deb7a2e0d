"""Random but reproducible populations for the engine tests (pure Python, no database)."""

import random

import pytest

from economie071.skills.engine import Demand, Profile, Relation, Requirement, Taxonomy

KINDS = ("broader", "narrower", "related", "same_group")
CREDITS = {"broader": 0.5, "narrower": 0.5, "related": 0.4, "same_group": 0.25}


def make_taxonomy(rng: random.Random, n_skills: int = 60, n_relations: int = 40) -> Taxonomy:
    skills = list(range(1, n_skills + 1))
    relations = []
    seen = set()
    while len(relations) < n_relations:
        a, b = rng.sample(skills, 2)
        if (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        kind = rng.choice(KINDS)
        relations.append(Relation(a, b, kind, CREDITS[kind]))
    return Taxonomy(skills, relations)


def make_profiles(rng: random.Random, n: int, n_skills: int = 60, start: int = 1):
    out = []
    for i in range(start, start + n):
        k = rng.choice([0, 1, 3, 5, 8, 12])
        out.append(
            Profile(
                id=i,
                skills={s: rng.randint(1, 4) for s in rng.sample(range(1, n_skills + 1), k)},
                municipalities=frozenset(rng.sample([1, 2, 3, 4], rng.choice([0, 0, 1, 2]))),
                min_hours=rng.choice([None, None, 16, 24]),
                max_hours=rng.choice([None, None, 32, 40]),
                sectors=frozenset(rng.sample([7, 8, 9], rng.choice([0, 0, 1]))),
                discoverable=rng.random() < 0.85,
            )
        )
    return out


def make_demands(rng: random.Random, n: int, n_skills: int = 60, start: int = 1001):
    out = []
    for i in range(start, start + n):
        skills = rng.sample(range(1, n_skills + 1), rng.randint(1, 8))
        out.append(
            Demand(
                id=i,
                requirements=tuple(
                    Requirement(s, rng.randint(1, 4), rng.random() < 0.7) for s in skills
                ),
                municipality=rng.choice([None, 1, 2, 3, 5]),
                hours=rng.choice([None, 20, 36]),
                sector=rng.choice([None, None, 7, 8]),
            )
        )
    return out


@pytest.fixture
def rng():
    return random.Random(20191101)
