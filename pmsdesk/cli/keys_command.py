"""``pmsdesk keys init|show|trust|revoke``: this installation's signing key and the offices it trusts."""

from __future__ import annotations

import argparse

from pmsdesk.services.actor import Permission
from pmsdesk.services.errors import ServiceError
from pmsdesk.sync import PackageRefused, read_package
from pmsdesk.sync.keys import (
    OFFICE_CODE,
    decode_public_key,
    device_key,
    office_code,
    public_key_text,
    revoke_key,
    set_office_code,
    setting,
    trust_key,
    trusted_keys,
)

from .common import EXIT_OK, UserError, add_db_option, add_json_option, add_user_option, database_session, emit, signed_in


def add_keys_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--keys-dir", metavar="FOLDER",
                        help="folder of this installation's private key (default: $PMSDESK_KEYS_DIR or "
                             "keys/ in your pmsdesk data folder)")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("keys", help="signing key and trusted offices",
                                   description="Show this installation's signing key; trust or revoke other offices' keys.")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="name this office and create its signing key",
                              description="Set this installation's office code and create its signing key.")
    init.add_argument("--office", required=True, help="office code, e.g. ZA-001 or HEAD-OFFICE")
    init.add_argument("--head-office", action="store_true",
                      help="this installation is head office: it issues rule sets and consolidates offices")
    show = actions.add_parser("show", help="show this office's key fingerprint and the trusted keys",
                              description="Show this installation's office code, key fingerprint and trusted keys.")
    trust = actions.add_parser("trust", help="trust an office's key after comparing its fingerprint",
                               description="Trust the key that signed PACKAGE (or --public-key of --office). "
                                           "Type the fingerprint you compared with the office.")
    trust.add_argument("package", nargs="?", help="a package signed by the key to trust")
    trust.add_argument("--office", help="office code (with --public-key)")
    trust.add_argument("--public-key", help="the office's public key as shown by 'pmsdesk keys show'")
    trust.add_argument("--fingerprint", required=True, help="the fingerprint you compared, e.g. ABCD-EFGH-IJKL-MNOP")
    trust.add_argument("--head-office", action="store_true",
                       help="the key is your head office's: its packages may carry rule sets and relayed records")
    revoke = actions.add_parser("revoke", help="stop accepting packages signed by a key",
                                description="Revoke a trusted key: its packages are refused from now on.")
    revoke.add_argument("fingerprint")
    revoke.add_argument("--reason", required=True, help="why, e.g. 'laptop stolen'")
    for sub in (init, trust, revoke):
        add_user_option(sub)
    for sub, handler in ((init, run_init), (show, run_show), (trust, run_trust), (revoke, run_revoke)):
        add_db_option(sub)
        add_keys_dir_option(sub)
        add_json_option(sub)
        sub.set_defaults(handler=handler)


def run_init(args: argparse.Namespace) -> int:
    with database_session(args) as session:
        actor = signed_in(session, args, Permission.MANAGE_KEYS)
        set_office_code(session, actor, args.office, head_office=True if args.head_office else None)
        key = device_key(session, args.keys_dir)
        data = {"office": office_code(session), "fingerprint": key.fingerprint,
                "public_key": public_key_text(key.public_bytes), "key_file": str(key.path)}
    emit(args, data, f"Office {data['office']}: key fingerprint {data['fingerprint']} (private key in {data['key_file']}).")
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    with database_session(args, create=False) as session:
        office = setting(session, OFFICE_CODE)
        key = device_key(session, args.keys_dir, create=False) if office else None
        trusted = [{"office": k.office_code, "head_office": k.head_office, "fingerprint": k.fingerprint,
                    "public_key": k.public_key, "trusted_at": k.trusted_at, "trusted_by": k.trusted_by,
                    "revoked_at": k.revoked_at,
                    "revoke_reason": k.revoke_reason} for k in trusted_keys(session)]
    data = {"office": office, "fingerprint": key.fingerprint if key else None,
            "public_key": public_key_text(key.public_bytes) if key else None, "trusted": trusted}
    lines = [f"Office {office}: fingerprint {data['fingerprint']}\n  public key {data['public_key']}" if key
             else "This installation has no office code yet: run 'pmsdesk keys init --office CODE'."]
    lines += [f"  trusts {k['office']}{' (head office)' if k['head_office'] else ''} {k['fingerprint']}"
              + (f" (REVOKED: {k['revoke_reason']})" if k["revoked_at"] else "")
              for k in trusted]
    emit(args, data, "\n".join(lines))
    return EXIT_OK


def run_trust(args: argparse.Namespace) -> int:
    with database_session(args) as session:
        office, public_key = _key_to_trust(args)  # a bad package is refused before anything is written
        actor = signed_in(session, args, Permission.MANAGE_KEYS)
        record = trust_key(session, actor, office, public_key, args.fingerprint, head_office=args.head_office)
        data = {"office": record.office_code, "fingerprint": record.fingerprint, "head_office": record.head_office}
    emit(args, data, f"Trusted {data['office']} key {data['fingerprint']}"
                     + (" as head office." if data["head_office"] else "."))
    return EXIT_OK


def _key_to_trust(args: argparse.Namespace) -> tuple[str, bytes]:
    """The office and public key named by a package, or by --office and --public-key."""
    if args.package:
        try:
            package = read_package(args.package)
        except PackageRefused as error:
            raise UserError(str(error)) from None
        return package.manifest.sender_office, package.public_key
    if args.office and args.public_key:
        try:
            return args.office, decode_public_key(args.public_key)
        except ServiceError as error:
            raise UserError(str(error)) from None
    raise UserError("name a package signed by the key, or give --office and --public-key")


def run_revoke(args: argparse.Namespace) -> int:
    with database_session(args) as session:
        record = revoke_key(session, signed_in(session, args, Permission.MANAGE_KEYS), args.fingerprint, args.reason)
        data = {"office": record.office_code, "fingerprint": record.fingerprint, "revoked_at": record.revoked_at}
    emit(args, data, f"Revoked {data['office']} key {data['fingerprint']}: its packages are refused from now on.")
    return EXIT_OK
