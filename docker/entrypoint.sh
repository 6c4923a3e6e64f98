#!/bin/sh
# Starts the API, the worker, the console (web) or a CLI command. Migrations run only where
# RUN_MIGRATIONS=true (one service, or a one-off job), never on every replica.
# Least privilege: the API and the worker run with DATABASE_URL logged in as
# the application role, and without the owner's password (the API also
# without the worker role's), whatever the container was given.
set -eu

role="${1:-api}"
[ "$#" -gt 0 ] && shift

if [ "${RUN_MIGRATIONS:-false}" = "true" ]; then
  echo "csp: running database migrations"
  node dist/apps/cli/src/main.js migrate
fi

# DATABASE_URL with the application role's user and password.
app_database_url() {
  node -e 'const u = new URL(process.env.DATABASE_URL); u.username = encodeURIComponent(process.env.DATABASE_APP_USER || "csp_app"); u.password = encodeURIComponent(process.env.DATABASE_APP_PASSWORD || ""); process.stdout.write(u.href)'
}

case "$role" in
  api)
    [ -n "${DATABASE_URL:-}" ] && DATABASE_URL="$(app_database_url)" && export DATABASE_URL
    unset DATABASE_OWNER_PASSWORD DATABASE_WORKER_PASSWORD
    exec node dist/apps/api/src/main.js "$@" ;;
  worker)
    [ -n "${DATABASE_URL:-}" ] && DATABASE_URL="$(app_database_url)" && export DATABASE_URL
    unset DATABASE_OWNER_PASSWORD
    exec node dist/apps/worker/src/main.js "$@" ;;
  web)
    # The console calls the API over HTTP: no database credentials at all.
    unset DATABASE_URL DATABASE_OWNER_PASSWORD DATABASE_APP_PASSWORD DATABASE_WORKER_PASSWORD
    exec node dist/apps/web/src/main.js "$@" ;;
  cli) exec node dist/apps/cli/src/main.js "$@" ;;
  *) echo "csp: unknown role '$role' (expected api, worker, web or cli)" >&2; exit 64 ;;
esac
