/**
 * `npm run lint:links`: every signpost in the repository leads somewhere. Markdown links are checked by
 * remark-validate-links (scripts/signposts/markdown-links.ts); paths, heading anchors and decision numbers named in
 * comments and Markdown text, and "issue N" in comments, by scripts/signposts/check-signposts.ts. Prints one
 * `file:line: problem` per broken signpost and exits 1 if there is any. scripts/signposts.test.ts runs the same checks
 * in the test command.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBrokenSignposts, formatSignposts } from './signposts/check-signposts';
import { checkMarkdownLinks } from './signposts/markdown-links';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const markdown = checkMarkdownLinks(root);
const signposts = findBrokenSignposts(root);

if (markdown.missingPackages.length > 0) {
  console.error(`Markdown links not checked: ${markdown.missingPackages.join(', ')} missing; run npm install`);
}
if (markdown.problems.length > 0) console.error(`Markdown links:\n${markdown.problems.join('\n')}`);
if (signposts.length > 0)
  console.error(`Paths, decisions and issues named in comments and Markdown text:\n${formatSignposts(signposts)}`);

const broken = markdown.problems.length + signposts.length;
console.error(broken === 0 ? 'signposts: all lead somewhere' : `signposts: ${broken} broken`);
process.exit(broken > 0 || markdown.missingPackages.length > 0 ? 1 : 0);
