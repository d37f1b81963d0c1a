"""The optional second factor: a TOTP app (django-otp), set up by the user, reset by the
security administrator. The QR code of the provisioning URI is drawn as SVG by segno."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.models import AuditOutcome
from lianxin.core.permissions import require
from lianxin.core.roles import Cap
from lianxin.core.security.lockout import failure_record

DEVICE_NAME = "lianxin"


def wrong_code() -> str:
    return _("The code is not right. Check the time on your phone and try again.")


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_required(user: Any) -> bool:
    """Staff must use a second factor when ``OTP_REQUIRED_FOR_STAFF`` is on."""
    return bool(settings.OTP_REQUIRED_FOR_STAFF) and (
        scope.has_capability(user, Cap.WORKBENCH) or bool(getattr(user, "is_staff", False))
    )


def totp_setup_start(*, actor: Any) -> TOTPDevice:
    """A new unconfirmed device for the actor (replacing an earlier unconfirmed one)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        return TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def _check(device: TOTPDevice, token: str) -> bool:
    token = (token or "").strip().replace(" ", "")
    allowed, _data = device.verify_is_allowed()
    return bool(allowed) and token.isdigit() and device.verify_token(token)


def totp_setup_confirm(*, actor: Any, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm the new device with a code from the app; it replaces any earlier device."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValidationError({"token": [_("Start the set-up again.")]})
    if not _check(device, token):
        audit_record(actor=actor, action="auth.2fa.setup", obj=actor, outcome=AuditOutcome.FAILED)
        raise ValidationError({"token": [wrong_code()]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=actor, action="auth.2fa.setup", obj=actor)
    return device


def totp_verify(*, user: Any, token: str, ip: str | None) -> bool:
    """Check a log-in's second step; success and failure are audited, failures count to lock-outs."""
    device = confirmed_device(user)
    if device is not None and _check(device, token):
        audit_record(actor=user, action="auth.2fa", obj=user, ip=ip)
        return True
    audit_record(actor=user, action="auth.2fa", obj=user, outcome=AuditOutcome.FAILED, ip=ip)
    failure_record(username=user.get_username(), ip=ip)
    return False


def totp_reset(*, actor: Any, user: Any) -> int:
    """Remove a user's second factor (lost phone): security administrator only; audited."""
    require(actor, "security.manage", None, action="auth.2fa.reset")
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action="auth.2fa.reset", obj=user, detail={"devices": removed})
    return int(removed)
