"""Default rule sets: every band, weight split and scale the engine uses, as data.

Each default is a plain JSON-serialisable dict shaped like the ``rule_set``
table (``code``, ``revision``, ``kind``, ``name``, ``description``, ``body``),
so an administrator can copy and edit one and the engine scores with the copy.
Defaults come from ``SCORING.md``; where that text says a figure is common
practice rather than law, the description says so too.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .errors import ScoringInputError
from .za_agreement_text import AGREEMENT_TEXT, DEADLINES
from .za_competencies import COMPETENCY_FRAMEWORK

SDBIP = "sdbip"
ZA_S56 = "za_s56"
KE_PC = "ke_pc"
KE_SPAS = "ke_spas"
TZ_OPRAS = "tz_opras"
TZ_PEPMIS = "tz_pepmis"
#: Not scoring rules: a list of titles an organisation adopts (CCRs, criteria categories, attributes).
ITEM_LIST = "item_list"
RULE_SET_KINDS = (SDBIP, ZA_S56, KE_PC, KE_SPAS, TZ_OPRAS, TZ_PEPMIS, ITEM_LIST)


def _band(code: str, name: str, low: float | None, high: float | None, **extra: Any) -> dict:
    return {"code": code, "name": name, "min": low, "max": high,
            "min_inclusive": True, "max_inclusive": False, **extra}


ZA_SDBIP_RULES: dict[str, Any] = {
    "code": "za_sdbip",
    "revision": 1,
    "kind": SDBIP,
    "name": "SDBIP traffic lights (South African municipal practice)",
    "description": "Achievement % (actual / target) bands used in annual performance "
    "reports. The categories are in public use; the thresholds are common practice, not law. "
    "In roll-ups a KPI counts at most 200%, so one mistyped actual cannot swamp a directorate. "
    "Targets achieved X of Y leads every summary, as the Auditor-General and annual performance "
    "reports state performance; a target whose period has closed with no counted actual is "
    "'Not reported' and counts as not achieved. Reporting deadlines (days after the quarter "
    "ends): South Africa 30, from MFMA s52(d) (the mayor reports on the SDBIP to council "
    "within 30 days of the end of each quarter; the SDBIP's quarterly projections per "
    "National Treasury MFMA Circular 13 are the basis). Kenya 30 and Tanzania 30 are NOT "
    "confirmed from a primary text (Kenya's PC guidelines set the day in their 'Performance "
    "Monitoring and Reporting' section, seen only as a table of contents; no Tanzanian "
    "deadline was found): edit them to your guideline. Only verified or approved actuals "
    "count by default (verification before a value counts); add 'submitted' to "
    "counted_statuses to count values still awaiting review. An actual 10 or more times its "
    "target is held for checking until a PMS officer confirms it or it is corrected. "
    "Service providers (South Africa) are rated each quarter on service_provider_scale: the Municipal "
    "Systems Act s46(1)(a)(i) asks the annual performance report for each service provider's performance "
    "and the MFMA s116(2)(b) and (d) ask the accounting officer to monitor each contractor's performance "
    "and report it to council, but neither prescribes a rating scale and no national one was found; "
    "municipalities set theirs in their supply chain or contract management policy. The 1 (very poor) to "
    "5 (excellent) scale here runs the way the GN R805 managers' scale does (higher is better) and uses "
    "the words municipal assessments commonly use: edit it to your council's policy.",
    "body": {
        "achievement_range": {"min": 0, "max": None},
        "not_measured": {"code": "not_yet_measured", "name": "KPI not yet measured",
                         "colour": "#7f8c8d"},
        "not_reported": {"code": "not_reported", "name": "Not reported", "colour": "#922b21"},
        "awaiting": {"code": "awaiting", "name": "Awaiting report",
                     "colour": "#bdc3c7"},
        "held": {"code": "held_for_checking", "name": "Held for checking", "colour": "#8e44ad"},
        "reporting": {
            "deadline_days_after_period_end": {"ZA": 30, "KE": 30, "TZ": 30, "default": 30},
            "counted_statuses": ["verified", "approved"],
        },
        "held_for_checking_ratio": 10,
        "league_rank_on": "targets_achieved",
        "bands": [
            _band("not_met", "KPI not met", 0, 75, colour="#c0392b"),
            _band("almost_met", "KPI almost met", 75, 100, colour="#e67e22"),
            # Met is a light green and well met a dark one: told apart on screen and in grey print.
            {**_band("met", "KPI met", 100, 100, colour="#82e0aa"), "max_inclusive": True},
            {**_band("well_met", "KPI well met", 100, 150, colour="#1e8449"),
             "min_inclusive": False},
            _band("extremely_well_met", "KPI extremely well met", 150, None, colour="#2471a3"),
        ],
        "rollup_achievement_cap": 200,
        "service_provider_scale": {"best": 5, "worst": 1, "labels": {
            "1": "Very poor", "2": "Poor", "3": "Satisfactory", "4": "Good", "5": "Excellent",
        }},
    },
}

ZA_S56_RULES: dict[str, Any] = {
    "code": "za_s56",
    "revision": 1,
    "kind": ZA_S56,
    "name": "Section 56/57 managers' assessment (GN R805 of 2006)",
    "description": "KPAs 80% and core competency requirements 20%, rated 1-5; score % = "
    "overall rating / 3 x 100. Bonus bands are the regulation defaults; many municipalities "
    "adopt their own. The score is rounded half up to score_decimals and the bonus band is "
    "decided on exactly that printed figure; a bonus band applies only to the final annual "
    "assessment, never to a mid-year review. body.agreement holds the wording printed on the "
    "agreement (clauses in the order of the R805 template municipalities use, in pmsdesk's own "
    "words, each naming its source), the rating descriptions, the review schedule, the evaluation "
    "panels and who mediates disputes; clauses marked municipal: true (management of evaluation "
    "outcomes, dispute resolution) are left to the council's policy by the regulations: edit them "
    "to your council's wording. body.deadlines: an agreement is concluded within "
    "conclude_months_after_year_start month(s) after the financial year begins (Municipal Systems Act s57(2)(b)) and "
    "a first one within first_agreement_days_after_starting days of starting work (s57(2)(a), Act 3 of 2022; not "
    "checked: pmsdesk holds no starting date); it is made public within publish_days_after_approval days (MFMA "
    "s53(3)(b): 14 days after the SDBIP's approval; pmsdesk holds no SDBIP approval date, so the days are counted "
    "from the day the agreement was signed, the latest the SDBIP can have been approved for it).",
    "body": {
        "scale": {"best": 5, "worst": 1, "labels": {
            "5": "Outstanding performance",
            "4": "Performance significantly above expectations",
            "3": "Fully effective",
            "2": "Not fully effective",
            "1": "Unacceptable performance",
        }},
        "fully_effective_rating": 3,
        "rounding": {"rating_decimals": 3, "score_decimals": 2},
        "components": [
            {"code": "kpa", "name": "Key performance areas", "items": "kpas",
             "weight": 80, "item_weights_total": 100},
            {"code": "ccr", "name": "Core competency requirements", "items": "ccrs",
             "weight": 20, "item_weights_total": 100},
        ],
        "bonus_bands": [
            _band("no_bonus", "No performance bonus", None, 130,
                  bonus_min_percent=0, bonus_max_percent=0),
            _band("bonus_5_9", "Bonus of 5-9% of the annual package", 130, 150,
                  bonus_min_percent=5, bonus_max_percent=9),
            _band("bonus_10_14", "Bonus of 10-14% of the annual package", 150, None,
                  bonus_min_percent=10, bonus_max_percent=14),
        ],
        "agreement": AGREEMENT_TEXT,
        "deadlines": DEADLINES,
    },
}

KE_PC_RULES: dict[str, Any] = {
    "code": "ke_pc",
    "revision": 1,
    "kind": KE_PC,
    "name": "Kenyan Performance Contracting",
    "description": "Five criteria values per indicator, 1 Excellent .. 5 Poor; the target is "
    "the Very Good value. Raw score interpolated between criteria values; composite = sum of "
    "raw x weight. Grade ranges (Excellent 1.00-1.49, Very Good 1.50-2.49, Good 2.50-3.49, "
    "Fair 3.50-3.59, Poor 3.60-5.00) are the long-standing PSPMU ones as commonly published; "
    "they were checked against the current Performance Contracting Guidelines for FY "
    "2023/2024 (20th cycle, Public Service Performance Management Unit, April 2023; section "
    "5.7 Annual Performance Evaluation) but only that guideline's table of contents could be "
    "read, so the ranges are NOT confirmed from its text: check them against this cycle's "
    "annex and edit. The composite is rounded to grade_decimals before grading, so the "
    "printed figure and the grade agree. Criteria categories are those of 2023/24-era contracts "
    "(Financial Stewardship and Discipline; Service Delivery; Core Mandate; Cross-Cutting Issues; "
    "some cycles add Administration and Infrastructure or Implementation of Presidential "
    "Directives: add them here). The guideline's weight for each category was NOT found (its "
    "section 4, Key Elements of the Model Performance Contract, was seen only as a table of "
    "contents), so every category weight is null: the indicators' weights in a category are then "
    "only summed and printed. Type your cycle's category weights here and a contract whose "
    "indicators in a category do not add up to it is refused. The clauses (statement of "
    "responsibility, commitments of both parties) are this program's wording of the model "
    "contract's headings (county guidelines FY 2018/19 sections 4-7), not the guideline's text: "
    "edit them to your cycle's model contract.",
    "body": {
        "scale": {"best": 1, "worst": 5, "labels": {
            "1": "Excellent", "2": "Very Good", "3": "Good", "4": "Fair", "5": "Poor",
        }},
        "target_point": 2,
        "weights_total": 100,
        "grade_decimals": 2,
        "grades": [
            _band("excellent", "Excellent", 1, 1.5),
            _band("very_good", "Very Good", 1.5, 2.5),
            _band("good", "Good", 2.5, 3.5),
            _band("fair", "Fair", 3.5, 3.6),
            {**_band("poor", "Poor", 3.6, 5), "max_inclusive": True},
        ],
        "categories": [
            {"code": "financial_stewardship", "name": "Financial Stewardship and Discipline", "weight": None},
            {"code": "service_delivery", "name": "Service Delivery", "weight": None},
            {"code": "core_mandate", "name": "Core Mandate", "weight": None},
            {"code": "cross_cutting", "name": "Cross-Cutting Issues", "weight": None},
        ],
        "clauses": {
            "responsibility": "The officer is responsible for the performance targets in the matrix "
            "annexed to this contract and for the resources the institution holds to meet them.",
            "strategic_intent": "The targets carry forward the strategic objectives above, drawn from the "
            "institution's development plan and annual work plan for the financial year.",
            "officer_commitments": [
                "Pursue the targets in the performance matrix with the resources voted for them.",
                "Report progress against the matrix within the days the guidelines set after each quarter.",
                "Give a self-evaluation at the end of the year with the evidence for every indicator.",
                "Keep the records and evidence the verification of this contract needs.",
            ],
            "government_commitments": [
                "Release the approved budget for the contracted targets on time.",
                "Give the approvals, policy direction and support the targets depend on.",
                "Evaluate the contract on the verified evidence and make the results known.",
            ],
        },
    },
}

KE_SPAS_RULES: dict[str, Any] = {
    "code": "ke_spas",
    "revision": 1,
    "kind": KE_SPAS,
    "name": "Kenyan staff performance appraisal (SPAS)",
    "description": "Bands of the percentage of targets achieved as the SPAS Guidelines (Public "
    "Service Commission, May 2016; forms PSC 37A/37B) state them: Excellent 101% and above; "
    "Very Good 100%; Good 80%-99%; Fair 60%-79%; Poor 59% and below. The guideline bands are "
    "whole percentages, so the percentage is rounded half up to a whole number "
    "(percent_decimals 0) before banding and printed that way. The appeal body printed on the form is "
    "the County Human Resource Advisory Committee, as county SPAS forms name it (Tana River, Kitui PSC 37B); "
    "for a national MDA the SPAS guidelines name the body (not read here): edit appeal_body. pmsdesk bands the "
    "weighted mean of the agreed scores (each target's percentage achieved as appraisee and supervisor agree it, "
    "beside the appraisee's self-appraisal score and the supervisor's score), as the form's end-year appraisal "
    "records them.",
    "body": {
        "achievement_range": {"min": 0, "max": None},
        "percent_decimals": 0,
        "appeal_body": "County Human Resource Advisory Committee (CHRAC)",
        "bands": [
            _band("poor", "Poor", 0, 60),
            _band("fair", "Fair", 60, 80),
            _band("good", "Good", 80, 100),
            {**_band("very_good", "Very Good", 100, 100), "max_inclusive": True},
            {**_band("excellent", "Excellent", 100, None), "min_inclusive": False},
        ],
    },
}

TZ_OPRAS_RULES: dict[str, Any] = {
    "code": "tz_opras",
    "revision": 1,
    "kind": TZ_OPRAS,
    "name": "Tanzania OPRAS (form TFN 832)",
    "description": "Ratings 1 (best) to 5 (worst) with the labels of form TFN 832: 1 "
    "Outstanding performance, 2 Performance above average, 3 Average performance, 4 Poor "
    "performance, 5 Very poor performance. Overall = mean of the objectives' rating (section "
    "5) and the attributes' rating (section 6), as the form's section 7 averages them; the "
    "overall rating is rounded to rating_decimals and given the label of the nearest point. Sections 5 and 6 are "
    "scored on the agreed marks; the appraisee's and the supervisor's marks are kept and printed beside them. "
    "Form sections as printed: the notes and section 1 as Wanging'ombe District Council publishes TFN 832; "
    "sections 2-8 (agreement with criteria and resources, unrated mid-year review, revised objectives, annual "
    "review, attributes, overall with the observer's comments, rewards or sanctions) as institutions' copies of "
    "the form have them, not confirmed against the official form; the head of department's signature under "
    "section 8 is pmsdesk's.",
    "body": {
        "scale": {"best": 1, "worst": 5, "labels": {
            "1": "Outstanding performance", "2": "Performance above average",
            "3": "Average performance", "4": "Poor performance", "5": "Very poor performance",
        }},
        "rating_decimals": 2,
        "components": [
            {"code": "objectives", "name": "Objectives achieved", "items": "objectives",
             "weight": 50},
            {"code": "attributes", "name": "Attributes of good performance",
             "items": "attributes", "weight": 50},
        ],
        "overall_bands": [
            _band("outstanding", "Outstanding performance", 1, 1.5),
            _band("above_average", "Performance above average", 1.5, 2.5),
            _band("average", "Average performance", 2.5, 3.5),
            _band("poor", "Poor performance", 3.5, 4.5),
            {**_band("very_poor", "Very poor performance", 4.5, 5), "max_inclusive": True},
        ],
    },
}

TZ_PEPMIS_RULES: dict[str, Any] = {
    "code": "tz_pepmis",
    "revision": 1,
    "kind": TZ_PEPMIS,
    "name": "Tanzania PEPMIS / PIPMIS (employee and institutional performance)",
    "description": "The supervisor marks each assigned sub-task 0-100 on quantitative and "
    "qualitative criteria (unofficial PEPMIS user guides). Sub-task mark = criteria-weighted mean; "
    "task score = sum of sub-task weight x mark / 100; overall = sum of task weight x task score "
    "/ 100, unmarked items left out of the denominator; annual = mean of the period scores. "
    "The official criteria weights, rating bands, their Kiswahili names and the appeal deadline "
    "were NOT found (the PEPMIS handbook was seen only as its table of contents): the 50/50 "
    "split, the bands, the Kiswahili names (taken from the OPRAS scale wording, unconfirmed) and "
    "the 14-day appeal period are editable placeholders of this rule set. Progress is due every 7 days "
    "(weekly, as the Deputy Minister told Parliament on 29 January 2025); an institution may change it.",
    "body": {
        "mark_range": {"min": 0, "max": 100},
        "criteria": [
            {"code": "quantitative", "name": "Quantitative", "name_sw": "Kiidadi", "weight": 50},
            {"code": "qualitative", "name": "Qualitative", "name_sw": "Kiubora", "weight": 50},
        ],
        "weights_total": 100,
        "annual": "mean_of_periods",
        "appeal_days": 14,
        "progress_every_days": 7,
        "bands": [
            _band("very_poor", "Very poor performance", 0, 40, name_sw="Hafifu sana"),
            _band("poor", "Poor performance", 40, 60, name_sw="Hafifu"),
            _band("average", "Average performance", 60, 75, name_sw="Wastani"),
            _band("above_average", "Performance above average", 75, 90, name_sw="Juu ya wastani"),
            {**_band("outstanding", "Outstanding performance", 90, 100, name_sw="Bora sana"),
             "max_inclusive": True},
        ],
    },
}

DEFAULT_RULE_SETS: tuple[dict[str, Any], ...] = (
    ZA_SDBIP_RULES, ZA_S56_RULES, KE_PC_RULES, KE_SPAS_RULES, TZ_OPRAS_RULES, TZ_PEPMIS_RULES, COMPETENCY_FRAMEWORK,
)


def default_rule_set_codes() -> list[str]:
    return [rule_set["code"] for rule_set in DEFAULT_RULE_SETS]


def default_rule_set(code: str) -> dict[str, Any]:
    """A copy of the shipped rule set ``code``, safe for the caller to edit."""
    for rule_set in DEFAULT_RULE_SETS:
        if rule_set["code"] == code:
            return copy.deepcopy(rule_set)
    known = ", ".join(default_rule_set_codes())
    raise ScoringInputError("rules", f"no rule set called {code!r}; known: {known}")


def rule_set_ref(rule_set: Mapping[str, Any]) -> dict[str, Any]:
    """What a result records about the rules that produced it."""
    return {"code": rule_set.get("code"), "revision": rule_set.get("revision")}


def setting(rules: Mapping[str, Any], key: str) -> Any:
    """``rules["body"][key]``, or the shipped default's value for a rule set stored before ``key`` existed.

    Rule sets are stored once and revised by administrators, so one saved by an
    earlier version lacks the newer settings; it scores with the shipped values
    for those (and only those) until someone revises it.
    """
    body = rules["body"]
    if key in body:
        return body[key]
    for shipped in DEFAULT_RULE_SETS:
        if shipped["kind"] == rules.get("kind") and key in shipped["body"]:
            return shipped["body"][key]
    raise ScoringInputError("rules", f"rule set {rules.get('code')!r} has no {key!r}")


def require_kind(rule_set: Mapping[str, Any], *kinds: str) -> None:
    """Refuse a rule set made for another method (e.g. OPRAS rules for an S56 case)."""
    if rule_set.get("kind") not in kinds:
        raise ScoringInputError(
            "rules",
            f"rule set {rule_set.get('code')!r} is for {rule_set.get('kind')!r}, "
            f"this calculation needs {' or '.join(kinds)}",
        )


def validate_rule_set(rule_set: Mapping[str, Any]) -> None:
    """Check a whole rule set (code, kind, name, revision, body) before it is saved or used.

    Raises :class:`~pmsdesk.scoring.errors.RuleSetError` naming the field, e.g.
    ``body.bands[2].min: leaves a gap: band 1 ends at 100, band 2 starts at 110``.
    """
    from .rule_checks import check_rule_set

    check_rule_set(rule_set)
