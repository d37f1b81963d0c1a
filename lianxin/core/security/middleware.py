"""Session time-outs, the pending second factor, a password to change, the Content-Security-Policy
and rate limits."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lianxin.core.middleware import client_ip
from lianxin.core.security.sessions import LOGIN_AT, SECOND_FACTOR, SEEN_AT

Handler = Callable[[HttpRequest], HttpResponse]
SEEN_WRITE_EVERY = 60  # seconds: the last-seen stamp is written at most once a minute


def wants_json(request: HttpRequest) -> bool:
    return (
        request.path.startswith(("/api/", "/open311/"))
        or "application/json" in request.headers.get("Accept", "")
        or request.headers.get("HX-Request") == "true"
    )


def _json_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "errors": {}}, status=status)


def _to_login(request: HttpRequest) -> str:
    return f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"


class SessionTimeoutMiddleware:
    """Log out after ``SESSION_IDLE_SECONDS`` without a request, or ``SESSION_COOKIE_AGE`` after
    the log-in whatever the activity (the absolute cap)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = int(time.time())
            seen = int(session.get(SEEN_AT) or now)
            login_at = int(session.get(LOGIN_AT) or now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - login_at > settings.SESSION_COOKIE_AGE:
                return self.expired(request)
            if SEEN_AT not in session or now - seen >= SEEN_WRITE_EVERY:
                session[SEEN_AT] = now
            if LOGIN_AT not in session:
                session[LOGIN_AT] = now
        return self.get_response(request)

    def expired(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        message = _("Your session ended after a time without activity. Please log in again.")
        if wants_json(request):
            response: HttpResponse = _json_error("session_expired", message, 401)
            if request.headers.get("HX-Request") == "true":
                response["HX-Redirect"] = _to_login(request)
            return response
        messages.warning(request, message)
        return redirect(_to_login(request))


class SecondFactorMiddleware:
    """Until the second factor is given (or set up when it is mandatory), a logged-in user
    reaches only the pages that ask for it."""

    OPEN = ("/static/", "/i18n/", "/logout/", "/login/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            due = request.session.get(SECOND_FACTOR)
            if due and not request.path.startswith(self.OPEN):
                message = _("Enter the code from your authenticator app first.")
                if wants_json(request):
                    return _json_error("second_factor_required", message, 401)
                target = reverse("login-verify" if due == "verify" else "two-factor-setup")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _url_prefix(url: str) -> str | None:
    """The path prefix of a ``STATIC_URL``-like setting; None when empty or on another host."""
    if not url or "://" in url or url.startswith("//"):
        return None
    return "/" + url.lstrip("/")


class PasswordChangeRequiredMiddleware:
    """A user whose password someone else set (a new account, an administrator's reset) reaches
    only the password-change page until they choose their own (等保 2.0). Pages redirect there,
    the JSON APIs answer 403 with a code, htmx requests get ``HX-Redirect``."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not self.is_open(request.path)
        ):
            return self.refused(request)
        return self.get_response(request)

    @staticmethod
    def is_open(path: str) -> bool:
        exact = {reverse("password-change"), reverse("logout"), reverse("healthz")}
        # The log-in and second-factor pages live under the log-in URL.
        prefixes = [reverse("login"), reverse("set_language")]
        prefixes += [p for p in (_url_prefix(settings.STATIC_URL), _url_prefix(settings.MEDIA_URL)) if p]
        return path in exact or path.startswith(tuple(prefixes))

    @staticmethod
    def refused(request: HttpRequest) -> HttpResponse:
        message = _(
            "Your password was chosen by someone else. Choose a new password of your own before you go on."
        )
        target = reverse("password-change")
        htmx = request.headers.get("HX-Request") == "true"
        if wants_json(request):
            response: HttpResponse = _json_error("password_change_required", message, 403)
            if htmx:
                messages.warning(request, message)
                response["HX-Redirect"] = target
            return response
        messages.warning(request, message)
        return redirect(target)


class ContentSecurityPolicyMiddleware:
    """The same policy on every response: no inline script or style, no framing."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response


class RateLimitMiddleware:
    """Counts requests in the cache (shared across processes with Redis) and answers 429.

    ``RATE_LIMITS`` maps a name to ``limit`` requests per ``seconds``, counted per user (or
    per client address when anonymous) for the requests the rule matches: ``anonymous`` for
    every request without a log-in, the others by ``methods`` and a ``paths`` regex.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        who = f"u{user.pk}" if signed_in and user is not None else f"a{client_ip(request) or '-'}"
        limits = cast(dict[str, dict[str, Any]], settings.RATE_LIMITS)
        for name, rule in limits.items():
            paths = rule.get("paths")
            if not paths:
                if signed_in:
                    continue
            elif request.method not in rule.get("methods", ("POST",)) or not re.search(paths, request.path):
                continue
            if signed_in and rule.get("retry_taken") and self.is_retry(request, rule["retry_taken"]):
                continue
            if not self.allow(name, who, int(rule["limit"]), int(rule["seconds"])):
                return self.refused(request, int(rule["seconds"]))
        return self.get_response(request)

    @staticmethod
    def is_retry(request: HttpRequest, check: str) -> bool:
        key = request.headers.get("Idempotency-Key", "")
        return bool(key) and bool(import_string(check)(user=request.user, key=key[:100]))

    @staticmethod
    def allow(name: str, who: str, limit: int, seconds: int) -> bool:
        bucket = int(time.time()) // seconds
        key = f"ratelimit:{name}:{who}:{bucket}"
        if cache.add(key, 1, seconds + 5):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds + 5)
            count = 1
        return count <= limit

    @staticmethod
    def refused(request: HttpRequest, seconds: int) -> HttpResponse:
        message = _("Too many requests. Please wait a few minutes and try again.")
        response: HttpResponse
        if wants_json(request):
            response = _json_error("rate_limited", message, 429)
        else:
            response = render(
                request,
                "security/rate_limited.html",
                {"message": message, "minutes": max(1, seconds // 60)},
                status=429,
            )
        response["Retry-After"] = str(seconds)
        return response
