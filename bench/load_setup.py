"""Prepare a database for the load test in ``bench/load.py``.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE lianxin_load'
    .venv/bin/python bench/load_setup.py env > var/load.env    # once: fresh keys and the test's settings
    set -a; . var/load.env; set +a
    .venv/bin/python bench/load_setup.py

``env`` prints the environment the set-up and the server share: production settings (DEBUG
off, fresh secret keys), PostgreSQL, Redis for the cache, and the per-address limits lifted
(``bench/load_setup.py env --help`` for the database, the Redis database and the server's
workers). Keep the file: the phone and ID numbers the set-up writes can only be read with the
keys in it.

The set-up, safe to repeat: ``migrate``, ``collectstatic`` (whitenoise serves ``STATIC_ROOT``),
``manage.py demo --not-production`` (the demo district and its log-ins, password
``Lianxin@2026``), then ``--residents`` residents with accounts, registered in the buildings of
the community ``--community`` (the demo community worker's, 东大街社区), each with the resident
role there, made through the people services as the demo's superuser, and with the demo
password as one of their own (a new account must choose its own at the first log-in). Finally it writes
``var/load_users.json`` (``--out``), which ``bench/load.py`` reads: the log-ins of each kind of
simulated user and the handling units dispatchers send requests to.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESIDENT_PREFIX = "load_resident_"
# The demo log-ins each kind of simulated staff uses (lianxin/demo/logins.py).
DISPATCHERS = ["subdistrict_staff", "community_worker"]
HANDLERS = ["unit_liaison", "grid_worker"]
LEADERS = ["district_leader", "subdistrict_leader"]


def env_lines(args: argparse.Namespace) -> list[str]:
    """The server's environment for the test: production settings with the per-address limits
    lifted, because every simulated user comes from the same address."""
    from cryptography.fernet import Fernet

    return [
        "# The load test's environment (bench/load_setup.py env). Holds secrets: keep it in var/.",
        "DEBUG=0",
        f"SECRET_KEY={secrets.token_urlsafe(50)}",
        f"FIELD_ENCRYPTION_KEYS={Fernet.generate_key().decode()}",
        f"FIELD_HASH_KEY={secrets.token_urlsafe(32)}",
        "ALLOWED_HOSTS=127.0.0.1,localhost",
        f"DATABASE_URL=postgres://postgres@127.0.0.1:5432/{args.database}",
        "DB_CONN_MAX_AGE=60",
        f"REDIS_URL=redis://127.0.0.1:6379/{args.redis_db}",
        # Plain HTTP on the loopback: no secure cookies, no TLS proxy header.
        "SECURE_COOKIES=0",
        "BEHIND_TLS_PROXY=0",
        # Every simulated user shares 127.0.0.1: per-address and per-user limits lifted for the test.
        "RATE_LIMIT_ANONYMOUS=1000000",
        "RATE_LIMIT_INTAKE=1000000",
        "LOGIN_FAILURES_PER_ADDRESS=1000000",
        "OTP_REQUIRED_FOR_STAFF=0",
        "LOG_FORMAT=json",
        "LOG_LEVEL=WARNING",
        "GUNICORN_BIND=127.0.0.1:8000",
        f"WEB_CONCURRENCY={args.workers}",
        f"GUNICORN_THREADS={args.threads}",
        "GUNICORN_ACCESS_LOG=var/load-access.log",
    ]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def build_residents(*, count: int, community_code: str, password: str) -> list[str]:
    """Residents with accounts in the community's buildings, made through the services; the
    ones already there are kept."""
    from django.db import transaction

    from lianxin.core.roles import Role
    from lianxin.demo.identity import unused_identity
    from lianxin.demo.logins import ADMIN_USERNAME
    from lianxin.orgs.models import NodeKind, OrgNode
    from lianxin.people.models import User
    from lianxin.people.services import account_create, account_password_set, person_create, role_grant
    from lianxin.people.validation import PersonInput

    admin = User.objects.get(username=ADMIN_USERNAME)
    community = OrgNode.objects.get(code=community_code)
    buildings = list(
        OrgNode.objects.filter(
            path__startswith=community.path, kind=NodeKind.BUILDING, is_active=True
        ).order_by("path")
    )
    if not buildings:
        raise SystemExit(f"{community_code} has no buildings to register residents in.")
    usernames = [f"{RESIDENT_PREFIX}{number:04d}" for number in range(1, count + 1)]
    existing = {user.username: user for user in User.objects.filter(username__in=usernames)}
    started = time.monotonic()
    for number, username in enumerate(usernames, start=1):
        user = existing.get(username)
        if user is None:
            name, gender, id_number, phone = unused_identity(f"load-resident-{number}")
            building = buildings[number % len(buildings)]
            data = PersonInput(
                name=name, node=building, gender=gender, phone=phone, id_number=id_number, is_resident=True
            )
            with transaction.atomic():  # a person, their account and their role, or none of them
                person = person_create(actor=admin, data=data)
                user = account_create(actor=admin, person=person, username=username, password=password)
                role_grant(actor=admin, user=user, role=Role.RESIDENT, node=community)
        if getattr(user, "must_change_password", False):
            # A new account must get a password of its holder's own at the first log-in: the
            # resident "chooses" the published one, as the password-change page would set it.
            account_password_set(actor=user, user=user, password=password)
        if number % 50 == 0:
            print(f"  {number} residents ({time.monotonic() - started:.0f} s)", flush=True)
    return usernames


def dispatch_targets(codes: list[str]) -> list[int]:
    """Node ids of the handling units: the grants of the handler log-ins."""
    from lianxin.core.models import RoleGrant
    from lianxin.core.roles import Role

    grants = RoleGrant.objects.filter(
        user__username__in=codes, role__in=[Role.UNIT_LIAISON, Role.GRID_WORKER]
    ).order_by("node__path")
    return [grant.node_id for grant in grants]


def setup(args: argparse.Namespace) -> None:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from lianxin.demo.logins import DEMO_PASSWORD

    if settings.DEBUG:
        print("DEBUG is on: load the environment first (see the module docstring).", file=sys.stderr)
    print("migrate", flush=True)
    call_command("migrate", verbosity=0)
    print("collectstatic", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    print("demo", flush=True)
    call_command("demo", not_production=True, verbosity=0, stdout=io.StringIO())  # (its log-in table)
    print(f"{args.residents} residents in {args.community}", flush=True)
    residents = build_residents(count=args.residents, community_code=args.community, password=DEMO_PASSWORD)
    users = {
        "password": DEMO_PASSWORD,
        "residents": residents,
        "dispatchers": DISPATCHERS,
        "handlers": HANDLERS,
        "leaders": LEADERS,
        "dispatch_to": dispatch_targets(HANDLERS),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(users, indent=1), encoding="utf-8")
    print(f"wrote {out}: {len(residents)} residents, dispatch to nodes {users['dispatch_to']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, default=400, help="resident accounts to have (default 400)")
    parser.add_argument("--community", default="gc-cdl-c01", help="code of the community they live in")
    parser.add_argument("--out", default=str(ROOT / "var" / "load_users.json"))
    commands = parser.add_subparsers(dest="command")
    env = commands.add_parser("env", help="print the environment for the set-up and the server")
    env.add_argument("--database", default="lianxin_load")
    env.add_argument("--redis-db", type=int, default=11)
    env.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    env.add_argument("--threads", type=int, default=2, help="threads in each (default 2)")
    args = parser.parse_args()
    if args.command == "env":
        print("\n".join(env_lines(args)))
    else:
        setup(args)


if __name__ == "__main__":
    main()
