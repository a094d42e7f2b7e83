/**
 * Every signpost in the repository leads somewhere (the checks of `npm run lint:links`, in the test command), and the
 * comment check itself finds what it should and nothing else, on small repositories written to a temp directory.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findBrokenSignposts, formatSignposts, githubSlug } from './signposts/check-signposts';
import { checkMarkdownLinks, parseReport } from './signposts/markdown-links';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('the repository', () => {
  it('has no broken Markdown link', () => {
    const report = checkMarkdownLinks(root);
    if (report.missingPackages.length > 0) {
      expect.fail(`${report.missingPackages.join(' and ')} not in node_modules: run npm install (devDependencies)`);
    }
    expect(report.problems.join('\n'), 'broken Markdown links (file:line:column: problem)').toBe('');
  });

  it('names in comments and Markdown text only paths, anchors and decision records that exist, and no issue', () => {
    expect(formatSignposts(findBrokenSignposts(root)), 'broken signposts (file:line: problem)').toBe('');
  });
});

describe('the signpost check', () => {
  let fixture: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
    writeFileSync(path.join(fixture, file), text);
  };
  const check = () => formatSignposts(findBrokenSignposts(fixture)).split('\n').filter(Boolean);

  const repository = () => {
    fixture = mkdtempSync(path.join(tmpdir(), 'signposts-'));
    write('docs/architecture.md', '# Architecture\n\n## The event seam\n');
    write('docs/decisions/101-two-stacks-artifacts-and-main.md', '# 101\n');
    write('app/services/photo-view.server.ts', 'export const view = 1;\n');
    write('functions/shared/contracts/s3-keys.ts', 'export const key = 1;\n');
  };
  afterEach(() => rmSync(fixture, { recursive: true, force: true }));

  it('passes a repository whose comments name files, folders, modules, aliases, anchors and decisions that exist', () => {
    repository();
    write(
      'app/subscribers/subscriptions.tsx',
      [
        '/**',
        ' * See docs/architecture.md#the-event-seam, docs/decisions/101-two-stacks-artifacts-and-main.md',
        ' * (decision 101), docs/decisions/101, app/services/photo-view and ~/services/photo-view.server.',
        ' * The key layout: @shared/contracts/s3-keys.ts. Folders: functions/shared/ and app/services.',
        ' * Relative to this file: ../services/photo-view.server.ts and ../../docs/architecture.md#the-event-seam.',
        ' */',
        "const url = 'see app/nowhere.ts'; // a string is not a comment",
        'const pattern = /app\\/nowhere\\.ts/; // nor a regular expression',
        'const page = `${url} // app/nowhere.ts`;',
        'export const jsx = <p>issue 9 in text, app/nowhere.ts</p>;',
      ].join('\n'),
    );
    write(
      'app/services/strings.ts',
      [
        "const url = 'https://x.test/app/nowhere.ts'; // a URL in a string",
        'const pattern = /\\/\\/ app\\/nowhere\\.ts/; // a regular expression with // in it',
        'const ratio = total / count; // app/services/photo-view.server.ts, after a division',
        'const page = `${url} // app/nowhere.ts ${`/* app/nowhere.ts */`}`;',
        "const nested = `${{ a: '}' }['a']} // app/nowhere.ts`; // app/services/photo-view.server.ts",
      ].join('\n'),
    );
    expect(check()).toEqual([]);
  });

  it('keeps globs, placeholders, URLs, home folders, generated output and phrases out', () => {
    repository();
    write(
      'scripts/run.sh',
      [
        '#!/usr/bin/env bash',
        '# Runs app/routes/__tests__/*.test.ts and functions/<name>/handler.ts; records in docs/decisions/NNN-title.md',
        '# https://github.com/x/y/blob/main/app/gone.ts, ~/.m2, cloudformation/dist/main.yaml, app/ceiling ratio',
        'echo "${#args[@]}" # app/services/photo-view.server.ts exists',
      ].join('\n'),
    );
    expect(check()).toEqual([]);
  });

  it('fails on a path in a comment that does not exist, with the file, the line and where it went', () => {
    repository();
    write('cloudformation/builders/metadata-table.ts', '// Keys: app/contracts/s3-keys.ts.\nexport const table = 1;\n');
    write('app/routes/photo.tsx', 'export const page = <p>x</p>; // app/routes/gone.tsx\n');
    expect(check()).toEqual([
      'app/routes/photo.tsx:1: app/routes/gone.tsx does not exist',
      'cloudformation/builders/metadata-table.ts:1: app/contracts/s3-keys.ts does not exist ' +
        '(now functions/shared/contracts/s3-keys.ts?)',
    ]);
  });

  it('fails on a relative path that does not exist, naming where it resolved', () => {
    repository();
    write('app/services/photo-url.server.ts', '/** Used by ./photo-view.server.ts and ../models/photo.server.ts. */\n');
    expect(check()).toEqual([
      'app/services/photo-url.server.ts:1: ../models/photo.server.ts (app/models/photo.server.ts) does not exist',
    ]);
  });

  it('fails on a renamed decision record, a missing heading, a missing decision number and an escaping path', () => {
    repository();
    write(
      'cloudformation/templates/main.ts',
      [
        '/** The main stack (docs/decisions/101-two-stacks.md). */',
        '// docs/architecture.md#event-seam',
        '// decisions 101 and 102',
        '// docs/../STYLE.md',
      ].join('\n'),
    );
    expect(check()).toEqual([
      'cloudformation/templates/main.ts:1: docs/decisions/101-two-stacks.md does not exist ' +
        '(now docs/decisions/101-two-stacks-artifacts-and-main.md?)',
      'cloudformation/templates/main.ts:2: docs/architecture.md#event-seam: docs/architecture.md has no heading ' +
        'with the anchor #event-seam',
      'cloudformation/templates/main.ts:3: "decisions 101 and 102": no docs/decisions/102-*.md',
      'cloudformation/templates/main.ts:4: docs/../STYLE.md does not exist',
    ]);
  });

  it('fails on "issue N" in a comment of any language, but not in Markdown', () => {
    repository();
    write('app/styles/app.css', 'a {\n  /* paging (issue 12 #6) */\n}\n');
    write('test-support/x.py', 'x = 1  # issue 9\n');
    write('e2e/x.spec.ts', '/**\n * Issue 12 found half the fields unstyled.\n */\n');
    write('docs/decisions/102-x.md', '# 102\n\nIssue 10 asked for search.\n');
    expect(check().map((line) => line.replace(/: readers.*/, ''))).toEqual([
      'app/styles/app.css:2: "issue 12 #6"',
      'e2e/x.spec.ts:2: "Issue 12"',
      'test-support/x.py:1: "issue 9"',
    ]);
  });

  it('checks code spans and prose in Markdown, leaving link targets to remark', () => {
    repository();
    write('README.md', 'Keys in `app/contracts/s3-keys.ts`; [the seam](docs/gone.md); see docs/decisions/101.\n');
    expect(check()).toEqual([
      'README.md:1: app/contracts/s3-keys.ts does not exist (now functions/shared/contracts/s3-keys.ts?)',
    ]);
  });
});

describe('the Markdown link report', () => {
  it('becomes one file:line:column line per broken link', () => {
    const report = [
      'README.md',
      '64:95-64:147 warning Cannot find file `app/contracts/s3-keys.ts` missing-file remark-validate-links:missing-file',
      '',
      'docs/infrastructure.md',
      '  3:1-3:20 warning Cannot find heading for `#nowhere` missing-heading remark-validate-links:missing-heading',
      '',
      '⚠ 2 warnings',
    ].join('\n');
    expect(parseReport(report)).toEqual([
      'README.md:64:95: Cannot find file `app/contracts/s3-keys.ts`',
      'docs/infrastructure.md:3:1: Cannot find heading for `#nowhere`',
    ]);
  });

  it('slugs headings as GitHub does', () => {
    expect(githubSlug('The event seam')).toBe('the-event-seam');
    expect(githubSlug('Full names, paging back, the count (`x`, 2026-12-03)')).toBe(
      'full-names-paging-back-the-count-x-2026-12-03',
    );
  });
});
