// Sums the JSON reports of every suite into one last line: "N passed, N failed, N skipped".
// A missing report counts as a failure: a suite that crashed before reporting must not look like success.
import fs from 'node:fs';

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
for (const file of args.filter((arg) => !arg.startsWith('--'))) {
  if (!fs.existsSync(file)) {
    console.error(`no report at ${file}: that suite did not run to the end`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // vitest (jest-shaped JSON): a file that failed before its tests ran counts as one failure.
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    for (const suite of report.testResults ?? []) {
      const failedInside = (suite.assertionResults ?? []).some((test) => test.status === 'failed');
      if (suite.status === 'failed' && !failedInside) failed += 1;
    }
  } else if (report.stats) {
    // Playwright: flaky tests passed on retry; they count as passed but are listed by Playwright itself.
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    if ((report.errors ?? []).length > 0) failed += report.errors.length;
  } else {
    console.error(`unrecognised report ${file}`);
    failed += 1;
  }
}
const total = passed + failed;
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
fs.mkdirSync('test-results', { recursive: true });
fs.writeFileSync('test-results/summary.txt', line + '\n');
console.log(line);
process.exit(failed > 0 || total === 0 ? 1 : 0);
