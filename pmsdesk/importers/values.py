"""Reading what officials type into SDBIP cells: 'R 2 000 000.00', '12 450', '85%', '-', '31 May 2017'.

:func:`read_quantity` never fails: a cell it cannot read as a number or a
date comes back as text with a note, so the caller can keep it and raise a
data-quality flag instead of dropping it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pmsdesk.models import CalculationType, Direction, KpiConcept, KpiType, MeasureType

from .workbook import Percent

PLACEHOLDERS = frozenset({"", "-", "_", "--", "__", "---", "—", "–", ".", "n/a", "na", "n.a", "n.a.",
                          "none", "nil", "not applicable", "no target", "n/a."})
YES = frozenset({"yes", "y", "true", "done", "achieved"})
NO = frozenset({"no", "n", "false", "not done", "not achieved"})
_YEAR = re.compile(r"\d{4}")
_CURRENCY = r"(?P<cur>R|ZAR|KES|KSh|Ksh|Kshs|TZS|TSh|Tsh|USD|\$)?\s*"
_NUMBER = r"(?P<num>[-+]?(?:\d{1,3}(?:[ ,]\d{3})+|\d+)(?:[.,]\d+)?)"
_WHOLE = re.compile(rf"^{_CURRENCY}{_NUMBER}\s*(?P<pct>%)?$", re.IGNORECASE)
_LEADING = re.compile(rf"^{_CURRENCY}{_NUMBER}\s*(?P<pct>%)?\s*(?P<rest>[A-Za-z(].*)$", re.IGNORECASE)
_GROUPED = re.compile(r"[-+]?\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%d %B, %Y", "%B %d, %Y",
                 "%d.%m.%Y", "%Y/%m/%d")


@dataclass(frozen=True)
class Reading:
    """A cell as read: a number, a date or words, and how doubtful the reading is.

    ``text`` keeps the cell as typed whenever it was not cleanly a number or
    date; ``note`` says what was done, for a data-quality flag.
    """

    number: float | None = None
    day: date | None = None
    text: str | None = None
    percent: bool = False
    money: bool = False
    yes_no: bool = False
    rest: str | None = None  # words after a leading amount: '(own funding)'
    note: str | None = None

    @property
    def empty(self) -> bool:
        return self.number is None and self.day is None and self.text is None


def clean_text(value: Any) -> str:
    """The cell as one line of text with every kind of space made plain."""
    if type(value) is not str:
        value = _as_text(value)
    return " ".join(value.split())  # str.split() splits on every Unicode space, as regex \s does


def _as_text(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def is_placeholder(value: Any) -> bool:
    """'-', '_', 'N/A', 'none' and friends: nothing typed, i.e. no target this period."""
    return value is None or (isinstance(value, str) and clean_text(value).lower() in PLACEHOLDERS)


def _to_float(text: str) -> float:
    if _GROUPED.fullmatch(text):  # '12 450', '102,260,000.00'
        return float(text.replace(" ", "").replace(",", ""))
    return float(text.replace(",", "."))  # '12,5' written with a decimal comma


def show_number(number: float) -> str:
    """12450 → '12450', 0.85 → '0.85' (no exponents in messages)."""
    return f"{number:.0f}" if float(number).is_integer() else f"{number:.10g}"


def _date(text: str) -> date | None:
    if not _YEAR.search(text):  # every format has a four-digit year (%Y): without one it is never a date
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_quantity(value: Any) -> Reading:
    """Read a target, baseline, budget or weight cell without ever losing what it said."""
    if isinstance(value, str):
        text = clean_text(value)
        return Reading() if text.lower() in PLACEHOLDERS else _read_text(text)
    if value is None:
        return Reading()
    if isinstance(value, Percent):
        return Reading(number=float(value), percent=True)
    if isinstance(value, bool):
        return Reading(number=1.0 if value else 0.0, yes_no=True)
    if isinstance(value, (int, float)):
        return Reading(number=float(value))
    if isinstance(value, datetime):
        return Reading(day=value.date())
    if isinstance(value, date):
        return Reading(day=value)
    return _read_text(clean_text(value))


def _read_text(text: str) -> Reading:
    """:func:`read_quantity` of a cell that is not a placeholder, by its cleaned text."""
    lowered = text.lower()
    if lowered in YES or lowered in NO:
        return Reading(number=1.0 if lowered in YES else 0.0, yes_no=True)
    whole = _WHOLE.match(text)
    if whole:
        return Reading(number=_to_float(whole["num"]), percent=bool(whole["pct"]), money=bool(whole["cur"]))
    day = _date(text)
    if day is not None:
        return Reading(day=day)
    leading = _LEADING.match(text)
    if leading:
        number = _to_float(leading["num"])
        return Reading(number=number, text=text, percent=bool(leading["pct"]), money=bool(leading["cur"]),
                       rest=leading["rest"].strip(" ()"),
                       note=f"read the number {show_number(number)}{'%' if leading['pct'] else ''} from '{text}'")
    return Reading(text=text, note=f"'{text}' is not a number; kept as text")


def _aliases(enum: type[StrEnum], extra: dict[str, StrEnum]) -> dict[str, StrEnum]:
    found = {member.value.replace("_", " "): member for member in enum}
    found |= {member.name.lower().replace("_", " "): member for member in enum}
    return found | extra


C, M, D = CalculationType, MeasureType, Direction
CHOICES: dict[str, dict[str, StrEnum]] = {
    "calculation_type": _aliases(C, {
        "acc": C.ACCUMULATIVE, "cumulative": C.ACCUMULATIVE, "co": C.CARRY_OVER, "carry over": C.CARRY_OVER,
        "carryover": C.CARRY_OVER, "std": C.STAND_ALONE, "stand alone": C.STAND_ALONE,
        "standalone": C.STAND_ALONE, "non cumulative": C.STAND_ALONE, "average": C.STAND_ALONE,
        "last": C.LAST_VALUE, "rev": C.REVERSE_STAND_ALONE, "reverse": C.REVERSE_STAND_ALONE,
        "na": C.NOT_APPLICABLE, "n a": C.NOT_APPLICABLE}),
    "measure_type": _aliases(M, {
        "%": M.PERCENTAGE, "percent": M.PERCENTAGE, "rand": M.CURRENCY, "money": M.CURRENCY, "amount": M.CURRENCY,
        "yes no": M.YES_NO, "yesno": M.YES_NO, "text": M.TEXT_MILESTONE, "milestone": M.TEXT_MILESTONE,
        "numeric": M.NUMBER, "count": M.NUMBER}),
    "direction": _aliases(D, {
        "higher is better": D.HIGHER_IS_BETTER, "increase": D.HIGHER_IS_BETTER, "up": D.HIGHER_IS_BETTER,
        "lower is better": D.LOWER_IS_BETTER, "decrease": D.LOWER_IS_BETTER, "reduce": D.LOWER_IS_BETTER,
        "down": D.LOWER_IS_BETTER}),
    "kpi_type": _aliases(KpiType, {"s": KpiType.STRATEGIC, "o": KpiType.OPERATIONAL, "p": KpiType.PROJECT,
                                   "g": KpiType.PROGRAMME, "r": KpiType.REPORTING_REQUIREMENT}),
    "kpi_concept": _aliases(KpiConcept, {"in": KpiConcept.INPUT, "out": KpiConcept.OUTPUT,
                                         "oc": KpiConcept.OUTCOME, "act": KpiConcept.ACTIVITY,
                                         "imp": KpiConcept.IMPACT}),
}


def read_choice(field: str, value: Any) -> StrEnum | None:
    """A closed-vocabulary cell ('Carry Over', 'CO', 'carry_over'); ValueError lists what is allowed."""
    if is_placeholder(value):
        return None
    key = re.sub(r"[^a-z0-9%]+", " ", clean_text(value).lower()).strip()
    found = CHOICES[field].get(key)
    if found is None:
        allowed = ", ".join(sorted({member.value for member in CHOICES[field].values()}))
        raise ValueError(f"'{clean_text(value)}' is not a {field.replace('_', ' ')}; use one of {allowed}")
    return found


#: How an SDBIP's layer column says a KPI is (or is not) on the top layer, beside Yes and No.
TOP_LAYER_WORDS = {"top layer", "top-layer", "top", "tl", "top layer sdbip", "organisational", "organizational",
                   "municipal", "institutional"}
DEPARTMENTAL_WORDS = {"departmental", "department", "dept", "departmental sdbip", "directorate", "technical",
                      "lower layer", "operational"}


def read_layer(value: Any) -> bool | None:
    """The Top layer column: Yes/No, or words such as 'Top layer' or 'Departmental'; ValueError otherwise."""
    if not is_placeholder(value) and not isinstance(value, bool):
        lowered = " ".join(clean_text(value).lower().split())
        if lowered in TOP_LAYER_WORDS:
            return True
        if lowered in DEPARTMENTAL_WORDS:
            return False
    try:
        return read_flag(value)
    except ValueError:
        raise ValueError(f"'{clean_text(value)}' is not Yes, No, Top layer or Departmental") from None


def read_flag(value: Any) -> bool | None:
    """'Yes'/'No' (and TRUE/FALSE) for the Active column; ValueError otherwise."""
    if is_placeholder(value):
        return None
    if isinstance(value, bool):
        return value
    lowered = clean_text(value).lower()
    if lowered in YES or lowered in {"1", "active"}:
        return True
    if lowered in NO or lowered in {"0", "inactive"}:
        return False
    raise ValueError(f"'{clean_text(value)}' is not Yes or No")
