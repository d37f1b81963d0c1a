"""The deployment files agree with the code: every setting documented, limits matching."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import jieba
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
READ = re.compile(r"""(?:os\.environ\.get|env_bool|env_list|env_int)\(\s*"([A-Z][A-Z0-9_]+)\"""")


def documented() -> set[str]:
    text = (DEPLOY / "env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_env_example_documents_every_variable_read() -> None:
    read = set(READ.findall((ROOT / "config" / "settings.py").read_text(encoding="utf-8")))
    read |= set(READ.findall((DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8")))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"} <= read
    assert sorted(read - documented()) == []


def test_gunicorn_config_logs_the_request_id() -> None:
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert conf["workers"] >= 1 and conf["timeout"] >= 30 and not conf["preload_app"]
    assert "%({x-request-id}o)s" in conf["access_log_format"]


def test_a_gunicorn_worker_loads_the_word_segmenter_as_it_starts() -> None:
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    jieba.dt.initialized = False  # as in a new worker
    conf["post_worker_init"](None)
    assert jieba.dt.initialized


def test_nginx_hides_media_and_takes_the_largest_upload() -> None:
    site = (DEPLOY / "nginx" / "lianxin.conf").read_text(encoding="utf-8")
    assert re.search(r"location /media/ \{\s*return 404;", site)
    assert str(settings.STATIC_ROOT).endswith("var/staticfiles") and "/var/staticfiles/;" in site
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))  # type: ignore[union-attr]
    assert megabytes * 2**20 >= settings.CASE_PHOTO_MAX_BYTES * settings.CASE_PHOTO_MAX_COUNT
    assert "Strict-Transport-Security" in site and "X-Request-ID" in site


def test_systemd_units_run_commands_that_exist() -> None:
    commands = get_commands()
    units = {p.name: p.read_text(encoding="utf-8") for p in (DEPLOY / "systemd").iterdir()}
    for text in units.values():
        for command in re.findall(r"manage\.py (\w+)", text):
            assert command in commands
    assert "db_worker --no-reload" in units["lianxin-worker.service"]
    assert "cases_overdue --schedule" in units["lianxin-schedule.service"]
    assert "heartbeat --schedule" in units["lianxin-schedule.service"]
    assert "deploy/gunicorn.conf.py" in units["lianxin-web.service"]


def test_readme_points_at_the_deploy_files() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("gunicorn.conf.py", "nginx/lianxin.conf", "systemd/", "env.example"):
        assert f"deploy/{name}" in readme
