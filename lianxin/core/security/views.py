"""Log-in (with lock-outs), the second factor, and the security administrator's page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxin.core.middleware import client_ip
from lianxin.core.security import lockout, otp
from lianxin.core.security.forms import LoginForm, TokenForm
from lianxin.core.security.models import Lockout
from lianxin.core.security.sessions import SECOND_FACTOR
from lianxin.core.views import workbench_required
from lianxin.people.models import User

SETUP_DEVICE = "_lx_2fa_setup_device"


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


@login_required
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a log-in: the code from the authenticator app."""
    if request.session.get(SECOND_FACTOR) != "verify":
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        locked = lockout.active_lockout(username=request.user.get_username(), ip=ip)
        if locked is None and otp.totp_verify(user=request.user, token=form.cleaned_data["token"], ip=ip):
            request.session.pop(SECOND_FACTOR, None)
            request.session.cycle_key()
            return redirect(_next(request))
        locked = locked or lockout.active_lockout(username=request.user.get_username(), ip=ip)
        if locked is not None:
            message = lockout.lockout_message(locked)
            logout(request)
            messages.error(request, message)
            return redirect("login")
        form.add_error("token", otp.wrong_code())
    return render(request, "security/verify.html", {"form": form, "next": _next(request)})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app: scan the QR code, enter one code."""
    if request.session.get(SECOND_FACTOR) == "verify":
        return redirect("login-verify")
    device = None
    device_id = request.session.get(SETUP_DEVICE)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            otp.totp_setup_confirm(actor=request.user, device=device, token=form.cleaned_data["token"])
        except ValidationError as exc:
            for message in exc.message_dict.get("token", []):
                form.add_error("token", message)
        else:
            request.session.pop(SETUP_DEVICE, None)
            request.session.pop(SECOND_FACTOR, None)
            messages.success(request, _("Your authenticator app is set up. Log-ins will ask for its code."))
            return redirect(_next(request) if request.GET.get("next") else "app-me")
    if device is None:
        device = otp.totp_setup_start(actor=request.user)
        request.session[SETUP_DEVICE] = device.pk
        form = TokenForm()
    context: dict[str, Any] = {
        "form": form,
        "qr": otp.qr_svg(device),
        "secret": device.config_url.split("secret=", 1)[1].split("&", 1)[0],
        "has_device": otp.confirmed_device(request.user) is not None,
        "mandatory": request.session.get(SECOND_FACTOR) == "setup",
    }
    return render(request, "security/setup.html", context)


def _security_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("security.manage"):
        raise Http404


@workbench_required
def security_admin(request: HttpRequest) -> HttpResponse:
    """Lock-outs in force (unlock), recent ones, second-factor users (reset), the settings."""
    _security_admin(request)
    context = {
        "active": list(lockout.lockouts_active()[:200]),
        "recent": list(Lockout.objects.select_related("unlocked_by")[:50]),
        "devices": list(
            TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by("user__username")[:500]
        ),
        "settings_shown": [
            (_("Idle session time-out (minutes)"), settings.SESSION_IDLE_SECONDS // 60),
            (_("Longest session (hours)"), settings.SESSION_COOKIE_AGE // 3600),
            (_("Failed log-ins before an account is locked"), settings.LOGIN_FAILURES_PER_ACCOUNT),
            (_("Failed log-ins before a client address is locked"), settings.LOGIN_FAILURES_PER_ADDRESS),
            (_("Lock-out (minutes)"), settings.LOGIN_LOCKOUT_SECONDS // 60),
            (
                _("Second factor mandatory for staff"),
                _("Yes") if settings.OTP_REQUIRED_FOR_STAFF else _("No"),
            ),
        ],
    }
    return render(request, "security/admin.html", context)


@require_POST
@workbench_required
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    _security_admin(request)
    locked = get_object_or_404(Lockout, pk=pk)
    lockout.lockout_lift(actor=request.user, lockout=locked)
    messages.success(request, _("%(key)s is unlocked.") % {"key": locked.key})
    return redirect("security-admin")


@require_POST
@workbench_required
def two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    _security_admin(request)
    user = get_object_or_404(User, pk=user_id)
    otp.totp_reset(actor=request.user, user=user)
    messages.success(
        request,
        _("The second factor of %(user)s is removed; they can set it up again.") % {"user": user.username},
    )
    return redirect("security-admin")
