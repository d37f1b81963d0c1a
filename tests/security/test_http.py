"""HTTP hygiene: CSP and framing headers, CSRF, HSTS, no inline code in any template, and
rate limits answering 429."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lianxin.people.models import User
from tests.factories import PASSWORD
from tests.security.conftest import log_in

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "lianxin"


def test_pages_carry_the_policy_and_refuse_framing(client: Client, worker: User) -> None:
    client.force_login(worker)
    for url in (reverse("login"), reverse("workbench"), reverse("app-home")):
        response = Client().get(url) if url == reverse("login") else client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_on_https_in_production_mode(client: Client) -> None:
    assert not settings.DEBUG
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert settings.SESSION_COOKIE_HTTPONLY


def test_a_form_post_without_the_csrf_token_is_refused(worker: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "worker", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session
    page = strict.get(reverse("login"))
    token = page.context["csrf_token"]
    response = strict.post(
        reverse("login"), {"username": "worker", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"), "inline <script>"),
    (re.compile(r"\sstyle=\""), "style= attribute"),
    (re.compile(r"\son[a-z]+=\""), "on*= handler"),
    (re.compile(r"\shx-on[:-]"), "hx-on (needs eval)"),
    (re.compile(r"javascript:"), "javascript: URL"),
]


def test_no_template_has_inline_script_or_style() -> None:
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern, what in INLINE:
            if pattern.search(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {what}")
    assert found == []


def test_anonymous_requests_are_limited(client: Client, settings: Any) -> None:
    settings.RATE_LIMITS = {"anonymous": {"limit": 3, "seconds": 60}}
    for _ in range(3):
        assert client.get(reverse("login")).status_code == 200
    page = client.get(reverse("login"))
    assert page.status_code == 429 and int(page["Retry-After"]) == 60
    assert "429" not in page.content.decode() or "<html" in page.content.decode()
    api = client.get("/api/v1/cases/")
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
    assert Client(REMOTE_ADDR="10.1.2.3").get(reverse("login")).status_code == 200


def test_resident_intake_is_limited_per_user(client: Client, worker: User) -> None:
    client.force_login(worker)
    limits: Any = settings.RATE_LIMITS
    limit = limits["intake"]["limit"]
    for _ in range(limit):
        assert client.post(reverse("app-case-new"), {"text": ""}).status_code != 429
    refused = client.post(reverse("app-case-new"), {"text": ""})
    assert refused.status_code == 429
    assert "Retry-After" in refused and refused["Content-Type"].startswith("text/html")
    api = client.post("/api/v1/cases", {}, content_type="application/json")
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
    # Reading is not limited.
    assert client.get(reverse("app-case-new")).status_code == 200


def test_open311_posts_are_limited(client: Client, settings: Any) -> None:
    settings.RATE_LIMITS = {"intake": {**settings.RATE_LIMITS["intake"], "limit": 2}}
    for _ in range(2):
        assert client.post("/open311/v2/requests.json", {}).status_code != 429
    response = client.post("/open311/v2/requests.json", {})
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"


def test_login_page_still_logs_in(client: Client, worker: User) -> None:
    assert log_in(client, "worker").status_code == 302
