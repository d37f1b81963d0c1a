"""manage.py open311_client: list, create (the key is printed once) and revoke Open311 keys."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lianxin.casework.models import Channel
from lianxin.open311.models import Client
from lianxin.open311.services import client_create, client_revoke
from lianxin.people.models import User

DESCRIPTION = gettext_noop("List, create and revoke the API keys of the Open311 interface.")


class Command(BaseCommand):
    help = DESCRIPTION

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.description = _(DESCRIPTION)
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help=_("List the clients and whether their keys work."))
        create = actions.add_parser("create", help=_("Create a client; its key is printed once."))
        create.add_argument("--name", required=True, help=_("What the client is, e.g. the hotline."))
        create.add_argument(
            "--user", required=True, help=_("User name of the service account the client acts as.")
        )
        create.add_argument(
            "--channel",
            default=Channel.HOTLINE,
            choices=[value for value in Channel.values if value != Channel.APP],
            help=_("How its requests come in (default: hotline)."),
        )
        revoke = actions.add_parser("revoke", help=_("Stop a client's key working."))
        revoke.add_argument("id", type=int, help=_("The client's number, as the list shows it."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for client in Client.objects.select_related("user").order_by("pk"):
                state = _("in use") if client.is_active else _("revoked")
                self.stdout.write(
                    f"{client.pk}\t{client.key_prefix}…\t{client.name}\t{client.user.get_username()}\t{state}"
                )
        elif options["action"] == "create":
            self._create(options)
        else:
            self._revoke(options["id"])

    def _revoke(self, pk: int) -> None:
        found = Client.objects.filter(pk=pk).first()
        if found is None:
            raise CommandError(_("There is no client %(id)d.") % {"id": pk})
        client_revoke(actor=None, client=found)
        self.stdout.write(_("The key of %(name)s no longer works.") % {"name": found.name})

    def _create(self, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("There is no account %(username)s.") % {"username": options["user"]})
        try:
            client, key = client_create(
                actor=None, name=options["name"], user=user, channel=options["channel"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(_("Client %(id)d created: %(name)s.") % {"id": client.pk, "name": client.name})
        self.stdout.write(_("Its API key, shown only this once:"))
        self.stdout.write(key)
