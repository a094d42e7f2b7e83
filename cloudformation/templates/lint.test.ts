/**
 * The generated templates through AWS's cfn-lint and through checkov, as written by `npm run cfn:build`.
 * cfn-lint: no error and no warning. checkov: no failed check; every skip is declared in the template's
 * metadata with a reason, and every declared skip is one checkov actually applied (no stale skips).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplates } from '../../scripts/cfn-build';
import { toPlainJson } from '../lib/yaml';
import { TEMPLATES } from '../templates/index';
import { run, venvTool } from '@test-support/cloudformation/tools';

let outDir: string;
let files: Record<string, string>;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  files = buildTemplates(outDir);
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('cfn-lint', () => {
  it('reports no error and no warning on any generated template', async () => {
    const result = await run(venvTool('cfn-lint'), ['--format', 'parseable', ...Object.values(files)]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});

describe('checkov', () => {
  it('fails no check; the skips are exactly the ones declared with reasons in the templates', async () => {
    const result = await run(
      venvTool('checkov'),
      [
        '--framework',
        'cloudformation',
        '--skip-download',
        '--output',
        'json',
        ...Object.values(files).flatMap((file) => ['-f', file]),
      ],
      { env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' }, timeoutMs: 180_000 },
    );
    const reports = [JSON.parse(result.stdout)].flat();
    const failed = reports.flatMap((report) => report.results.failed_checks);
    expect(
      failed.map((check: { check_id: string; resource: string }) => `${check.check_id} ${check.resource}`),
    ).toEqual([]);
    expect(reports.flatMap((report) => report.results.passed_checks).length).toBeGreaterThan(50);

    const applied = reports
      .flatMap((report) => report.results.skipped_checks)
      .map((check: { check_id: string; resource: string }) => `${check.check_id} ${check.resource.split('.')[1]}`)
      .sort();
    const declared = Object.values(TEMPLATES)
      .flatMap((build) =>
        Object.entries(
          (
            toPlainJson(build()) as {
              Resources: Record<string, { Metadata?: { checkov?: { skip: Array<{ id: string }> } } }>;
            }
          ).Resources,
        ),
      )
      .flatMap(([id, resource]) => (resource.Metadata?.checkov?.skip ?? []).map((skip) => `${skip.id} ${id}`))
      .sort();
    expect(applied).toEqual(declared);
  }, 180_000);
});

describe('cfn:build', () => {
  it('writes the same bytes for the same source, with short-form intrinsics', () => {
    const again = mkdtempSync(join(tmpdir(), 'cfn-build-'));
    try {
      const second = buildTemplates(again);
      for (const [file, path] of Object.entries(files)) {
        expect(readFileSync(second[file], 'utf8'), file).toBe(readFileSync(path, 'utf8'));
      }
      const main = readFileSync(files['main.yaml'], 'utf8');
      expect(main).toContain('!Ref ');
      expect(main).toContain('!GetAtt ');
      expect(main).toContain('!Sub ');
      // The one long form left: Base64 around a Sub (YAML allows one tag per node).
      expect(main.match(/Fn::\w+/g)).toEqual(['Fn::Base64']);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
