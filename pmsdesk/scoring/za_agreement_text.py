"""The wording of a Section 56/57 performance agreement, as rule-set data (``za_s56`` body ``agreement``).

The Local Government: Municipal Performance Regulations for Municipal Managers
and Managers directly accountable to Municipal Managers, 2006 (GN R805,
1 August 2006), Chapter 3, say what an agreement must cover; the clause order
below is the one municipal agreements built on that template share (Mafikeng
2012/13, Kouga 2010/11, Knysna 2012/13, Mkhambathini 2017, Mohokare 2012/13;
see FORMS.md section 1.3). The wording is pmsdesk's own summary, not the
regulation's text, and the regulation numbers inside R805 were not confirmed
from its text, so clauses cite the Act and "R805" only.

Every clause says whether its substance comes from the law (``source``) or is
left to the municipality (``municipal``: true): those are starting wording an
administrator edits in the rule set (Administration ▸ Rule sets) to the
council's own policy before agreements are printed. Placeholders in braces
are filled in when printing: {employer}, {employee}, {represented_by},
{start}, {end}, {kpa_weight}, {ccr_weight}, {mediator}.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from .errors import RuleSetError

SOURCE_R805 = "GN R805 of 2006, Chapter 3"
SOURCE_TEMPLATE = "the agreement template municipalities build on GN R805 of 2006"


def _clause(key: str, title: str, source: str, paragraphs: list[str], *, municipal: bool = False) -> dict[str, Any]:
    return {"key": key, "title": title, "source": source, "municipal": municipal, "paragraphs": paragraphs}


CLAUSES: list[dict[str, Any]] = [
    _clause("introduction", "Introduction", "Municipal Systems Act s57(1)", [
        "The employer has employed the employee under section 57(1)(a) of the Local Government: Municipal "
        "Systems Act, 2000. Section 57(1)(b) requires the parties to conclude a performance agreement for "
        "each financial year, separate from the contract of employment.",
    ]),
    _clause("purpose", "Purpose of this agreement", "Municipal Systems Act s57(1)(b), (4A), (4B), (5); " + SOURCE_R805, [
        "This agreement records the objectives and targets the employee must meet in the financial year, "
        "drawn from the Integrated Development Plan (IDP), the Service Delivery and Budget Implementation "
        "Plan (SDBIP) and the budget, and tells the employee what the employer expects.",
        "It sets out how and when the employee's performance will be monitored, measured and assessed, and "
        "is the basis on which the employer decides whether the employee met the expectations of the post "
        "and whether outstanding performance is rewarded.",
    ]),
    _clause("term", "Commencement and duration", SOURCE_TEMPLATE, [
        "This agreement runs from {start} to {end}. The parties review it in June and conclude a new "
        "agreement and performance plan for the next financial year by 31 July (Municipal Systems Act "
        "s57(2)(b)). It ends when the contract of employment ends.",
        "The agreement may be revised during the year by agreement of the parties, for example after an "
        "adjustments budget changes the SDBIP; each revision is a numbered amendment with its reason.",
    ]),
    _clause("objectives", "Performance objectives", "Municipal Systems Act s57(4A), (5); " + SOURCE_R805, [
        "The performance plan (Annexure A) sets out the key objectives, key performance indicators (KPIs), "
        "target dates and weights agreed for the year, by key performance area (KPA). The objectives come "
        "from the municipality's IDP and SDBIP.",
        "Duties the law places on the employee (for the municipal manager, those of the accounting officer "
        "under the Municipal Finance Management Act) form part of this agreement whether or not Annexure A "
        "lists them.",
    ]),
    _clause("system", "Performance management system", SOURCE_R805, [
        "The employee takes part in the municipality's performance management system and is assessed on two "
        "components: the KPAs of Annexure A, which count {kpa_weight}%, and the core competency "
        "requirements (CCRs) chosen below, which count {ccr_weight}%.",
        "Each KPA and each CCR is rated on the five-point scale below; the weights of the KPAs and of the "
        "CCRs each add up to 100.",
    ]),
    _clause("evaluation", "Evaluating performance", SOURCE_R805, [
        "Performance is reviewed every quarter. The mid-year and annual reviews are formal assessments by an "
        "evaluation panel (members listed below); the annual assessment is made once the year-end results "
        "are known. The employee may submit a self-assessment with evidence before each formal review.",
        "Minutes of every formal review are kept. A KPI that could not be met for reasons outside both "
        "parties' control may, on evidence, be left out of the assessment by agreement.",
    ]),
    _clause("development", "Developmental requirements", SOURCE_R805, [
        "The personal development plan (Annexure B) records the competencies the employee needs to develop, "
        "the agreed development actions, who supports them and by when. The employer supports it within the "
        "municipality's workplace skills plan.",
    ]),
    _clause("employer", "Obligations of the employer", SOURCE_TEMPLATE, [
        "The employer creates a working environment in which the employee can perform; gives the employee "
        "the information, resources and support needed to meet the agreed targets; and makes the decisions "
        "the employee needs in good time.",
    ]),
    _clause("consultation", "Consultation", SOURCE_TEMPLATE, [
        "The employer consults the employee before taking a decision or action that has a direct effect on "
        "the employee's ability to meet the agreed objectives, and informs the employee of the outcome.",
    ]),
    _clause("outcomes", "Management of evaluation outcomes", "Municipal Systems Act s57(4B); " + SOURCE_R805, [
        "A performance bonus for outstanding performance may be paid only after the annual assessment and "
        "after the council approves it (Municipal Systems Act s57(4B)), in the bands printed in this "
        "agreement, pro rata for part of a year, and within the budget and any upper limits the Minister "
        "sets.",
        "Where performance is unacceptable, the employer provides systematic remedial or developmental "
        "support, with counselling and a reasonable time to improve. If performance does not improve, the "
        "employer may begin proceedings to end the contract of employment for incapacity.",
    ], municipal=True),
    _clause("disputes", "Dispute resolution", SOURCE_TEMPLATE, [
        "A dispute about this agreement or an assessment under it is referred to {mediator}, who mediates "
        "and decides it within 30 days of the referral. If it is not resolved, the dispute procedure of the "
        "contract of employment applies.",
    ], municipal=True),
    _clause("general", "General", "Municipal Finance Management Act s53(3); Municipal Systems Act s57", [
        "The contents of this agreement and the outcome of its assessments are made public (Municipal "
        "Finance Management Act s53(3)(a)), and copies go to the council and the MEC responsible for local "
        "government.",
        "Nothing in this agreement lessens the employee's duties under law, regulations or the contract of "
        "employment.",
    ]),
]

#: Meaning of each rating, summarised from the R805 scale as municipal agreements reproduce it.
RATING_DESCRIPTIONS = {
    "5": "Performance far exceeds the standard expected in every area of the job.",
    "4": "Performance is well above fully effective on more than half the criteria and fully meets the rest.",
    "3": "Performance fully meets the standard expected in all areas of the job.",
    "2": "Performance falls short of the standard expected on some criteria.",
    "1": "Performance does not meet the standard expected; remedial action is needed.",
}

#: When reviews take place (FORMS.md 1.10; the quarter numbers are those of the financial year).
REVIEW_SCHEDULE = [
    {"quarter": 1, "months": "July to September", "review": "Quarterly review; may be verbal if performance is "
     "satisfactory"},
    {"quarter": 2, "months": "October to December", "review": "Formal mid-year assessment by the evaluation panel"},
    {"quarter": 3, "months": "January to March", "review": "Quarterly review; may be verbal if performance is "
     "satisfactory"},
    {"quarter": 4, "months": "April to June", "review": "Formal annual assessment by the evaluation panel, once "
     "the year-end results are available"},
]

#: The evaluation panels (FORMS.md 1.9): one for the municipal manager, one for a manager reporting to him or her.
PANELS = {
    "municipal_manager": [
        "Executive Mayor or Mayor (chairperson)",
        "Chairperson of the performance audit committee (or the audit committee)",
        "Member of the mayoral or executive committee (another councillor in a plenary municipality)",
        "Mayor and/or municipal manager of another municipality",
        "Member of a ward committee nominated by the Executive Mayor or Mayor",
    ],
    "manager": [
        "Municipal Manager (chairperson)",
        "Chairperson of the performance audit committee (or the audit committee)",
        "Member of the mayoral or executive committee",
        "Municipal manager of another municipality",
    ],
}

#: Who mediates a dispute, by the employee's post.
MEDIATORS = {
    "municipal_manager": "the MEC for local government in the province, or a person the MEC appoints",
    "manager": "the Executive Mayor or Mayor, or a person he or she appoints",
}

#: Who represents the employer, by the employee's post (Municipal Systems Act s57(2)).
REPRESENTED_BY = {
    "municipal_manager": "the Executive Mayor or Mayor, on behalf of the council",
    "manager": "the Municipal Manager",
}

#: When an agreement is due (rule-set body ``deadlines``). Sources: Municipal Systems Act s57(2) (as amended by
#: Act 3 of 2022): a first agreement within 60 days after the manager starts work, later ones within one month
#: after the financial year begins; MFMA s53(3)(b): agreements made public no later than 14 days after the
#: SDBIP is approved (MFMA s69(3)(d): drafts go to the mayor within 14 days of the budget's approval).
DEADLINES: dict[str, Any] = {
    "conclude_months_after_year_start": 1,
    "first_agreement_days_after_starting": 60,
    "publish_days_after_approval": 14,
}

AGREEMENT_TEXT: dict[str, Any] = {
    "clauses": CLAUSES,
    "rating_descriptions": RATING_DESCRIPTIONS,
    "review_schedule": REVIEW_SCHEDULE,
    "panels": PANELS,
    "mediators": MEDIATORS,
    "represented_by": REPRESENTED_BY,
}


#: The names a clause may use in braces; anything else is refused when the rule set is saved.
PLACEHOLDERS = frozenset({"employer", "employee", "represented_by", "start", "end", "kpa_weight", "ccr_weight",
                          "mediator"})
POSTS = ("municipal_manager", "manager")


def _texts(field: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleSetError(field, "must be a non-empty list of texts")
    return value


def check_deadlines(deadlines: Any) -> None:
    """Each deadline a whole number from 0 (months after the year starts, days after starting, days to publish)."""
    if not isinstance(deadlines, Mapping):
        raise RuleSetError("body.deadlines", "must be an object with " + ", ".join(DEADLINES))
    for key in DEADLINES:
        value = deadlines.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RuleSetError(f"body.deadlines.{key}", f"must be a whole number from 0, got {value!r}")


def check_agreement_text(text: Any) -> None:
    """Refuse wording the printout could not fill in: a missing title, an empty paragraph, an unknown
    {placeholder}, a post without its panel, mediator or employer representative."""
    if not isinstance(text, Mapping):
        raise RuleSetError("body.agreement", "must be an object with clauses, panels, mediators and represented_by")
    clauses = text.get("clauses")
    if not isinstance(clauses, list) or not clauses:
        raise RuleSetError("body.agreement.clauses", "must be a non-empty list")
    for index, clause in enumerate(clauses):
        where = f"body.agreement.clauses[{index}]"
        if not isinstance(clause, Mapping) or not isinstance(clause.get("title"), str) or not clause["title"].strip():
            raise RuleSetError(f"{where}.title", "must be a non-empty text")
        for number, paragraph in enumerate(_texts(f"{where}.paragraphs", clause.get("paragraphs"))):
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(paragraph) if name is not None}
            except ValueError as error:
                raise RuleSetError(f"{where}.paragraphs[{number}]", f"has unbalanced braces: {error}") from None
            unknown = sorted(names - PLACEHOLDERS)
            if unknown:
                raise RuleSetError(f"{where}.paragraphs[{number}]",
                                   f"uses {{{unknown[0]}}}; the known placeholders are "
                                   + ", ".join(f"{{{n}}}" for n in sorted(PLACEHOLDERS)))
    for key in ("mediators", "represented_by"):
        value = text.get(key)
        for post in POSTS:
            if not isinstance(value, Mapping) or not isinstance(value.get(post), str) or not value[post].strip():
                raise RuleSetError(f"body.agreement.{key}.{post}", "must be a non-empty text")
    for post in POSTS:
        _texts(f"body.agreement.panels.{post}", (text.get("panels") or {}).get(post))
