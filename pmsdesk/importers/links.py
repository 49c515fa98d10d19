"""Finding (or creating) the KPAs, units and strategic objectives an imported KPI points at.

Names are matched case- and space-insensitively against codes and names
already in the database, so the same workbook imported twice reuses what the
first import created. Programmes and officials are only matched, never
created: an unknown one becomes a data-quality flag on the KPI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import FinancialYear, Kpa, Organisation, Person, Plan, Programme, StrategicObjective, Unit
from pmsdesk.services import entities, framework
from pmsdesk.services.actor import Actor
from pmsdesk.vocabulary import vocabulary_for

from .rows import KpaHeading, national_kpa

_STOP_WORDS = {"of", "and", "the", "in", "for", "to", "a", "s"}
_OBJECTIVE_CODE = re.compile(r"^(?P<code>[^:]{1,40}?)\s*:\s*(?P<title>.+)$", re.DOTALL)


def key(text: str | None) -> str:
    return " ".join(str(text or "").casefold().split())


_UNIT_NOISE = {"directorate", "department", "dept", "of", "the", "and", "unit", "office", "division"}


def unit_words(name: str) -> frozenset[str]:
    """A unit name's significant words, singular: 'Dept. of Technical Services & Roads' → technical, service, road."""
    words = re.findall(r"[a-z0-9]+", name.casefold().replace("&", " and "))
    return frozenset(word[:-1] if len(word) > 3 and word.endswith("s") else word
                     for word in words if word not in _UNIT_NOISE)


def make_code(name: str, taken: set[str], prefix: str = "") -> str:
    """Initials of the significant words ('Technical Services' → 'TS'), made unique with a number."""
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.lower() not in _STOP_WORDS]
    base = (prefix + "".join(w[0] for w in words).upper())[:30] or prefix or "X"
    code, number = base, 1
    while code.casefold() in taken:
        number += 1
        code = f"{base}{number}"
    taken.add(code.casefold())
    return code


@dataclass(frozen=True)
class Created:
    """A framework record the import made (reported, and forgotten if its row is rolled back)."""

    kind: str
    code: str
    name: str
    id: str


