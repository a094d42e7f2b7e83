// Sums the JSON reports of every suite into one last line: "N passed, N failed, N skipped", after one line per
// suite (per Node version where a suite runs on several).
// A missing report counts as a failure: a suite that crashed before reporting must not look like success.
// Every failed test is named, with the first line of its error, just above the total: CI keeps only the tail of a
// long run, and a failure that does not say which test it was cannot be chased.
import fs from 'node:fs';
import path from 'node:path';

const failures = [];

let passed = 0;
let failed = 0;
let skipped = 0;
const args = process.argv.slice(2);
// The type check is one check: it passes or it fails.
for (const flag of args.filter((arg) => arg.startsWith('--typecheck-status='))) {
  if (flag.endsWith('=0')) passed += 1;
  else {
    console.error('the type check (npx tsc -p .) failed');
    failed += 1;
  }
}
// The dependency rules are one check too.
for (const flag of args.filter((arg) => arg.startsWith('--depcruise-status='))) {
  if (flag.endsWith('=0')) passed += 1;
  else {
    console.error('the dependency rules (npm run lint:deps) failed: see the lines naming both files above');
    failed += 1;
  }
}
// Each report is "label=path" (or a bare path, labelled by its file name): every suite, and every Node version
// a suite ran on, gets its own line above the total.
for (const arg of args.filter((arg) => !arg.startsWith('--'))) {
  const separator = arg.lastIndexOf('=');
  const label = separator > 0 ? arg.slice(0, separator) : arg;
  const file = separator > 0 ? arg.slice(separator + 1) : arg;
  const counts = countReport(file);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  console.log(
    `  ${label}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`,
  );
}

function countReport(file) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (!fs.existsSync(file)) {
    console.error(`no report at ${file}: that suite did not run to the end`);
    counts.failed += 1;
    return counts;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // vitest (jest-shaped JSON): a file that failed before its tests ran counts as one failure.
    counts.passed += report.numPassedTests;
    counts.failed += report.numFailedTests;
    counts.skipped += report.numPendingTests + report.numTodoTests;
    for (const suite of report.testResults ?? []) {
      const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failedTests)
        failures.push(
          `${file}: ${path.relative(process.cwd(), suite.name)} > ${test.fullName}: ${firstLine(test.failureMessages)}`,
        );
      if (suite.status === 'failed' && failedTests.length === 0) {
        counts.failed += 1;
        failures.push(
          `${file}: ${path.relative(process.cwd(), suite.name)} failed before its tests ran: ${firstLine([suite.message])}`,
        );
      }
    }
  } else if (report.stats) {
    // Playwright: flaky tests passed on retry; they count as passed but are listed by Playwright itself.
    counts.passed += report.stats.expected + report.stats.flaky;
    counts.failed += report.stats.unexpected;
    counts.skipped += report.stats.skipped;
    if ((report.errors ?? []).length > 0) counts.failed += report.errors.length;
    for (const error of report.errors ?? []) failures.push(`${file}: ${firstLine([error.message])}`);
    collectPlaywrightFailures(file, report.suites ?? [], []);
  } else {
    console.error(`unrecognised report ${file}`);
    counts.failed += 1;
  }
  return counts;
}
function collectPlaywrightFailures(file, suites, titles) {
  for (const suite of suites) {
    const titlePath = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const lastResult = (test.results ?? []).at(-1);
        failures.push(`${file}: ${[...titlePath, spec.title].join(' > ')}: ${firstLine([lastResult?.error?.message])}`);
      }
    }
    collectPlaywrightFailures(file, suite.suites ?? [], titlePath);
  }
}

function firstLine(messages) {
  const text = (messages ?? []).filter(Boolean).join('\n');
  // Strip terminal colours; keep the line short enough to read in a log, and long enough for a harness check's own
  // account of what went wrong (the resilience checks name the failed requests and the server's warnings).
  const line =
    text
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .find((part) => part.trim()) ?? 'no message';
  return line.trim().slice(0, 1000);
}

if (failures.length > 0) {
  console.log('failed:');
  for (const failure of failures) console.log(`  ${failure}`);
}
const total = passed + failed;
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
fs.mkdirSync('test-results', { recursive: true });
fs.writeFileSync('test-results/summary.txt', line + '\n');
console.log(line);
process.exit(failed > 0 || total === 0 ? 1 : 0);
