#!/usr/bin/env bash
# Builds the solution (warnings are errors) and runs every test project, then prints the totals of all of
# them as one line: "N passed, N failed, N skipped". Exits non-zero on any failure.
# Usage: eng/test.sh [extra dotnet test arguments, e.g. --project tests/Weir.Core.Tests]
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp -t weir-test.XXXXXX)
trap 'rm -f "$log"' EXIT

# Integration tests start their own services (a PostgreSQL server in a temp folder); make sure they are installed.
if ! eng/services.sh; then
  echo "services could not be installed"
  echo "0 passed, 1 failed"
  exit 1
fi

if ! dotnet build Weir.slnx -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

target=(--solution Weir.slnx)
[ $# -gt 0 ] && target=()
dotnet test "${target[@]}" -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform ends with a summary block: "total: N", "failed: N", "succeeded: N", "skipped: N".
count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host crashed or a project ran no test: count it as a failure rather than report a clean run.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
