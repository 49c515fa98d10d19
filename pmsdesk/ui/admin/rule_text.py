"""A rule set's values as an official reads them: bands with their ranges, weights, caps, scales.

Rule set bodies are data of several shapes (SDBIP bands, S56 components and
bonus bands, Kenyan grades, OPRAS scales); this renders any of them as HTML
headings, short tables and plain sentences instead of JSON.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication

from pmsdesk.wording import plain_number

#: Keys shown as part of a band's range rather than as columns of their own.
RANGE_KEYS = ("min", "max", "min_inclusive", "max_inclusive")


def field_label(key: str) -> str:
    """'rollup_achievement_cap' → 'Rollup achievement cap'."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return QCoreApplication.translate("admin.rule_text",
                "Yes") if value else QCoreApplication.translate("admin.rule_text", "No")
    if isinstance(value, (int, float)):
        return plain_number(value)
    return str(value)


def band_range(band: dict[str, Any]) -> str:
    """'from 75 to under 100', 'exactly 100', 'over 100 to under 150', '150 and above'."""
    low, high = band.get("min"), band.get("max")
    if low is not None and low == high:
        return QCoreApplication.translate("admin.rule_text", "exactly {0}").format(value_text(low))
    lower = "" if low is None else ("from " if band.get("min_inclusive", True) else "over ") + value_text(low)
    if high is None:
        if band.get("min_inclusive", True):
            return QCoreApplication.translate("admin.rule_text", "{0} and above").format(value_text(low))
        return QCoreApplication.translate("admin.rule_text", "{0} (no upper limit)").format(lower)
    upper = (QCoreApplication.translate("admin.rule_text",
            "up to and including ") if band.get("max_inclusive") else "under ") + value_text(high)
    if not lower:
        return upper
    return f"{lower} {upper}" if band.get("max_inclusive") else QCoreApplication.translate("admin.rule_text",
            "{0} to {1}").format(lower, upper)


def _is_band(item: Any) -> bool:
    return isinstance(item, dict) and "min" in item and "max" in item


def _swatch(colour: str) -> str:
    return f'<span style="color:{escape(colour)}">■</span> {escape(colour)}'


def _cell(key: str, value: Any) -> str:
    if key == "colour" and isinstance(value, str):
        return _swatch(value)
    if isinstance(value, dict):
        return escape(", ".join(f"{field_label(k)}: {value_text(v)}" for k, v in value.items()))
    return escape(value_text(value))


def _table(items: list[Any]) -> str:
    if not all(isinstance(item, dict) for item in items):
        return escape(", ".join(value_text(item) for item in items))
    bands = all(_is_band(item) for item in items)
    keys = list(dict.fromkeys(key for item in items for key in item if not (bands and key in RANGE_KEYS)))
    headers = ([QCoreApplication.translate("admin.rule_text", "Range")] if bands else []) + [field_label(key) for key in keys]
    rows = []
    for item in items:
        cells = ([escape(band_range(item))] if bands else []) + [_cell(key, item.get(key)) for key in keys]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th align='left'>{escape(header)}</th>" for header in headers)
    return f"<table cellspacing='0' cellpadding='3' border='1'><tr>{head}</tr>{''.join(rows)}</table>"


def _section(key: str, value: Any) -> str:
    title = escape(field_label(key))
    if isinstance(value, list):
        return f"<h4>{title}</h4>{_table(value)}"
    if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
        inner = "".join(_section(k, v) for k, v in value.items())
        return f"<h4>{title}</h4><div style='margin-left:12px'>{inner}</div>"
    if isinstance(value, dict):
        if _is_band(value) and set(value) <= set(RANGE_KEYS):
            return f"<p><b>{title}:</b> {escape(band_range(value))}</p>"
        return f"<p><b>{title}:</b> " + ", ".join(
            f"{escape(field_label(k))} {_cell(k, v)}" for k, v in value.items()) + "</p>"
    return f"<p><b>{title}:</b> {_cell(key, value)}</p>"


def rule_set_html(rules: dict[str, Any]) -> str:
    """The whole rule set: name, what it is for, then each part of its body."""
    head = (QCoreApplication.translate("admin.rule_text",
            "<h3>{0}</h3><p><i>{1}, revision {2} · method {3}</i></p>").format(escape(rules['name']),
            escape(rules['code']),
            rules['revision'],
            escape(rules['kind'])))
    if rules.get("description"):
        head += f"<p>{escape(rules['description'])}</p>"
    return head + "".join(_section(key, value) for key, value in rules["body"].items())
