/**
 * Markdown links that lead nowhere (files, folders, images, headings in this and other .md files), found by
 * remark-cli with remark-validate-links as .remarkrc.json configures it; .remarkignore keeps installed and generated
 * trees out. Offline: with `repository` set it never asks git or the network.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export interface MarkdownLinkReport {
  /** devDependencies the check needs that node_modules does not have. */
  missingPackages: string[];
  /** One line per broken link: `README.md:64:95: Cannot find file ...`. */
  problems: string[];
}

export const MARKDOWN_LINK_PACKAGES = ['remark-cli', 'remark-validate-links'];

export function checkMarkdownLinks(root: string): MarkdownLinkReport {
  const missingPackages = MARKDOWN_LINK_PACKAGES.filter(
    (name) => !existsSync(path.join(root, 'node_modules', name, 'package.json')),
  );
  if (missingPackages.length > 0) return { missingPackages, problems: [] };

  const cli = path.join(root, 'node_modules', 'remark-cli', 'cli.js');
  const run = spawnSync(process.execPath, [cli, '--quiet', '--frail', '--no-stdout', '--no-color', '.'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (run.status === 0) return { missingPackages, problems: [] };
  const problems = parseReport(run.stderr);
  // Anything remark failed on that is not a located message (a bad config, a crash) is reported whole.
  return { missingPackages, problems: problems.length > 0 ? problems : [run.stderr || String(run.error)] };
}

/** remark's default report: a file name line, then `line:column-line:column  warning  message  rule  source`. */
export function parseReport(report: string): string[] {
  const problems: string[] = [];
  let file = '';
  for (const line of report.split('\n')) {
    const message =
      /^\s*(\d+):(\d+)(?:-\d+:\d+)?\s+(?:warning|error)\s+(.+?)(?:\s+[\w-]+\s+remark-[\w-]+:[\w-]+)?\s*$/.exec(line);
    if (message) problems.push(`${file}:${message[1]}:${message[2]}: ${message[3]}`);
    else if (/^[^\s\d⚠✖]/.test(line)) file = line.trim();
  }
  return problems;
}
