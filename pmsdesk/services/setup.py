"""Day one: turning an empty database into a real organisation with its own administrator.

The set-up wizard and ``pmsdesk init`` both call :func:`set_up_organisation`.
Each check (:func:`organisation_problems`, :func:`year_problems`,
:func:`administrator_problems`) is also called page by page by the wizard, so
a person sees a problem beside the field before the last page. Everything is
written in one unit of work: a refusal anywhere leaves the file empty.

A real database never holds a demo account; a demo database carries the
installation setting ``demo`` (see :mod:`.installation`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import KpaScope, Organisation, Role

from . import framework, rule_sets, users, years
from .actor import Actor
from .errors import ValidationError
from .installation import HEAD_OFFICE_DETAILS, holds_organisation
from .logos import prepared_logo
from .records import unit_of_work
from .setup_profiles import COUNTRIES, KIND_CHOICES, profile_defaults
from .validation import clean

#: The demo's account names (pmsdesk.demo.DEMO_USERS; a test keeps them equal): never a real administrator's.
DEMO_ACCOUNT_NAMES = frozenset({"admin", "pmsofficer", "capturer", "verifier", "approver", "viewer"})
ADMIN_PASSWORD_LENGTH = 10
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]*")
_YEAR = re.compile(r"(\d{4})(?:/(\d{2}))?")
#: Passwords nobody may give a real administrator: the demo's pattern and the first guesses.
_GUESSED = {"password", "password1", "pmsdesk", "administrator", "1234567890", "12345678", "qwertyuiop",
            "letmein123", "welcome123", "changeme", "admin12345"}


# -- checks, page by page -------------------------------------------------------------------------


def organisation_problems(session: Session, values: Mapping[str, Any]) -> dict[str, str]:
    """Every problem with the organisation page's values, keyed by field."""
    problems: dict[str, str] = {}
    try:
        clean(values, framework.ORGANISATION_FIELDS, partial=True)
    except ValidationError as error:
        problems |= error.problems
    code = values.get("code")
    if "code" not in problems and isinstance(code, str):
        if not _CODE.fullmatch(code.strip()):
            problems["code"] = _("use capital letters, digits, '-' or '_' (e.g. NGW or ZA-FS203); it names this office")
        elif session.scalar(select(Organisation.name).where(Organisation.code == code.strip())):
            problems["code"] = _("the organisation code {0} is already used in this database").format(code.strip())
    country = values.get("country")
    if country not in COUNTRIES:
        problems["country"] = _("must be one of {0}; got {1!r}").format(', '.join(COUNTRIES), country)
    kind = values.get("kind")
    allowed = [choice.value for choice, _label, countries in KIND_CHOICES if country in countries]
    if "kind" not in problems and country in COUNTRIES and kind not in allowed:
        problems["kind"] = _("for {0} must be one of {1}; got {2!r}").format(COUNTRIES[country], ', '.join(allowed), kind)
    return problems


def parse_year(text: str, start_month: int) -> int:
    """The start year of '2026/27' (or '2026' for a calendar year); ValidationError on 'year' otherwise."""
    match = _YEAR.fullmatch((text or "").strip())
    if match is None:
        raise ValidationError.single("year", _("write the financial year like 2026/27, got {0!r}").format(text))
    start = int(match.group(1))
    ends_next_year = start_month != 1
    if match.group(2) is None and ends_next_year:
        raise ValidationError.single("year", _(
                "a year starting in month {0} runs over two calendar years: "
                "write {1}/{2}").format(start_month, start, str(start + 1)[-2:]))
    if match.group(2) is not None and (not ends_next_year or int(match.group(2)) != (start + 1) % 100):
        expected = f"{start}/{str(start + 1)[-2:]}" if ends_next_year else str(start)
        raise ValidationError.single("year", _(
                "{0} is not a financial year starting in month {1}; did you mean {2}?").format(text, start_month, expected))
    if not 1990 <= start <= 2100:
        raise ValidationError.single("year", _("must start between 1990 and 2100, got {0}").format(start))
    return start


def year_problems(start_year: int, start_month: int, quarters: Sequence[tuple[date, date]] | None) -> dict[str, str]:
    """Problems with the first year's quarters; ``quarters`` None means laid out from the start month."""
    if quarters is None:
        return {}
    problems = years.quarter_problems(list(quarters))
    if not problems and quarters[0][0] != date(start_year, start_month, 1):
        problems["quarters[0]"] = (_(
                "Q1 starts {0:%d %b %Y}; the financial year starts "
                "{1:%d %b %Y}").format(quarters[0][0], date(start_year, start_month, 1)))
    return problems


