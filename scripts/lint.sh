#!/usr/bin/env bash
# The guardrails, run by `npm test` before the tests: formatting (prettier), style and
# correctness (eslint with typescript-eslint), the architecture's dependency rules
# (dependency-cruiser, .dependency-cruiser.cjs) and data ownership (scripts/check-table-ownership.ts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  echo "Usage: npm run lint     checks formatting, lint rules, dependency rules and table ownership; changes nothing"
  echo "       npm run format   rewrites files in prettier's style"
  exit 0
fi
echo "Checking formatting (prettier)..."
npx prettier --check --log-level warn .
echo "Linting (eslint)..."
npx eslint --max-warnings 0 .
echo "Checking dependency rules (dependency-cruiser)..."
npx depcruise apps libs test bench scripts --config .dependency-cruiser.cjs --output-type err
echo "Checking table ownership (scripts/check-table-ownership.ts)..."
npx ts-node --transpile-only scripts/check-table-ownership.ts
