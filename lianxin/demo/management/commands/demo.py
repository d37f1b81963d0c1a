"""manage.py demo: build the demo district (safe to repeat) and list its log-ins."""

from __future__ import annotations

import unicodedata
from argparse import ArgumentParser
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lianxin.demo import clients
from lianxin.demo.build import DemoError, build_demo, demo_logins
from lianxin.demo.data import DEFAULT_SEED
from lianxin.demo.logins import ADMIN_PASSWORD, ADMIN_USERNAME, DEMO_PASSWORD


def _width(text: str) -> int:
    """Columns the text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(_width(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


DESCRIPTION = gettext_noop(
    "Build the demo district from the source page (safe to repeat) and list its log-ins."
)


class Command(BaseCommand):
    help = DESCRIPTION

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.description = _(DESCRIPTION)
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=_("Seed of the invented names and numbers; the same seed gives the same data."),
        )
        parser.add_argument(
            "--not-production",
            action="store_true",
            help=_("Build the demo even though DEBUG is off (a test or staging database, never production)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["not_production"]:
            # The demo creates a superuser whose password is printed: never on a live system.
            raise CommandError(
                _(
                    "DEBUG is off, so this looks like production: the demo was not built "
                    "(see --not-production)."
                )
            )
        try:
            report = build_demo(seed=options["seed"])
        except DemoError as exc:
            raise CommandError(_("The demo district could not be built: %(error)s") % {"error": exc}) from exc
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(_("Left alone: %(warning)s") % {"warning": warning}))
        if report.total:
            counts = {key: report.created[key] for key in ("nodes", "people", "positions", "memberships")}
            counts |= {
                "accounts": report.created["accounts"] + report.created["admin"],
                "grants": report.created["grants"],
                "cases": report.created["cases"],
            }
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo district built: %(nodes)d nodes, %(people)d people, %(positions)d posts, "
                        "%(memberships)d committee memberships, %(accounts)d accounts, "
                        "%(grants)d role grants, %(cases)d residents' requests."
                    )
                    % counts
                )
            )
        else:
            self.stdout.write(_("The demo district is already complete; nothing was added."))
        rows = [(ADMIN_USERNAME, _("System administrator"), _("Everywhere"), ADMIN_PASSWORD)]
        rows += [(username, role, node, DEMO_PASSWORD) for username, role, node in demo_logins()]
        header = (_("User name"), _("Role"), _("Node"), _("Password"))
        self.stdout.write(_("Demo log-ins:"))
        self.stdout.write(format_table(header, rows))
        self.stdout.write(
            _("Open311 key of the demo client %(name)s (demo only, never in production): %(key)s")
            % {"name": clients.CLIENT_NAME, "key": clients.KEY}
        )
