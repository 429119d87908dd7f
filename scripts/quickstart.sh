#!/usr/bin/env bash
# Installs, builds and runs the product (api + worker) with the demo partnership seeded.
set -euo pipefail

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  cat <<'USAGE'
Usage: npm run quickstart

Installs dependencies, builds the api and the worker, and starts both. On start the database
(DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dhr) is created if missing and
migrated, the demo partnership is seeded (SEED_DEMO=true unless you set it), and the api's URL
and the demo logins are printed. A local mail catcher (MailDev) is started too, unless SMTP_URL
is set, and the address to read the demo's mail at is printed (MAILDEV_SMTP_PORT, default 1025,
and MAILDEV_WEB_PORT, default 1080, choose its ports). Stop with Ctrl-C. Every setting in README.md's Configuration
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

# A local mail catcher (MailDev, a devDependency) so the mail the demo causes can be read in a
# browser; skipped when SMTP_URL (in the environment or .env) names a mail server of your own.
if [[ -z "${SMTP_URL:-}" ]] && ! grep -qs '^SMTP_URL=' .env; then
  MAILDEV_SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
  MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
  # Started directly (not through npx), so that its process id is the one stopped on exit.
  node_modules/.bin/maildev --smtp "$MAILDEV_SMTP_PORT" --web "$MAILDEV_WEB_PORT" --ip 127.0.0.1 --web-ip 127.0.0.1 --silent &
  MAILDEV_PID=$!
  trap 'kill "$MAILDEV_PID" 2>/dev/null || true' EXIT
  export SMTP_URL="smtp://127.0.0.1:${MAILDEV_SMTP_PORT}"
  export MAIL_VIEWER_URL="${MAIL_VIEWER_URL:-http://localhost:${MAILDEV_WEB_PORT}}"
fi
npm start
