#!/usr/bin/env bash
# Installs, builds and runs the product (api + worker) with the demo partnership seeded.
set -euo pipefail

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  cat <<'USAGE'
Usage: npm run quickstart

Installs dependencies, builds the api and the worker, and starts both. On start the database
(DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dhr) is created if missing and
migrated, the demo partnership is seeded (SEED_DEMO=true unless you set it), and the api's URL
and the demo logins are printed. Stop with Ctrl-C. Every setting in README.md's Configuration
section can be given in the environment or in a .env file.
USAGE
  exit 0
fi

source "$(dirname "$0")/prepare.sh"
echo "Building api and worker..."
npm run --silent build
export SEED_DEMO="${SEED_DEMO:-true}"
# The demo signs in with passwords alone; the start-up banner says so.
export TOTP_REQUIRED_ROLES="${TOTP_REQUIRED_ROLES:-none}"
# Quiet enough that the URL and the demo logins stand out; LOG_LEVEL=info shows every request.
export LOG_LEVEL="${LOG_LEVEL:-warn}"
exec npm start
