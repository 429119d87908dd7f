#!/usr/bin/env bash
# Runs every test: type-check, unit tests, then end-to-end tests against the real PostgreSQL and
# Redis on this machine. Installs dependencies first when they are missing or out of date.
set -euo pipefail

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  cat <<'USAGE'
Usage: npm test [-- JEST_OPTIONS]

Type-checks the code, checks the guardrails (scripts/lint.sh: prettier, eslint, dependency rules,
table ownership), audits the production dependencies (scripts/audit-dependencies.sh: npm audit,
high and critical fail), then runs the unit tests and the end-to-end tests (each test file on a
database of its own, cloned from a migrated template). Needs PostgreSQL on 127.0.0.1:5432 (user
postgres, trust auth) and Redis on 127.0.0.1:6379; TEST_DATABASE_SERVER_URL points elsewhere.
The virus-scanning tests start Debian's clamd (/usr/sbin/clamd, or CLAMD_BINARY); when it is
missing and this runs as root, it installs the clamav-daemon package with apt-get first.

Examples:
  npm test                                   everything
  npm test -- --selectProjects unit          unit tests only
  npm test -- test/audit-trail               one end-to-end file
  TEST_LOG_LEVEL=error npm test              show the apps' error logs
USAGE
  exit 0
fi

source "$(dirname "$0")/prepare.sh"
# The virus-scanning tests start a real clamd (Debian's clamav-daemon) with a signature database
# they write themselves; only the package is needed, no signature download.
if [[ ! -x "${CLAMD_BINARY:-/usr/sbin/clamd}" ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing clamav-daemon (clamd, for the virus-scanning tests)..."
    apt-get update -qq && apt-get install -y -qq clamav-daemon
  else
    echo "clamd is not installed: the virus-scanning tests will fail. Install it: sudo apt-get install -y clamav-daemon" >&2
  fi
fi
echo "Type-checking..."
npx tsc --noEmit -p tsconfig.json
bash "$(dirname "$0")/lint.sh"
bash "$(dirname "$0")/audit-dependencies.sh"
npx jest "$@"
