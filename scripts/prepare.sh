#!/usr/bin/env bash
# Sourced by quickstart.sh and test.sh: installs dependencies when they are missing or older than
# the lock file, then checks that PostgreSQL and Redis answer.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi
node scripts/check-services.js