def password_strength_problem(password: object, username: object = None) -> str | None:
    """Why ``password`` is too weak for a real administrator, or None."""
    if not isinstance(password, str) or len(password) < ADMIN_PASSWORD_LENGTH:
        return f"must be at least {ADMIN_PASSWORD_LENGTH} characters"
    folded = password.casefold()
    if "demo" in folded:
        return "looks like a demo password; a real database needs a password of your own"
    if folded in _GUESSED or len(set(folded)) < 4:
        return "is one of the first passwords anyone would guess; choose another"
    if isinstance(username, str) and username.strip() and username.strip().casefold() in folded:
        return "must not contain the user name"
    return None


def administrator_problems(username: object, full_name: object, password: object,
                           password_again: object | None = None) -> dict[str, str]:
    """Problems with the first administrator's account, keyed by field."""
    problems: dict[str, str] = {}
    try:
        data = clean({"username": username, "full_name": full_name}, users.USER_FIELDS)
    except ValidationError as error:
        problems |= error.problems
        data = {}
    name = data.get("username")
    if name is not None and (name.casefold() in DEMO_ACCOUNT_NAMES or not re.fullmatch(r"[\w.@-]+", name)):
        problems["username"] = (_(
                "{0!r} is a demo account name; use your own, e.g. your first name and surname (letters, digits, "
                "'.', '-', '_')").format(name) if re.fullmatch(r"[\w.@-]+", name)
                                else _("use letters, digits, '.', '-' or '_' and no spaces"))
    if problem := password_strength_problem(password, name):
        problems["password"] = problem
    elif password_again is not None and password_again != password:
        problems["password_again"] = _("does not match the password")
    return problems


# -- the set-up itself ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SetupRequest:
    """Everything the wizard's pages (or ``pmsdesk init``'s options) collected."""

    organisation: dict[str, Any]
    start_year: int
    admin_username: str
    admin_full_name: str
    admin_password: str
    quarters: list[tuple[date, date]] | None = None
    logo: bytes | None = None
    with_profile_defaults: bool = True


@dataclass(frozen=True)
class SetupResult:
    organisation_id: str
    code: str
    name: str
    year_label: str
    administrator: str
    kpas: int
    rule_sets: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"organisation_id": self.organisation_id, "code": self.code, "name": self.name,
                "year": self.year_label, "administrator": self.administrator, "kpas": self.kpas,
                "rule_sets": self.rule_sets}


def setup_problems(session: Session, request: SetupRequest) -> dict[str, str]:
    """Every problem with ``request`` across the pages, keyed by field."""
    problems = organisation_problems(session, request.organisation)
    month = request.organisation.get("year_start_month", 7)
    if isinstance(month, int) and 1 <= month <= 12:
        problems |= year_problems(request.start_year, month, request.quarters)
    problems |= administrator_problems(request.admin_username, request.admin_full_name, request.admin_password)
    if holds_organisation(session):
        problems["database"] = (_("this database already holds an organisation; set up a new organisation in a "
                                "new database file"))
    return problems


def set_up_organisation(session: Session, request: SetupRequest) -> SetupResult:
    """Create the organisation, its first year, its administrator and its profile defaults, all or nothing.

    The audit trail names the new administrator as the one who set it up.
    Raises ValidationError listing every problem (nothing written).
    """
    problems = setup_problems(session, request)
    logo = None
    if request.logo is not None:
        try:
            logo = prepared_logo(request.logo)
        except ValidationError as error:
            problems |= error.problems
    if problems:
        raise ValidationError(problems)
    username = request.admin_username.strip()
    actor = Actor.system(username)
    values = {key: value.strip() if isinstance(value, str) else value
              for key, value in request.organisation.items()}
    with unit_of_work(session):
        organisation = framework.create_organisation(session, actor, values)
        year = years.create_financial_year(session, actor, organisation.id, request.start_year, request.quarters)
        users.create_user(session, actor, {"username": username, "full_name": request.admin_full_name},
                          request.admin_password, [(Role.ADMINISTRATOR, None)])
        if logo is not None:
            from .organisation_details import set_organisation_logo  # it checks details with this module

            set_organisation_logo(session, actor, organisation.id, request.logo)
        kpas, stored = _profile_defaults(session, actor, organisation, request.with_profile_defaults)
        rule_sets.ensure_default_rule_sets(session, actor)
        from pmsdesk.sync.keys import set_office_code  # the office code is the organisation's

        set_office_code(session, actor, organisation.code)
        result = SetupResult(organisation.id, organisation.code, organisation.name, year.label, username, kpas, stored)
    return result


