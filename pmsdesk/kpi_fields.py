"""Every field of a KPI, and where each one shows, in one place.

One entry per column of the ``kpi`` table, in the model's order. The services'
validation (type, length, range, required), the KPI editor (its label, widget
and hint), the SDBIP importer (the column's heading and the other headings
that name it) and the register export (the same heading, so an export imports
back) all read this table instead of listing fields of their own. ``FORM``
says where the editor places each field and ``WORKBOOK`` where a workbook's
columns go; a test holds both to the table. The quarters' target and budget
columns, and the directorate and department a KPI's unit is found by, are the
workbook's own columns (``pmsdesk/importers/columns.py``).

Adding a field: an entry here, its key in ``FORM`` (if edited) and ``WORKBOOK``
(if it has a heading), a column in ``models/kpi.py`` and a migration: the steps are in
docs/DEVELOPING.md, "Adding a KPI field".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pmsdesk.i18n import N_
from pmsdesk.models.enums import CalculationType, Direction, KpiConcept, KpiType, MeasureType

#: What a field holds. ``measured`` is a figure whose shape follows the measure (a number, a date, Yes/No or
#: words, kept across the field and the fields ``shown_by`` it); ``link`` is the id of another record.
Kind = Literal["text", "number", "date", "choice", "flag", "link", "measured"]
#: The editor's widget: one line, a few lines, a drop-down of choices or records, a tick box; None: not edited
#: on its own (it is shown through the field named in ``shown_by``).
Editor = Literal["line", "lines", "choice", "link", "check"]


@dataclass(frozen=True)
class KpiField:
    key: str  # the kpi column
    label: str  # the editor's caption, with its & shortcut (marked for the catalogues)
    kind: Kind
    length: int | None = None  # text: the most characters accepted
    required: bool = False
    minimum: float | None = None  # number: the range accepted
    maximum: float | None = None
    choices: type[StrEnum] | None = None  # choice: the enumeration
    editor: Editor | None = "line"
    hint: str = ""  # the editor's placeholder
    heading: str | None = None  # the workbook column's heading (in English; exports translate it); None: no column
    aliases: tuple[str, ...] = ()  # other headings that name the column
    continued: bool = False  # a row below the KPI with only words may add to it (long texts wrapped over rows)
    shown_by: str | None = None  # the field that shows and reads this one (a target's words or date)
    keeps: str | None = None  # a link column whose words it holds when they match no record
    true_or_empty: bool = False  # flag: a mark, stored True or empty (False reads as empty, as before the mark existed)

    @property
    def column(self) -> str | None:
        """The workbook column's key: a link is named without its '_id' ('kpa_id' → 'kpa')."""
        return self.key.removesuffix("_id") if self.heading else None

    @property
    def headings(self) -> tuple[str, ...]:
        """Every heading that names the column, the exported one first."""
        return (self.heading, *self.aliases) if self.heading else ()


