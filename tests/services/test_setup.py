"""The set-up service: a real organisation in one transaction, and every refusal leaves the file empty."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from pmsdesk.models import (
    AuditEvent,
    FinancialYear,
    InstallationSetting,
    Kpa,
    Organisation,
    OrganisationLogo,
    ReportingPeriod,
    RuleSet,
    User,
)
from pmsdesk.services import framework, organisation_details, years
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import PermissionDenied, ValidationError
from pmsdesk.services.installation import is_demo_database
from pmsdesk.services.logos import MAX_SIDE, read_logo_file
from pmsdesk.services.setup import (
    DEMO_ACCOUNT_NAMES,
    SetupRequest,
    parse_year,
    password_strength_problem,
    set_up_organisation,
)

ORGANISATION = {"code": "NGW", "name": "Ngwathe Local Municipality", "kind": "local_municipality",
                "country": "ZA", "year_start_month": 7, "region": "Free State"}


def png(width: int = 900, height: int = 600, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1f4e78").save(out, kind)
    return out.getvalue()


def request(**changes) -> SetupRequest:
    values = {"organisation": dict(ORGANISATION), "start_year": 2026, "admin_username": "thabo.mokoena",
              "admin_full_name": "Thabo Mokoena", "admin_password": "Vaal-river-2026"}
    return SetupRequest(**{**values, **changes})


def counts(session) -> tuple[int, ...]:
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (Organisation, FinancialYear, User, Kpa, RuleSet, AuditEvent, InstallationSetting))


@pytest.fixture
def session(empty_database):
    with empty_database.session() as session:
        yield session


def test_set_up_creates_the_organisation_year_administrator_and_south_african_defaults(session):
    result = set_up_organisation(session, request(logo=png()))

    organisation = session.scalar(select(Organisation))
    assert (organisation.code, organisation.kind.value, organisation.region) == \
        ("NGW", "local_municipality", "Free State")
    year = session.scalar(select(FinancialYear))
    assert (year.label, year.start_date, year.end_date) == ("2026/27", date(2026, 7, 1), date(2027, 6, 30))
    assert len(session.scalars(select(ReportingPeriod)).all()) == 4
    assert [user.username for user in session.scalars(select(User))] == ["thabo.mokoena"]
    assert not set(session.scalars(select(User.username))) & DEMO_ACCOUNT_NAMES
    assert sorted(session.scalars(select(Kpa.code))) == ["BSD", "GGPP", "LED", "MFVM", "MTID"]
    ccr = session.scalar(select(RuleSet).where(RuleSet.code == "za_ccr"))
    assert ccr.kind == "item_list" and "GN R805" in ccr.description
    assert [item["title"] for item in ccr.body["items"] if item["compulsory"]] == [
        "Financial Management", "People Management and Empowerment", "Client Orientation and Customer Focus"]
    logo = Image.open(io.BytesIO(session.get(OrganisationLogo, organisation.id).content))
    assert logo.format == "PNG" and max(logo.size) == MAX_SIDE, "scaled to fit the header"
    assert session.get(InstallationSetting, "office_code").value == "NGW"
    assert not is_demo_database(session)
    assert {event.actor for event in session.scalars(select(AuditEvent))} == {"thabo.mokoena"}
    assert result.rule_sets == ["za_ccr"] and result.kpas == 5


@pytest.mark.parametrize(("country", "kind", "code", "first"), [
    ("KE", "county", "ke_spas_values", "High standards of professional ethics"),
    ("TZ", "district_council", "tz_opras_attributes", "Ability to work in a team"),
])
def test_kenya_and_tanzania_start_with_their_lists(session, country, kind, code, first):
    set_up_organisation(session, request(organisation={**ORGANISATION, "country": country, "kind": kind}))

    rules = session.scalar(select(RuleSet).where(RuleSet.code == code))
    assert rules.body["items"][0]["title"] == first
    assert session.scalar(select(func.count()).select_from(Kpa)) == 0


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"admin_password": "short"}, "password", "must be at least 10 characters"),
    ({"admin_password": "admin-demo-2025"}, "password", "looks like a demo password"),
    ({"admin_password": "thabo.mokoena-2026"}, "password", "must not contain the user name"),
    ({"admin_username": "admin"}, "username", "'admin' is a demo account name"),
    ({"organisation": {**ORGANISATION, "code": "ngw 1"}}, "code", "use capital letters"),
    ({"organisation": {**ORGANISATION, "name": " "}}, "name", "is required"),
    ({"organisation": {**ORGANISATION, "kind": "county"}}, "kind", "for South Africa must be one of"),
    ({"quarters": [(date(2026, 7, 1), date(2026, 9, 30)), (date(2026, 9, 1), date(2026, 12, 31)),
                   (date(2027, 1, 1), date(2027, 3, 31)), (date(2027, 4, 1), date(2027, 6, 30))]},
     "quarters[1]", "quarters may not overlap"),
    ({"logo": b"GIF89a this is no picture"}, "logo", "is not a PNG or JPEG picture"),
    ({"logo": png(kind="GIF")}, "logo", "is a GIF picture; use a PNG or JPEG file"),
])
def test_a_bad_value_is_named_and_nothing_is_written(session, changes, field, message):
    before = counts(session)
    with pytest.raises(ValidationError) as refused:
        set_up_organisation(session, request(**changes))

    assert message in refused.value.problems[field]
    assert counts(session) == before == (0, 0, 0, 0, 0, 0, 0)


def test_a_database_holding_an_organisation_is_refused_and_a_used_code_named(session):
    set_up_organisation(session, request())
    before = counts(session)

    with pytest.raises(ValidationError) as refused:
        set_up_organisation(session, request(admin_username="lerato.dube"))

    assert refused.value.problems["code"] == "the organisation code NGW is already used in this database"
    assert "already holds an organisation" in refused.value.problems["database"]
    assert counts(session) == before


def test_a_failure_half_way_rolls_the_whole_set_up_back(session, monkeypatch):
    from pmsdesk.services import setup

    def broken(*_args, **_kwargs):
        raise ValidationError.single("rules", "stored rule set broken")

    monkeypatch.setattr(setup.rule_sets, "ensure_default_rule_sets", broken)
    with pytest.raises(ValidationError):
        set_up_organisation(session, request())

    assert counts(session) == (0, 0, 0, 0, 0, 0, 0)


def test_a_40_mb_logo_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "crest.png"
    with huge.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)

    with pytest.raises(ValidationError) as refused:
        read_logo_file(huge)

    assert refused.value.problems["logo"] == "crest.png is 40 MB; use a logo of at most 5 MB"


@pytest.mark.parametrize(("text", "month", "expected"), [("2026/27", 7, 2026), ("2026", 1, 2026)])
def test_years_are_read_as_officials_write_them(text, month, expected):
    assert parse_year(text, month) == expected


@pytest.mark.parametrize(("text", "month", "message"), [
    ("2026/28", 7, "did you mean 2026/27?"), ("2026", 7, "write 2026/27"), ("26/27", 7, "like 2026/27")])
def test_a_year_that_does_not_fit_the_start_month_is_explained(text, month, message):
    with pytest.raises(ValidationError) as refused:
        parse_year(text, month)
    assert message in refused.value.problems["year"]


def test_common_passwords_are_refused():
    assert password_strength_problem("1234567890") is not None
    assert password_strength_problem("aaaaaaaaaaaa") is not None
    assert password_strength_problem("Vaal-river-2026") is None


def test_demo_account_names_are_the_demos():
    from pmsdesk.demo import DEMO_USERS

    assert DEMO_ACCOUNT_NAMES == {username for username, *_rest in DEMO_USERS}


def test_a_year_overlapping_another_is_refused(session):
    set_up_organisation(session, request())
    organisation_id = session.scalar(select(Organisation.id))
    system = Actor.system("tester")

    with pytest.raises(ValidationError) as refused:
        years.create_financial_year(session, system, organisation_id, 2027, [
            (date(2027, 5, 1), date(2027, 7, 31)), (date(2027, 8, 1), date(2027, 10, 31)),
            (date(2027, 11, 1), date(2028, 1, 31)), (date(2028, 2, 1), date(2028, 4, 30))])

    assert refused.value.problems["start_year"].endswith("overlaps the financial year 2026/27")
    assert session.scalar(select(func.count()).select_from(FinancialYear)) == 1


@pytest.mark.parametrize(("name", "message"), [
    ("", "is required"), ("technical services", "unit TS is already called technical services")])
def test_an_empty_or_duplicate_unit_name_is_refused(session, name, message):
    set_up_organisation(session, request())
    organisation_id = session.scalar(select(Organisation.id))
    system = Actor.system("tester")
    framework.create_unit(session, system, organisation_id, {"code": "TS", "name": "Technical Services",
                                                              "level": "directorate"})

    with pytest.raises(ValidationError) as refused:
        framework.create_unit(session, system, organisation_id, {"code": "TS2", "name": name, "level": "directorate"})

    assert message in refused.value.problems["name"]


def test_organisation_details_change_audited_and_only_by_an_administrator(session):
    set_up_organisation(session, request())
    organisation_id = session.scalar(select(Organisation.id))
    admin = Actor.system("thabo.mokoena")

    organisation_details.update_organisation_details(
        session, admin, organisation_id, {"postal_address": "Private Bag X5, Parys, 9585", "year_start_month": 4})
    organisation_details.set_organisation_logo(session, admin, organisation_id, png(200, 200, "JPEG"))

    details = organisation_details.organisation_details(session, organisation_id)
    assert (details.postal_address, details.year_start_month, details.has_logo) == \
        ("Private Bag X5, Parys, 9585", 4, True)
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "organisation")
                             .order_by(AuditEvent.id.desc()).limit(2)).all()
    assert events[0].action == "set logo" and "sha256" in events[0].new_values
    assert events[1].new_values == {"postal_address": "Private Bag X5, Parys, 9585", "year_start_month": 4}
    with pytest.raises(ValidationError) as refused:
        organisation_details.update_organisation_details(session, admin, organisation_id, {"code": "X"})
    assert refused.value.problems == {"code": "cannot change after set-up"}
    from pmsdesk.models import Role
    from pmsdesk.services.actor import ROLE_PERMISSIONS, RoleGrant
    officer = Actor("officer", (RoleGrant(Role.PMS_OFFICER),), {p: None for p in ROLE_PERMISSIONS[Role.PMS_OFFICER]})
    with pytest.raises(PermissionDenied):
        organisation_details.update_organisation_details(session, officer, organisation_id, {"name": "Other"})


def test_the_competency_list_is_edited_afterwards_like_any_rule_set(session):
    from pmsdesk.services import rule_sets

    set_up_organisation(session, request())
    admin = Actor.system("thabo.mokoena")
    body = rule_sets.get_rule_set(session, "za_ccr")["body"]
    body["items"][3]["title"] = "Strategic Direction and Leadership"

    edited = rule_sets.edit_rule_set(session, admin, "za_ccr", {"body": body}, reason="2014 framework wording")

    assert edited["revision"] == 2 and edited["body"]["items"][3]["title"] == "Strategic Direction and Leadership"
    body["items"][4]["title"] = "financial management"
    with pytest.raises(ValidationError) as refused:
        rule_sets.edit_rule_set(session, admin, "za_ccr", {"body": body}, reason="typo")
    assert refused.value.problems == {"body.items[4].title": "'financial management' is listed twice"}


def test_new_agreements_start_with_the_compulsory_ccrs_or_the_opras_attributes(session):
    from pmsdesk.models import AgreementKind
    from pmsdesk.services.agreements import standard_groups, standard_lines

    assert standard_lines(session) == {AgreementKind.SA_SECTION_56: [], AgreementKind.TZ_OPRAS: [],
                                       AgreementKind.KE_SPAS: []}
    set_up_organisation(session, request(organisation={**ORGANISATION, "country": "TZ", "kind": "town_council"}))

    lines = standard_lines(session)
    assert lines[AgreementKind.TZ_OPRAS][:2] == ["Ability to work in a team", "Ability to get on with other staff"]
    assert len(lines[AgreementKind.TZ_OPRAS]) == 23 and lines[AgreementKind.SA_SECTION_56] == []
    groups = standard_groups(session)
    assert groups["Ability to work in a team"] == "Working relationships"
    assert len(set(groups.values())) == 9, "TFN 832's nine main factors"
