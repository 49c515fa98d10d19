"""``pmsdesk init``: set up a real organisation in an empty database (the command-line twin of the wizard)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pmsdesk.db import database_url, default_database_path, open_database, remove_sqlite_files, sqlite_path
from pmsdesk.services.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

from .common import EXIT_OK, EXIT_USER_ERROR, add_db_option, add_json_option, emit

PASSWORD_VARIABLE = "PMSDESK_PASSWORD"
#: Service field → the option a person typed, for the one-line messages.
OPTION_OF = {
    "code": "--code", "name": "--name", "kind": "--kind", "country": "--country", "year": "--year",
    "start_year": "--year", "year_start_month": "--year-start-month", "region": "--region",
    "postal_address": "--address", "contact_line": "--contact", "logo": "--logo", "username": "--admin",
    "full_name": "--admin-name", "password": f"password (${PASSWORD_VARIABLE})", "database": "--db",
    "office": "--code",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init", help="set up your own organisation in a new database",
        description="Create your organisation, its first financial year and its administrator in an empty "
                    f"database. The password comes from ${PASSWORD_VARIABLE} or is asked for.")
    add_db_option(parser)
    parser.add_argument("--code", required=True, help="short code, e.g. NGW or ZA-FS203 (also the office code)")
    parser.add_argument("--name", required=True, help="full name, e.g. 'Ngwathe Local Municipality'")
    parser.add_argument("--kind", required=True,
                        help="local_municipality, district_municipality, metropolitan_municipality, county, "
                             "ministry, district_council, town_council or city_council")
    parser.add_argument("--country", required=True, help="ZA, KE or TZ")
    parser.add_argument("--year", required=True, help="first financial year, e.g. 2026/27")
    parser.add_argument("--admin", required=True, help="the administrator's own user name")
    parser.add_argument("--admin-name", help="the administrator's full name (default: the user name)")
    parser.add_argument("--year-start-month", default="7", help="first month of the financial year, 1-12 (default 7)")
    parser.add_argument("--region", help="province, county or region")
    parser.add_argument("--address", help="postal address printed on forms")
    parser.add_argument("--contact", help="telephone / e-mail line printed on forms")
    parser.add_argument("--logo", help="PNG or JPEG logo for printouts (at most 5 MB)")
    parser.add_argument("--no-profile-defaults", action="store_true",
                        help="do not create the country's KPAs and competency / criteria / attribute lists")
    add_json_option(parser)
    parser.set_defaults(handler=run)
    head = subparsers.add_parser(
        "init-head-office", help="set up a new head-office database",
        description="Create a head office's database: its office code (marked head office), its first "
                    f"administrator and the shipped rule sets. The password comes from ${PASSWORD_VARIABLE} "
                    "or is asked for. Offices' packages bring their organisations.")
    add_db_option(head)
    head.add_argument("--code", default="HEAD-OFFICE", help="head office's code (default HEAD-OFFICE)")
    head.add_argument("--admin", required=True, help="the administrator's own user name")
    head.add_argument("--admin-name", help="the administrator's full name (default: the user name)")
    head.add_argument("--name", help="head office's name, e.g. 'Free State COGTA' (shown in its window)")
    head.add_argument("--country", help="ZA, KE or TZ")
    head.add_argument("--region", help="the province, county or region head office oversees")
    add_json_option(head)
    head.set_defaults(handler=run_head_office)


@contextmanager
def new_database_session(target: str | Path) -> Iterator[Session]:
    """A session on ``target``; a SQLite file this call created is removed again if the block raises, so a
    refused set-up leaves no empty database behind."""
    path = sqlite_path(database_url(str(target)))
    created = path is not None and not path.exists()
    database = open_database(target)
    try:
        with database.session() as session:
            yield session
    except BaseException:
        database.dispose()
        if created and path is not None:
            remove_sqlite_files(path)
        raise
    database.dispose()


def run_head_office(args: argparse.Namespace) -> int:
    from pmsdesk.services.setup import set_up_head_office

    password = _password()
    if password == "\0mismatch" or not password:
        return _report({"password": "the two passwords typed differ" if password else
                        f"set ${PASSWORD_VARIABLE} or run the command in a terminal to be asked for it"})
    target = args.db or default_database_path()
    try:
        with new_database_session(target) as session:
            username = set_up_head_office(session, args.code, args.admin, args.admin_name or "", password,
                                          name=args.name, country=args.country, region=args.region)
    except ValidationError as error:
        return _report(error.problems)
    code = args.code.strip().upper()
    emit(args, {"database": str(target), "office": code, "administrator": username},
         f"Set up head office {code} in {target}, administrator {username}. Next: pmsdesk keys init "
         f"--office {code} --head-office --user {username} --db {target}")
    return EXIT_OK


def _password() -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        return ""
    first = getpass.getpass("Administrator's password: ")
    if getpass.getpass("Type it again: ") != first:
        return "\0mismatch"
    return first


def _report(problems: dict[str, str]) -> int:
    for field, message in problems.items():
        option = OPTION_OF.get(field.split("[")[0], field)
        print(f"pmsdesk: error: {option}: {message}", file=sys.stderr)
    return EXIT_USER_ERROR


def run(args: argparse.Namespace) -> int:
    from pmsdesk.services.logos import read_logo_file
    from pmsdesk.services.setup import SetupRequest, parse_year, set_up_organisation

    problems: dict[str, str] = {}
    month: object = args.year_start_month
    try:
        month = int(args.year_start_month)
    except ValueError:
        problems["year_start_month"] = f"must be a month number 1-12, got {args.year_start_month!r}"
    start_year = 0
    if isinstance(month, int):
        try:
            start_year = parse_year(args.year, month if 1 <= month <= 12 else 7)
        except ValidationError as error:
            problems |= error.problems
    logo = None
    if args.logo:
        try:
            logo = read_logo_file(args.logo)
        except ValidationError as error:
            problems |= error.problems
    password = _password()
    if password == "\0mismatch":
        problems["password"] = "the two passwords typed differ"
        password = ""
    elif not password:
        problems["password"] = f"set ${PASSWORD_VARIABLE} or run init in a terminal to be asked for it"
    organisation = {"code": args.code, "name": args.name, "kind": args.kind, "country": args.country,
                    "year_start_month": month, "region": args.region, "postal_address": args.address,
                    "contact_line": args.contact}
    request = SetupRequest(organisation, start_year, args.admin, args.admin_name or args.admin, password,
                           logo=logo, with_profile_defaults=not args.no_profile_defaults)
    target = args.db or default_database_path()
    try:
        with new_database_session(target) as session:
            if problems:  # collect the service's view of the rest too: one line for every wrong value
                from pmsdesk.services.setup import setup_problems

                raise ValidationError(setup_problems(session, request) | problems)
            result = set_up_organisation(session, request)
    except ValidationError as error:
        return _report(error.problems)
    emit(args, {"database": str(target), **result.as_dict()},
         f"Set up {result.name} ({result.code}) in {target}: financial year {result.year_label}, administrator "
         f"{result.administrator}, {result.kpas} KPAs, rule sets {', '.join(result.rule_sets) or 'none added'}. "
         f"Open it with: pmsdesk --db {target}")
    return EXIT_OK
