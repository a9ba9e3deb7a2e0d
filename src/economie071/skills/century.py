"""The 11 21st-century skills (SLO / Kennisnet model, as named in the Human Capital
Actieplan card) and the ESCO transversal skills each covers.

The mapping is ours (written for this project); every URI is a skill of ESCO v1.2's
transversal skills collection (checked against the ESCO files by the tests).
`century_skills_ensure()` creates the 11 and links each to those of its skills that are in
the database (after an ESCO import, or the demo taxonomy).
"""

ESCO = "http://data.europa.eu/esco/skill/"

CENTURY_SKILLS = [
    {
        "slug": "kritisch-denken",
        "name_nl": "Kritisch denken",
        "name_en": "Critical thinking",
        "description_nl": "Zelfstandig een weloverwogen en beargumenteerd oordeel vormen.",
        "esco": [
            "7dd94ad3-13d6-43fe-8b94-51fcbf67ced9",  # think critically
            "db33c0f3-43ee-4ba3-ba47-9269ac837697",  # critically evaluate information …
            "409a0245-0e6c-4aac-ba16-0920ecb76a8d",  # exercise self-reflection
            "4707da90-9cfc-46ca-8de0-38a0b7bfb137",  # think analytically
        ],
    },
    {
        "slug": "creatief-denken",
        "name_nl": "Creatief denken",
        "name_en": "Creative thinking",
        "description_nl": "Nieuwe ideeën, benaderingen of oplossingen bedenken.",
        "esco": [
            "c624c6a3-b0ba-4a31-a296-0d433fe47e41",  # think creatively
            "c2a0c52c-0b4b-4180-a918-92650ea3b458",  # think innovatively
            "b40584aa-7c63-4eed-9422-a9798fb95fdc",  # improvise
            "93350886-a21b-4e61-a1b1-319a325c0f90",  # express yourself creatively
        ],
    },
    {
        "slug": "probleemoplossend-denken",
        "name_nl": "Probleemoplossend denken en handelen",
        "name_en": "Problem solving",
        "description_nl": "Een probleem herkennen en tot een plan komen om het op te lossen.",
        "esco": [
            "adc6dc11-3376-467b-96c5-9b0a21edc869",  # solve problems
            "a628d2d1-f40a-4c37-a357-2801726f2996",  # identify problems
            "d62d2b4c-a6f8-439e-8a1b-4f29ab5f2c47",  # make decisions
            "d56e2c2f-3e01-4b76-a7bb-ecb6d430172f",  # think holistically
        ],
    },
    {
        "slug": "informatievaardigheden",
        "name_nl": "Informatievaardigheden",
        "name_en": "Information skills",
        "description_nl": "Een informatiebehoefte formuleren, informatie zoeken, beoordelen "
        "en verwerken.",
        "esco": [
            "ba93b71b-c433-4a01-8246-ed2daa85a9a2",  # conduct web searches
            "6b305973-8993-475f-bd8a-daf037c61401",  # organise information, objects, resources
            "db33c0f3-43ee-4ba3-ba47-9269ac837697",  # critically evaluate information …
        ],
    },
    {
        "slug": "ict-basisvaardigheden",
        "name_nl": "ICT-basisvaardigheden",
        "name_en": "Basic ICT skills",
        "description_nl": "Werken met computers, software, netwerken en digitale toepassingen.",
        "esco": [
            "6b2f8802-0cbf-436e-a37f-ca55ede41bbc",  # operate digital hardware
            "b080a008-a35d-4bd0-92e9-edf3773bb2b7",  # use communication and collaboration sw
            "d822b4b2-26c7-4bd9-970d-229c6504f615",  # create digital content
            "f4346299-e22a-4686-8e61-2c9b0cd51c7d",  # apply digital security measures
        ],
    },
    {
        "slug": "computational-thinking",
        "name_nl": "Computational thinking",
        "name_en": "Computational thinking",
        "description_nl": "Problemen zo formuleren dat ze met computertechnologie op te "
        "lossen zijn.",
        "esco": [
            "bf4d884f-c848-402a-b130-69c266b04164",  # apply basic programming skills
            "6fc6f757-6baa-49fe-9a82-6ba6a52f2e13",  # interpret mathematical information
            "4707da90-9cfc-46ca-8de0-38a0b7bfb137",  # think analytically
        ],
    },
    {
        "slug": "mediawijsheid",
        "name_nl": "Mediawijsheid",
        "name_en": "Media literacy",
        "description_nl": "Bewust, kritisch en actief omgaan met (sociale) media.",
        "esco": [
            "bc0b0b5d-f6be-405a-b224-b6902a4dbe97",  # manage digital identity
            "db33c0f3-43ee-4ba3-ba47-9269ac837697",  # critically evaluate information …
            "f4346299-e22a-4686-8e61-2c9b0cd51c7d",  # apply digital security measures
        ],
    },
    {
        "slug": "communiceren",
        "name_nl": "Communiceren",
        "name_en": "Communication",
        "description_nl": "Informatie effectief overbrengen en ontvangen.",
        "esco": [
            "609a8ac1-9d29-4237-9886-596dbbe7ca8a",  # address an audience
            "5b46f572-7ced-4efd-b270-a81a164d521c",  # moderate a discussion
            "be6ab363-3de1-427f-a8ef-85d5b0250822",  # report facts
            "7954861c-86d4-4529-afbb-2c23dab9ac74",  # negotiate compromises
        ],
    },
    {
        "slug": "samenwerken",
        "name_nl": "Samenwerken",
        "name_en": "Collaboration",
        "description_nl": "Samen met anderen een doel bereiken.",
        "esco": [
            "60c78287-22eb-4103-9c8c-28deaa460da0",  # work in teams
            "b19e0820-a96f-4c0a-a724-3c056180c1b3",  # build team spirit
            "bf983f2a-e941-4646-811d-cc81060cb53f",  # build networks
            "96de2e86-e287-41f2-88ab-15a2343afc6f",  # resolve conflicts
        ],
    },
    {
        "slug": "sociale-en-culturele-vaardigheden",
        "name_nl": "Sociale en culturele vaardigheden",
        "name_en": "Social and cultural skills",
        "description_nl": "Effectief leren, werken en leven met mensen met verschillende "
        "achtergronden.",
        "esco": [
            "c10d5d87-36cf-42f5-8a12-e560fb5f4af8",  # demonstrate intercultural competence
            "5ca953f7-541d-4f67-bc55-7721348366cf",  # respect diversity of cultural values
            "77b636e8-fab3-41a8-8022-1e0a354059dc",  # show empathy
            "7d9bace0-63d0-4848-ac87-350a98082c12",  # participate actively in civic life
        ],
    },
    {
        "slug": "zelfregulering",
        "name_nl": "Zelfregulering",
        "name_en": "Self-regulation",
        "description_nl": "Eigen gedrag, gevoelens en werk sturen en bijsturen.",
        "esco": [
            "d9013e0e-e937-43d5-ab71-0e917ee882b8",  # manage time
            "7a147904-22b3-498a-b4d9-7bceeb86b45d",  # cope with stress
            "1d1fedcb-4995-44ac-90f5-f31a157ce512",  # manage frustration
            "468135b7-5757-48c3-9509-fde0e13ec5be",  # manage personal progression
        ],
    },
]


def century_uris() -> set[str]:
    return {ESCO + code for entry in CENTURY_SKILLS for code in entry["esco"]}


def century_skills_ensure(actor=None) -> int:
    """Create or update the 11 and link the ESCO skills that exist; returns how many were
    created."""
    from economie071.skills.models import CenturySkill, Skill
    from economie071.skills.services import century_skill_upsert

    known = dict(Skill.objects.filter(uri__in=century_uris()).values_list("uri", "pk"))
    created = 0
    for order, entry in enumerate(CENTURY_SKILLS, start=1):
        existing = CenturySkill.objects.filter(slug=entry["slug"]).first()
        wanted = {known[ESCO + code] for code in entry["esco"] if ESCO + code in known}
        if existing is not None and set(existing.skills.values_list("pk", flat=True)) == wanted:
            continue
        century_skill_upsert(
            actor=actor,
            slug=entry["slug"],
            order=order,
            name_nl=entry["name_nl"],
            name_en=entry["name_en"],
            description_nl=entry["description_nl"],
            skills=Skill.objects.filter(pk__in=wanted),
        )
        created += int(existing is None)
    return created
