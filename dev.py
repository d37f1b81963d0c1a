#!/usr/bin/env python3
"""Set up and run Lianxin with nothing but Python >= 3.11, Node/npm and git.

    python3 dev.py serve   install everything, build the demo district, serve http://127.0.0.1:8000
    python3 dev.py test    install what the tests need and run the whole test suite
    python3 dev.py check   ruff, mypy and the migrations check (CI runs it too)

Standard library only: this file runs before any dependency is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
VENDOR = ROOT / "lianxin" / "static" / "vendor"

# node_modules source -> static/vendor destination (files or whole folders).
ASSETS = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
    "bootstrap-icons/font/fonts": "bootstrap-icons/fonts",
    "echarts/dist/echarts.min.js": "echarts.min.js",
}


def say(message: str) -> None:
    print(f"\033[1;34m==>\033[0m {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None, check: bool = True) -> int:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def python_deps(extra: str) -> None:
    """A virtualenv in .venv with the project installed; skipped when nothing changed."""
    if sys.version_info < (3, 11):  # noqa: UP036  (this file must explain itself on an old Python)
        sys.exit("Lianxin needs Python 3.11 or newer.")
    if not PY.exists():
        say("Creating the virtualenv in .venv")
        venv.create(VENV, with_pip=True)
    spec = f".[{extra}]" if extra else "."
    pins = ROOT / "constraints.txt"  # the exact versions CI tested; regenerate after an upgrade
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + pins.read_bytes() + spec.encode()
    ).hexdigest()
    stamp = VENV / ".lianxin-installed"
    if stamp.exists() and digest in stamp.read_text().split():
        return
    say(f"Installing Python packages ({spec})")
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-c", pins, "-e", spec)
    previous = stamp.read_text().split() if stamp.exists() else []
    stamp.write_text("\n".join([*previous, digest]))


def assets() -> None:
    """Front-end packages from the npm registry, copied into static (never a CDN)."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to install the front-end assets (install Node.js).")
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".lianxin-installed"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.exists() else ""
    if not (stamp.exists() and stamp.read_text() == digest):
        say("Installing front-end assets with npm")
        run(npm, "ci" if lock.exists() else "install", "--no-audit", "--no-fund", "--loglevel=error")
        stamp.write_text(digest)
    for source, target in ASSETS.items():
        src, dst = ROOT / "node_modules" / source, VENDOR / target
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    run(PY, "manage.py", *args, env=env)


def dev_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    return env


def system_tools() -> None:
    """Chromium for the browser journeys, gettext for the translation check (Debian packages).

    Installed when we may (root with apt-get); otherwise those tests say what is missing.
    """
    missing = []
    if not (shutil.which("chromium") or os.environ.get("CHROMIUM_PATH")):
        missing += ["chromium", "fonts-noto-cjk"]
    if not shutil.which("xgettext"):
        missing.append("gettext")
    if not missing:
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"Installing {', '.join(missing)} for the tests")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=quiet)
        run("apt-get", "install", "-y", "-qq", *missing, env=quiet)
    else:
        say(f"Not installed: {', '.join(missing)} (apt-get install them); the tests needing them are skipped")


def serve() -> None:
    python_deps("")
    assets()
    env = dev_env()
    say("Preparing the database (SQLite in var/)")
    manage("migrate", "--no-input", "-v", "0", env=env)
    say("Building the demo district (safe to repeat)")
    manage("demo", env=env)
    manage("cases_overdue", "--schedule", env=env)
    manage("heartbeat", "--schedule", env=env)
    say("Starting the background task worker")
    worker = subprocess.Popen([str(PY), "manage.py", "db_worker", "--no-reload"], cwd=ROOT, env=env)
    try:
        say("Serving on http://127.0.0.1:8000  (Ctrl-C stops)")
        manage("runserver", "127.0.0.1:8000", env=env)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def parallel(pytest_args: list[str]) -> list[str]:
    """One test process per core, a module's tests kept together (they share module fixtures),
    unless the arguments choose otherwise."""
    chosen = any(
        arg.startswith(("-n", "--numprocesses", "--dist")) or arg == "no:xdist" for arg in pytest_args
    )
    if chosen:
        return []
    return ["-n", "auto", "--dist", "loadscope"]


def test(pytest_args: list[str]) -> None:
    python_deps("dev")
    assets()
    system_tools()
    code = run(PY, "-m", "pytest", *parallel(pytest_args), *pytest_args, check=False)
    if code == 5:
        say("pytest collected no tests: that is a failure")
        sys.exit(1)
    sys.exit(code)


def check() -> None:
    python_deps("dev")
    run(PY, "-m", "ruff", "check", ".")
    run(PY, "-m", "ruff", "format", "--check", ".")
    run(PY, "-m", "mypy", ".")
    manage("makemigrations", "--check", "--dry-run", env=dev_env())
    say("ruff, mypy and migrations are clean")


def main() -> None:
    command, *rest = sys.argv[1:] or ["help"]
    if command == "serve":
        serve()
    elif command == "test":
        test(rest)
    elif command == "check":
        check()
    elif command == "assets":
        assets()
    else:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)


if __name__ == "__main__":
    main()
