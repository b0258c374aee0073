#!/usr/bin/env bash
# Installs the services the integration tests start themselves: PostgreSQL's server binaries (initdb, pg_ctl).
# Idempotent: does nothing when they are already on PATH or under /usr/lib/postgresql/*/bin.
# The tests start and stop their own server in a temporary folder; this script only installs.
set -euo pipefail

has_postgres() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    return 0
  fi
  for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
      return 0
    fi
  done
  return 1
}

if has_postgres; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL (initdb, pg_ctl) is missing and apt-get is not available: install PostgreSQL's server package" >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

echo "installing PostgreSQL for the integration tests"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y postgresql