def _profile_defaults(session: Session, actor: Actor, organisation: Organisation, wanted: bool) -> tuple[int, list[str]]:
    if not wanted:
        return 0, []
    defaults = profile_defaults(organisation.country, organisation.kind)
    for code, name in defaults.kpas:
        framework.create_kpa(session, actor, organisation.id, {"code": code, "name": name, "scope": KpaScope.NATIONAL})
    stored = []
    present = {rules["code"] for rules in rule_sets.list_rule_sets(session)}
    for rules in defaults.item_lists:
        if rules["code"] not in present:
            rule_sets.store_rule_set(session, actor, rules, reason=f"set-up defaults for {organisation.code}")
            stored.append(rules["code"])
    return len(defaults.kpas), stored


HEAD_OFFICE_NAME_LENGTH = 200


def head_office_problems(code: object, name: object = None, country: object = None,
                         region: object = None) -> dict[str, str]:
    """Problems with head office's code, name, country and region, keyed by field ('code', 'name', …).

    ``name``, ``country`` and ``region`` may be None (``pmsdesk init-head-office`` without them);
    given, the name must not be blank and the country must be one pmsdesk knows.
    """
    problems: dict[str, str] = {}
    text = code.strip().upper() if isinstance(code, str) else ""
    if not text:
        problems["code"] = _("type head office's code, e.g. HEAD-OFFICE or ZA-COGTA: offices address packages to it")
    elif len(text) > 40 or not _CODE.fullmatch(text):
        problems["code"] = _("use up to 40 capital letters, digits, '-' or '_' (e.g. HEAD-OFFICE or ZA-COGTA)")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        problems["name"] = _("type head office's name as it should appear on screen, e.g. Free State COGTA")
    elif isinstance(name, str) and len(name.strip()) > HEAD_OFFICE_NAME_LENGTH:
        problems["name"] = _("at most {0} characters").format(HEAD_OFFICE_NAME_LENGTH)
    if country is not None and country not in COUNTRIES:
        problems["country"] = _(
                "must be one of {0} ({1}); got {2!r}").format(', '.join(COUNTRIES), ', '.join(COUNTRIES.values()), country)
    if region is not None and (not isinstance(region, str) or len(region.strip()) > HEAD_OFFICE_NAME_LENGTH):
        problems["region"] = _("at most {0} characters").format(HEAD_OFFICE_NAME_LENGTH)
    return problems


def set_up_head_office(session: Session, code: str, admin_username: str, admin_full_name: str,
                       admin_password: str, *, name: str | None = None, country: str | None = None,
                       region: str | None = None, admin_password_again: str | None = None) -> str:
    """A head office's empty database: its office code (marked head office), its name, country and region,
    its first administrator and the shipped rule sets, all or nothing. It holds no organisation of its own:
    offices' packages bring theirs.

    Raises ValidationError listing every problem (nothing written); returns the administrator's user name.
    """
    from pmsdesk.models import InstallationSetting, Organisation, User
    from pmsdesk.sync.keys import set_office_code

    from .audit import record_event

    problems = head_office_problems(code, name, country, region)
    problems |= administrator_problems(admin_username, admin_full_name or admin_username, admin_password,
                                       admin_password_again)
    if session.scalar(select(Organisation.id).limit(1)) or session.scalar(select(User.id).limit(1)):
        problems["database"] = _("already holds an organisation or user accounts; use a new, empty database file")
    if problems:
        raise ValidationError(problems)
    username = admin_username.strip()
    actor = Actor.system(username)
    details = {"name": name, "country": country, "region": region}
    with unit_of_work(session):
        users.create_user(session, actor, {"username": username, "full_name": admin_full_name or username},
                          admin_password, [(Role.ADMINISTRATOR, None)])
        rule_sets.ensure_default_rule_sets(session, actor)
        set_office_code(session, actor, code, head_office=True)
        for field_name, key in HEAD_OFFICE_DETAILS.items():
            given = details[field_name]
            value = given.strip() if isinstance(given, str) else None
            if value:
                session.add(InstallationSetting(key=key, value=value))
                record_event(session, actor, "create", "installation_setting", key, new={"value": value})
    return username
