"""The South African senior managers' competency framework, as a shipped item list (``za_competencies``).

Source: Local Government: Regulations on Appointment and Conditions of Employment of Senior Managers
(Government Notice 21, Government Gazette 37245, 17 January 2014), the competency framework annexed to
them: six leading competencies, each made up of driving competencies, and six core competencies, with
no order of importance between them, each assessed at one of four achievement levels. The titles,
the levels' names and the grouping are the framework's as performance agreements quote it (FORMS.md
1.6(b)); the descriptions are pmsdesk's own summaries, and the driving competencies under each leading
one are as municipal agreements list them, not read from the Gazette itself. An administrator edits
the list under Administration ▸ Rule sets; the Agreements screen offers its titles for the core
competency requirement (CCR) lines and for the gaps of the personal development plan (Annexure B).
"""

from __future__ import annotations

from typing import Any

CODE = "za_competencies"
APPLIES_TO = "competency_framework"
LEADING, CORE = "leading", "core"


def _competency(group: str, title: str, description: str, driving: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"title": title, "cluster": group, "compulsory": False, "description": description,
            "driving": list(driving)}


COMPETENCIES: list[dict[str, Any]] = [
    _competency(LEADING, "Strategic Direction and Leadership",
                "Sets a clear direction for the municipality from its mandate, turns it into plans others follow, "
                "and holds the organisation to account for delivering them.",
                ("Impact and influence", "Institutional performance management", "Strategic planning and management",
                 "Organisational awareness")),
    _competency(LEADING, "People Management",
                "Plans, develops and looks after the people the work depends on, treats them fairly and deals with "
                "conflict and discipline constructively.",
                ("Human capital planning and development", "Diversity management", "Employee relations management",
                 "Negotiation and dispute management")),
    _competency(LEADING, "Programme and Project Management",
                "Plans, runs and monitors programmes and projects so that services are delivered on time, within "
                "budget and to the standard promised.",
                ("Programme and project planning and implementation", "Service delivery management",
                 "Programme and project monitoring and evaluation")),
    _competency(LEADING, "Financial Management",
                "Plans and controls the budget, keeps spending lawful and economical, and reports on money honestly "
                "and in time.",
                ("Budget planning and execution", "Financial strategy and delivery",
                 "Financial reporting and monitoring")),
    _competency(LEADING, "Change Leadership",
                "Sees where the municipality must change, leads people through it and checks that the change "
                "brings the improvement intended.",
                ("Change vision and strategy", "Process design and improvement", "Change impact monitoring and evaluation")),
    _competency(LEADING, "Governance Leadership",
                "Makes and applies policy within the law, manages risk and compliance, and works with the other "
                "spheres of government and the council's structures.",
                ("Policy formulation", "Risk and compliance management", "Cooperative governance")),
    _competency(CORE, "Moral Competence",
                "Acts honestly and consistently with public-service values, and recognises and resolves ethical "
                "dilemmas openly."),
    _competency(CORE, "Planning and Organising",
                "Sets priorities, plans the work and the resources it needs, and keeps to deadlines."),
    _competency(CORE, "Analysis and Innovation",
                "Gathers and weighs the facts of a problem, finds its causes and proposes new and workable "
                "solutions."),
    _competency(CORE, "Knowledge and Information Management",
                "Keeps, shares and uses information and knowledge so that decisions rest on sound facts."),
    _competency(CORE, "Communication",
                "Conveys information and ideas clearly, in speech and writing, to each audience, and listens."),
    _competency(CORE, "Results and Quality Focus",
                "Holds to agreed standards and targets, checks the quality of what is delivered and improves it."),
]

#: The four achievement levels, lowest first, with pmsdesk's summary of what each means.
LEVELS: list[dict[str, str]] = [
    {"code": "basic", "name": "Basic",
     "description": "Applies the competency in simple, familiar situations with guidance and support."},
    {"code": "competent", "name": "Competent",
     "description": "Applies the competency on their own in the usual situations of the post."},
    {"code": "advanced", "name": "Advanced",
     "description": "Applies the competency in complex and new situations and guides others in it."},
    {"code": "superior", "name": "Superior",
     "description": "Shapes how the municipality applies the competency and is a model for others."},
]

COMPETENCY_FRAMEWORK: dict[str, Any] = {
    "code": CODE,
    "revision": 1,
    "kind": "item_list",
    "name": "Senior managers' competency framework (South Africa, GN 21 of 2014)",
    "description": "Leading and core competencies of the competency framework annexed to the Local Government: "
    "Regulations on Appointment and Conditions of Employment of Senior Managers (Government Notice 21, Government "
    "Gazette 37245, 17 January 2014), which replaced the core competency list of GN R805 of 2006 for senior "
    "managers. Six leading competencies (each with its driving competencies) and six core competencies, with no "
    "order of importance, each at one of four achievement levels: Basic, Competent, Advanced, Superior. Titles, "
    "grouping and level names as performance agreements quote the framework; the descriptions are this program's "
    "own summaries and the driving competencies are as municipal agreements list them (the Gazette's annexure was "
    "not read in full): edit them to the Gazette's wording if you need it. The Agreements screen offers these "
    "titles for the core competency requirements of an agreement and for the gaps of its development plan; "
    "mark an item compulsory to start every new agreement with it.",
    "body": {"applies_to": APPLIES_TO, "clusters": {LEADING: "Leading competency", CORE: "Core competency"},
             "levels": LEVELS, "items": COMPETENCIES},
}