class LinkResolver:
    """Maps the words in a row to record ids, creating framework records through the services."""

    def __init__(self, session: Session, actor: Actor, organisation: Organisation, year: FinancialYear) -> None:
        self.session, self.actor, self.organisation, self.year = session, actor, organisation, year
        self.created: list[Created] = []
        #: Loose unit matches made (the name as written → what it was read as), for the rows' guesses.
        self.unit_guesses: dict[str, str] = {}
        org = organisation.id
        self.kpas = self._index(session.scalars(select(Kpa).where(Kpa.organisation_id == org)), "code", "name")
        self.units = self._index(session.scalars(select(Unit).where(Unit.organisation_id == org)), "code", "name")
        self.programmes = self._index(
            session.scalars(select(Programme).where(Programme.organisation_id == org)), "code", "name")
        self.people = self._index(session.scalars(select(Person).where(Person.organisation_id == org)), "full_name")
        self.plan: Plan | None = None
        self.objectives: dict[str, Any] = {}

    @staticmethod
    def _index(records, *attributes: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for record in records:
            for attribute in attributes:
                found.setdefault(key(getattr(record, attribute)), record)
        return found

    def _remember(self, index: dict[str, Any], record: Any, kind: str, code: str, name: str) -> None:
        index[key(code)] = index[key(name)] = record
        self.created.append(Created(kind, code, name, record.id))

    def forget(self, created: list[Created]) -> None:
        """Drop records created inside a row (or batch of rows) that was then rolled back."""
        for item in created:
            if item.kind == "plan":
                self.plan, self.objectives = None, {}  # found or made again when next needed
            for index in (self.kpas, self.units, self.objectives):
                for name in [n for n, record in index.items() if getattr(record, "id", None) == item.id]:
                    del index[name]
            self.created.remove(item)

    # ------------------------------------------------------------------ KPAs
    def kpa(self, text: str | None, heading: KpaHeading | None) -> tuple[str | None, str | None]:
        """The KPA's id and, when the name was matched loosely, the guess to show ('Good Governance' read as
        'Good Governance and Public Participation'): a close name never makes a second KPA beside the first."""
        name = text or (heading.name if heading else None)
        if not name:
            return None, None
        weight = heading.weight if heading and not text else None
        national = national_kpa(name)
        found = self.kpas.get(key(name)) or (self.kpas.get(key(national[1])) if national else None)
        guess = None
        if found is None and national is None:
            found = self._close_kpa(name)
        if found is not None and key(name) not in (key(found.name), key(found.code)):
            guess = f"'{name}' read as the KPA '{found.name}'"
        if found is not None:
            if weight is not None and found.weight is None:
                entities.update_entity(self.session, self.actor, "kpa", found.id, {"weight": weight},
                                       reason="weight from the KPA heading of an imported SDBIP")
            return found.id, guess
        taken = {code for code in self.kpas}
        code = national[0] if national and national[0].casefold() not in taken else make_code(name, taken)
        kpa_name = national[1] if national else name
        values = {"code": code, "name": kpa_name, "scope": "national" if national else "local", "weight": weight}
        if national and key(name) != key(national[1]):
            guess = f"'{name}' read as the national KPA '{national[1]}'"
        record = framework.create_kpa(self.session, self.actor, self.organisation.id, values)
        self._remember(self.kpas, record, "kpa", code, kpa_name)
        return record.id, guess

    def _close_kpa(self, name: str) -> Kpa | None:
        """The one KPA whose name holds every significant word of ``name``; None when none or several do."""
        words = {w for w in re.findall(r"[a-z0-9]+", name.casefold()) if w not in _STOP_WORDS}
        if not words:
            return None
        close = {record.id: record for record in self.kpas.values()
                 if words <= {w for w in re.findall(r"[a-z0-9]+", record.name.casefold())}}
        return next(iter(close.values())) if len(close) == 1 else None

    # ----------------------------------------------------------------- units
    def _unit(self, name: str, level: str, parent: Unit | None) -> Unit:
        found = self.units.get(key(name)) or self._close_unit(name)
        if found is not None:
            return found
        code = make_code(name, set(self.units))
        values = {"code": code, "name": name, "level": level, "parent_id": parent.id if parent else None}
        record = framework.create_unit(self.session, self.actor, self.organisation.id, values)
        self._remember(self.units, record, "unit", code, name)
        return record

    def _close_unit(self, name: str) -> Unit | None:
        """The one unit whose name differs from ``name`` only in '&' for 'and', a plural 's' or a word such as
        'Directorate' or 'Department of' ('Technical Service' is 'Directorate: Technical Services')."""
        wanted = unit_words(name)
        if not wanted:
            return None
        close = {record.id: record for record in self.units.values() if unit_words(record.name) == wanted}
        if len(close) != 1:
            return None
        found = next(iter(close.values()))
        self.unit_guesses[key(name)] = f"'{name}' read as the unit '{found.name}'"
        return found

    def unit(self, directorate: str | None, department: str | None, sheet: str) -> str | None:
        """The most specific unit named; a sheet named after an existing unit counts as its directorate."""
        if not directorate and not department:
            found = self.units.get(key(sheet))
            return found.id if found is not None else None
        top = self._unit(directorate, "directorate", None) if directorate else None
        if department and key(department) != key(directorate):
            return self._unit(department, "department", top).id
        return top.id if top is not None else None

    # ------------------------------------------------------------ objectives
    def _plan(self) -> Plan:
        if self.plan is None:
            start, end = self.year.start_date.year, self.year.end_date.year
            plans = list(self.session.scalars(select(Plan).where(Plan.organisation_id == self.organisation.id)
                                              .order_by(Plan.start_year)))
            covering = [p for p in plans if p.start_year <= start <= p.end_year]
            self.plan = next(iter(covering or plans), None)
            if self.plan is None:
                words = vocabulary_for(self.organisation.country)
                title = f"Strategic objectives imported with the {self.year.label} {words.annual_plan}"
                values = {"kind": words.plan_kinds[0].value, "title": title, "start_year": start, "end_year": end}
                self.plan = framework.create_plan(self.session, self.actor, self.organisation.id, values)
                self.created.append(Created("plan", self.year.label, title, self.plan.id))
            self.objectives = self._index(self.session.scalars(
                select(StrategicObjective).where(StrategicObjective.plan_id == self.plan.id)), "code", "title")
        return self.plan

    def objective(self, text: str | None) -> str | None:
        if not text:
            return None
        plan = self._plan()
        match = _OBJECTIVE_CODE.match(text)
        code, title = (match["code"].strip(), match["title"].strip()) if match else (None, text)
        found = self.objectives.get(key(code)) if code else None
        found = found or self.objectives.get(key(title)) or self.objectives.get(key(text))
        if found is not None:
            return found.id
        if not code or key(code) in self.objectives:
            number = 1
            while f"so{number}" in self.objectives:
                number += 1
            code = f"SO{number}"
        record = framework.create_objective(self.session, self.actor, plan.id, {"code": code, "title": title})
        self._remember(self.objectives, record, "strategic_objective", code, title)
        return record.id

    # ----------------------------------------------------- matched, not made
    def programme(self, text: str | None) -> str | None:
        found = self.programmes.get(key(text)) if text else None
        return found.id if found is not None else None

    def person(self, text: str | None) -> str | None:
        found = self.people.get(key(text)) if text else None
        return found.id if found is not None else None
