"""Production mode refuses to start without its secrets; development needs nothing set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyYnl0ZXM="


def load_settings(
    show: str = "s.DEBUG, s.TIME_ZONE, s.LANGUAGE_CODE", **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"}
    }
    return subprocess.run(  # noqa: S603 (the tests' own expressions)
        [sys.executable, "-c", f"import config.settings as s; print({show})"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = load_settings(FIELD_ENCRYPTION_KEYS=KEY, FIELD_HASH_KEY="h")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_field_keys_refuses_to_start():
    result = load_settings(SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set" in result.stderr


def test_production_with_its_secrets_starts():
    result = load_settings(SECRET_KEY="s" * 50, FIELD_ENCRYPTION_KEYS=KEY, FIELD_HASH_KEY="h")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "Asia/Shanghai", "zh-hans"]


def test_development_needs_nothing_set():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def test_with_redis_sessions_are_read_from_it_and_kept_in_the_database():
    shown = "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE"
    with_redis = load_settings(shown, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")
    assert with_redis.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
    alone = load_settings(shown, DEBUG="1", REDIS_URL="")
    assert alone.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]


def test_the_log_level_may_be_written_in_small_letters():
    # gunicorn reads the same variable and takes either case.
    result = load_settings("s.LOGGING['root']['level']", DEBUG="1", LOG_LEVEL="warning")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["WARNING"]
