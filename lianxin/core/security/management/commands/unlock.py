"""Lift the lock-outs of an account or a client address: ``manage.py unlock <user name or IP>``."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.core.security import lockout


class Command(BaseCommand):
    help = "Unlock an account (by user name) or a client address locked after failed log-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("keys", nargs="*", help="user names or IP addresses")
        parser.add_argument("--all", action="store_true", help="every lock-out in force")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = {str(key).strip().lower() for key in options["keys"]}
        found = [
            locked for locked in lockout.lockouts_active() if options["all"] or locked.key.lower() in keys
        ]
        operator = f"manage.py unlock ({getpass.getuser()})"
        for locked in found:
            lockout.lockout_lift(actor=None, lockout=locked, operator=operator)
            self.stdout.write(f"unlocked {locked.kind} {locked.key}")
        if not found:
            self.stdout.write("no lock-out in force matched")
