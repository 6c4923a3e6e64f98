#!/bin/sh
# Starts the API, the worker, the console (web) or a CLI command. Migrations run only where
# RUN_MIGRATIONS=true (one service, or a one-off job), never on every replica.
set -eu

role="${1:-api}"
[ "$#" -gt 0 ] && shift

if [ "${RUN_MIGRATIONS:-false}" = "true" ]; then
  echo "csp: running database migrations"
  node dist/apps/cli/src/main.js migrate
fi

case "$role" in
  api) exec node dist/apps/api/src/main.js "$@" ;;
  worker) exec node dist/apps/worker/src/main.js "$@" ;;
  web) exec node dist/apps/web/src/main.js "$@" ;;
  cli) exec node dist/apps/cli/src/main.js "$@" ;;
  *) echo "csp: unknown role '$role' (expected api, worker, web or cli)" >&2; exit 64 ;;
esac
