"""Writes: clients and their keys (audited), and requests submitted through the interface.

``actor=None`` is the system itself (the command line: whoever runs it owns the database);
every other actor needs the right to manage the service account's area.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.casework.models import Channel
from lianxin.casework.services import CaseInput, case_submit_once
from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.roles import Cap
from lianxin.open311.keys import key_hash, key_prefix, new_key
from lianxin.open311.models import Client, Submission

SYSTEM = "system"
MIN_KEY_LENGTH = 20


def _check(actor: Any, obj: Any, action: str) -> None:
    if actor is not None:
        require(actor, "open311.manage_client", obj, action=action)


def client_create(
    *, actor: Any, name: str, user: Any, channel: str = Channel.HOTLINE, key: str = ""
) -> tuple[Client, str]:
    """A client acting as ``user``; returns it with its key, which is never shown again.

    ``key`` is for the demo's published key only; left empty, a random key is drawn.
    """
    _check(actor, user, "open311.client.create")
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        errors["name"] = [_("Give the client a name.")]
    if channel not in Channel.values or channel == Channel.APP:
        errors["channel"] = [_("Choose how its requests come in (not the resident app).")]
    if not user.is_active or not scope.scope_paths(user, Cap.CASES_INTAKE):
        errors["user"] = [_("The service account needs a role with request intake somewhere.")]
    key = key or new_key()
    if len(key) < MIN_KEY_LENGTH:
        errors["key"] = [_("A key needs at least %(n)d characters.") % {"n": MIN_KEY_LENGTH}]
    elif Client.objects.filter(key_hash=key_hash(key)).exists():
        errors["key"] = [_("This key is already in use.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        client = Client.objects.create(
            name=name, user=user, channel=channel, key_hash=key_hash(key), key_prefix=key_prefix(key)
        )
        audit_record(
            actor=actor,
            actor_label="" if actor is not None else SYSTEM,
            action="open311.client.create",
            obj=client,
            detail={"user": user.pk, "channel": channel},
        )
    return client, key


def client_revoke(*, actor: Any, client: Client) -> Client:
    """Stop the client's key working at once; revoking twice changes nothing."""
    _check(actor, client, "open311.client.revoke")
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        if locked.is_active:
            locked.is_active, locked.revoked_at = False, timezone.now()
            locked.save(update_fields=["is_active", "revoked_at"])
            audit_record(
                actor=actor,
                actor_label="" if actor is not None else SYSTEM,
                action="open311.client.revoke",
                obj=locked,
            )
    return locked


def fingerprint(fields: Iterable[tuple[str, list[str]]]) -> str:
    """SHA-256 of the submitted fields, in a fixed order, without the api_key."""
    canonical = sorted((name, values) for name, values in fields if name != "api_key")
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()


def request_submit(
    *,
    client: Client,
    data: CaseInput,
    fields: Iterable[tuple[str, list[str]]],
    device_id: str = "",
    account_id: str = "",
    media_url: str = "",
) -> tuple[Submission, bool]:
    """Create the request as the client's service account; returns (submission, created).

    The same client sending the same fields again (the same device_id, account_id and body:
    a retry after a lost answer) gets the first request back instead of a second one.
    """
    body = fingerprint(fields)
    key = "open311:" + hashlib.sha256(f"{client.pk}:{body}".encode()).hexdigest()
    case, _created = case_submit_once(actor=client.user, data=data, key=key, fingerprint=body)
    with transaction.atomic():
        submission, made = Submission.objects.select_related("case").get_or_create(
            case=case,
            defaults={
                "client": client,
                "token": secrets.token_urlsafe(24),
                "media_url": media_url,
                "device_id": device_id,
                "account_id": account_id,
            },
        )
        if made:
            audit_record(
                actor=client.user,
                action="open311.request.submit",
                obj=case,
                detail={"client": client.pk, "token_prefix": submission.token[:8]},
            )
    return submission, made