FIELDS: tuple[KpiField, ...] = (
    KpiField("reference", N_("&Reference:"), "text", length=40, required=True, hint=N_("e.g. BSD 12"),
             heading=N_("KPI Ref"), aliases=(
                 "kpi ref no", "kpi ref number", "ref no", "ref", "reference", "kpi reference", "kpi no",
                 "kpi number", "kpi id", "kpi code", "indicator code", "ref number", "reference no",
                 "reference number", "sdbip ref", "idp ref", "item no", "no")),
    KpiField("name", N_("&Name:"), "text", length=2000, required=True, editor="lines", heading=N_("KPI"), aliases=(
        "kpi name", "key performance indicator", "key performance indicators", "performance indicator",
        "indicator", "indicator name", "kpi description", "measurable objective", "output indicator", "kpis"),
             continued=True),
    KpiField("definition", N_("De&finition:"), "text", length=4000, editor="lines", heading=N_("Definition"),
             aliases=("kpi definition", "indicator definition", "description", "technical definition"),
             continued=True),
    KpiField("unit_of_measure", N_("Unit of meas&ure:"), "text", length=200,
             hint=N_("e.g. households, km, % of budget"), heading=N_("Unit of measure"),
             aliases=("unit of measurement", "measure", "uom", "unit of measure uom"), continued=True),
    KpiField("measure_type", N_("&Measure type:"), "choice", required=True, choices=MeasureType, editor="choice",
             heading=N_("Measure type"), aliases=("type of measure", "measurement type", "kpi measure type")),
    KpiField("calculation_type", N_("C&alculation type:"), "choice", required=True, choices=CalculationType,
             editor="choice", heading=N_("Calculation type"), aliases=(
                 "kpi calculation type", "calc type", "type of calculation", "calculation", "aggregation")),
    KpiField("direction", N_("&Direction:"), "choice", required=True, choices=Direction, editor="choice",
             heading=N_("Direction"), aliases=("desired performance", "polarity", "desired direction")),
    KpiField("baseline", N_("Base&line:"), "measured", hint=N_("last year's figure"), heading=N_("Baseline"),
             aliases=("baseline performance", "baseline figure", "previous year actual", "status quo")),
    KpiField("baseline_text", "", "text", length=2000, editor=None, shown_by="baseline"),
    KpiField("annual_target", N_("Annual &target:"), "measured", heading=N_("Annual target"), aliases=(
        "target", "annual targets", "yearly target", "target for the year", "annual target for the year",
        "year target")),
    KpiField("annual_target_date", "", "date", editor=None, shown_by="annual_target"),
    KpiField("annual_target_text", "", "text", length=2000, editor=None, shown_by="annual_target"),
    KpiField("budget", N_("&Budget:"), "number", minimum=0, hint="e.g. 2500000", heading=N_("Budget"), aliases=(
        "budget r", "annual budget", "budget amount", "project budget", "budget allocation", "amount",
        "budget rand", "budget ksh", "budget tzs")),
    KpiField("budget_vote", N_("Budget &vote:"), "text", length=100, heading=N_("Budget vote"), aliases=(
        "vote", "vote no", "vote number", "mscoa vote", "funding source", "source of funding", "account no",
        "account", "account number", "gl account", "mscoa", "mscoa segment", "mscoa project segment",
        "mscoa code", "item code", "budget item", "line item")),
    KpiField("weight", N_("W&eight (%):"), "number", minimum=0, maximum=100, hint="0–100", heading=N_("Weight"),
             aliases=("weighting", "kpi weight", "weight percent")),
    KpiField("ward", N_("&Ward:"), "text", length=200, hint=N_("e.g. Ward 7"), heading=N_("Ward"),
             aliases=("wards", "ward no", "location", "area"), continued=True),
    KpiField("kpa_id", N_("&KPA:"), "link", editor="link", heading=N_("KPA"), aliases=(
        "kpa name", "key performance area", "kpa code", "municipal kpa", "municipal key performance area")),
    KpiField("strategic_objective_id", N_("Strategic &objective:"), "link", editor="link",
             heading=N_("Strategic objective"), aliases=(
                 "objective", "development objective", "idp objective", "strategic objectives",
                 "strategic objective name", "idp strategic objective", "idp strategic objectives")),
    KpiField("programme_id", N_("&Programme:"), "link", editor="link", heading=N_("Programme"),
             aliases=("program", "programme code", "programme name", "idp programme")),
    # Found in a workbook by its directorate and department columns (importers/columns.py).
    KpiField("responsible_unit_id", N_("Responsible &unit:"), "link", editor="link"),
    KpiField("responsible_person_id", N_("Responsible o&fficial:"), "link", editor="link",
             heading=N_("Responsible official"), aliases=(
                 "responsible person", "responsible manager", "kpi owner", "owner", "custodian", "kpi custodian",
                 "indicator custodian", "responsible official custodian", "accountable official",
                 "accountable person")),
    KpiField("data_source", N_("Data sou&rce:"), "text", length=4000, editor="lines", heading=N_("Data source"),
             aliases=("source of data", "source of information"), continued=True),
    KpiField("required_evidence", N_("Evidence re&quired:"), "text", length=4000, editor="lines",
             heading=N_("Portfolio of evidence"), aliases=(
                 "poe", "source of evidence", "evidence", "evidence required", "required evidence",
                 "means of verification", "measurement source and frequency", "measurement source",
                 "source of verification", "portfolio of evidence poe", "verification source", "proof of evidence",
                 "evidence poe"), continued=True),
    KpiField("kpi_type", N_("KPI t&ype:"), "choice", choices=KpiType, editor="choice", heading=N_("KPI type"),
             aliases=("type of kpi", "indicator type", "type of indicator")),
    KpiField("kpi_concept", N_("KPI conce&pt:"), "choice", choices=KpiConcept, editor="choice",
             heading=N_("KPI concept"), aliases=("concept", "indicator concept")),
    KpiField("is_active", N_("&Active (listed in the register and reported on)"), "flag", editor="check",
             heading=N_("Active"), aliases=("is active",)),
    KpiField("top_layer", N_("Top-layer &SDBIP"), "flag", editor="check", true_or_empty=True,
             hint=N_("On the organisational scorecard rather than a departmental SDBIP; managers' agreements take "
                     "top-layer KPIs by default"),
             heading=N_("Top layer"), aliases=("top layer sdbip", "top layer kpi", "top layer yes no", "tl", "tl sdbip",
                                           "layer", "sdbip layer", "organisational kpi", "municipal scorecard")),
    # The descriptive words a published SDBIP carries beside its measures (kpi_texts.py names them).
    KpiField("national_kpa", N_("Nat&ional KPA:"), "text", length=200,
             hint=N_("when the SDBIP names it beside the municipal KPA"), heading=N_("National KPA"),
             aliases=("national key performance area", "national kpas", "nkpa"), continued=True),
    KpiField("strategy", N_("IDP strate&gy:"), "text", length=2000, hint=N_("the IDP strategy the KPI carries out"),
             heading=N_("IDP strategy"), aliases=(
                 "strategy", "strategies", "idp strategies", "municipal strategy", "strategic intervention",
                 "strategic interventions"), continued=True),
    KpiField("focus_area", N_("Focus area:"), "text", length=200, hint=N_("e.g. Water and sanitation"),
             heading=N_("Focus area"), aliases=(
                 "focus areas", "key focus area", "priority area", "priority", "idp priority", "idp focus area",
                 "focus area priority"), continued=True),
    KpiField("project", N_("Pro&ject / activity:"), "text", length=2000, hint=N_("as the SDBIP writes it"),
             heading=N_("Project / activity"), aliases=(
                 "project", "project name", "activity project", "activity or project", "project activity",
                 "activity", "activities", "projects", "programme project", "project description"),
             continued=True, keeps="programme"),
    KpiField("custodian", N_("Custodian (as &written):"), "text", length=200,
             hint=N_("post or name, when nobody above is linked"), keeps="responsible_person"),
)
FIELD_BY_KEY = {field.key: field for field in FIELDS}

