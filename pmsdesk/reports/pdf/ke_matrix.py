"""Tables of the Kenyan performance contract: weights by criteria category, the matrix grouped by
category with the CIDP programme or ADP project each indicator serves, baseline and the previous two
years, and the evaluation (self-reported against verified)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable

from pmsdesk.i18n import N_, _
from pmsdesk.services.contract_programmes import unlinked_words
from pmsdesk.wording import plain_number

from .blocks import data_table, titled
from .styles import para

OTHER = N_("Indicators without a criteria category")


def _number(value: float | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    return f"{value:.{decimals}f}" if decimals is not None else plain_number(value)


def previous_years(label: str) -> tuple[str, str]:
    """'2025/26' → ('2023/24', '2024/25'): the two years whose achievement the matrix shows."""
    try:
        start = int(label[:4])
    except ValueError:
        return _("two years before"), _("last year")
    return tuple(f"{year}/{(year + 1) % 100:02d}" for year in (start - 2, start - 1))  # type: ignore[return-value]


def _groups(items: Sequence[dict[str, Any]], categories: Sequence[dict[str, Any]]) -> list[tuple[str, list]]:
    """Items by category in the rule set's order; an indicator of no known category last."""
    names = [category["name"] for category in categories]
    groups: dict[str, list] = {name: [] for name in names}
    for item in items:
        category = item.get("category")
        groups.setdefault(category if isinstance(category, str) and category in groups else OTHER, []).append(item)
    return [(name, members) for name, members in groups.items() if members or name in names]


def category_rows(items: Sequence[dict[str, Any]], categories: Sequence[dict[str, Any]]) -> list[list[str]]:
    """One row per category: its indicators, their weight, and the weight the rule set fixes (or not)."""
    fixed = {category["name"]: category.get("weight") for category in categories}
    rows = []
    for name, members in _groups(items, categories):
        weight = fixed.get(name)
        rows.append([name, str(len(members)), _number(sum(i["weight"] for i in members)),
                     _("not set") if weight is None else _number(weight)])
    rows.append([_("Total"), str(len(items)), _number(sum(i["weight"] for i in items)), ""])
    return rows


def matrix_by_category(items: Sequence[dict[str, Any]], categories: Sequence[dict[str, Any]],
                       years: tuple[str, str], width: float) -> list[Flowable]:
    header = ["#", _("Performance indicator"), _("CIDP programme / ADP project"), _("Unit"), _("Weight (%)"), _("Baseline"),
              _("Achieved {0}").format(years[0]), _(
                      "Achieved {0}").format(years[1]), _("Target (Very Good)"), _("Excellent (1)"), _("Good (3)"),
              _("Fair (4)"), _("Poor (5)")]
    shares = (0.03, 0.2, 0.14, 0.06, 0.05, 0.06, 0.07, 0.07, 0.07, 0.06, 0.055, 0.055, 0.055)
    out: list[Flowable] = []
    number = 0
    for name, members in _groups(items, categories):
        if not members:
            continue
        rows = []
        for item in members:
            number += 1
            excellent, very_good, good, fair, poor = item["criteria"]
            rows.append([str(number), item["title"], item.get("programme") or _("none"), item["unit_of_measure"] or "",
                         _number(item["weight"]),
                         _number(item.get("baseline")), _number(item.get("achieved_year_before")),
                         _number(item.get("achieved_last_year")), _number(very_good), _number(excellent),
                         _number(good), _number(fair), _number(poor)])
        rows.append(["", _("Subtotal: {0}").format(_(name)), "", "", _number(sum(i["weight"] for i in members)),
                     "", "", "", "", "", "", "", ""])
        out += titled(name, data_table(header, rows, [s * width for s in shares],
                                       right_align=tuple(range(4, 13)), total_rows=(len(rows) - 1,)), width, "h2")
    unlinked = unlinked_words([item["title"] for item in items if not item.get("programme_id")])
    out.append(para(_("Check: {0}.").format(unlinked) if unlinked else
                    _("Check: every indicator serves a CIDP programme or ADP project."), "note"))
    return out


def evaluation_table(facts: dict[str, Any], assessment: dict[str, Any], result: dict[str, Any] | None,
                     width: float):
    """Per indicator: the self-reported value and its evidence, the verified value and note, and the scores
    (of the verified values once verified)."""
    ratings = assessment["ratings"]
    scores = dict(enumerate(result["indicators"])) if result else {}
    rows = []
    for index, item in enumerate(facts["items"]):
        line = ratings.get(item["id"], {})
        score = scores.get(index)
        rows.append([str(index + 1), item["title"], _number(item["weight"]), _number(item["criteria"][1]),
                     _number(line.get("actual")), line.get("evidence") or "", _number(line.get("verified_actual")),
                     line.get("verifier_note") or "", _number(score and score["raw_score"], 2),
                     _number(score and score["weighted_score"], 3), _((score and (score["grade"] or {}).get("name")) or "")])
    rows.append(["", _("Composite"), _number(sum(i["weight"] for i in facts["items"])), "", "", "", "", "", "",
                 (result and result["composite_text"]) or "", _((result and (result["grade"] or {}).get("name")) or "")])
    header = ["#", _("Performance indicator"), _("Weight (%)"), _("Target"), _("Self-reported"), _("Evidence"), _("Verified"),
              _("Verifier's note"), _("Raw score"), _("Weighted score"), _("Grade")]
    shares = (0.03, 0.22, 0.06, 0.06, 0.085, 0.145, 0.065, 0.14, 0.06, 0.07, 0.07)
    return data_table(header, rows, [s * width for s in shares], right_align=(2, 3, 4, 6, 8, 9),
                      total_rows=(len(rows) - 1,))
