#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the tests need on a fresh
# machine — a virtualenv with the package and its dev tools, Debian's Chromium for the HTML
# report test and Debian's PostgreSQL for the shared history — then runs the linters, the type
# checker and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'

.venv/bin/ruff check src tests bench
.venv/bin/mypy
# The HTML report test drives Debian's chromium: its fixture apt-installs it when missing,
# and here a missing browser fails the run instead of skipping the test.
export LINKAUDIT_INSTALL_BROWSER=1 LINKAUDIT_REQUIRE_BROWSER=1
# The shared-history tests start a real PostgreSQL (Debian's package, apt-installed by the
# fixture when missing); here a missing server fails the run instead of skipping.
export LINKAUDIT_INSTALL_POSTGRES=1 LINKAUDIT_REQUIRE_POSTGRES=1
.venv/bin/python -m pytest -q "$@"