#: The KPI editor's two columns, top to bottom: what the KPI is and links to; how it is measured.
FORM: tuple[tuple[str, ...], ...] = (
    ("reference", "name", "definition", "kpa_id", "national_kpa", "strategic_objective_id", "strategy",
     "focus_area", "programme_id", "project", "responsible_unit_id", "responsible_person_id", "custodian",
     "kpi_type", "kpi_concept", "budget", "budget_vote", "ward"),
    ("measure_type", "unit_of_measure", "calculation_type", "direction", "baseline", "annual_target", "weight",
     "data_source", "required_evidence", "top_layer", "is_active"),
)

#: A workbook's columns, left to right: each field's ``column`` and the workbook's own (importers/columns.py).
WORKBOOK: tuple[str, ...] = (
    "reference", "name", "definition", "unit_of_measure", "kpa", "national_kpa", "strategic_objective", "strategy",
    "focus_area", "directorate", "department", "measure_type", "calculation_type", "direction", "baseline",
    "annual_target", "target_q1", "target_q2", "target_q3", "target_q4", "budget_q1", "budget_q2", "budget_q3",
    "budget_q4", "budget", "budget_vote", "weight", "ward", "data_source", "required_evidence", "programme",
    "project", "responsible_person", "kpi_type", "kpi_concept", "is_active", "top_layer")


def of_kind(*kinds: Kind, column: bool = False) -> tuple[KpiField, ...]:
    """The fields of these kinds (``column``: only those with a workbook column), in the table's order."""
    return tuple(field for field in FIELDS if field.kind in kinds and (field.column or not column))


def columns_of(fields: Iterable[KpiField]) -> tuple[str, ...]:
    """The workbook columns of ``fields`` that have one."""
    return tuple(column for field in fields if (column := field.column))
