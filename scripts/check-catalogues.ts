/**
 * The message catalogues' check (docs/decisions/334-messages-in-icu-catalogues.md), run in the test command by
 * scripts/check-catalogues.test.ts and on its own with `npx tsx scripts/check-catalogues.ts`:
 * - every id the code uses exists in English, and every English id is used somewhere;
 * - every language has exactly the English ids, each in the file of its area (`signIn.title` in signIn.json);
 * - every message parses as ICU, with the same arguments (name and kind) and tags as its English text; a select
 *   has the same cases (a plural's cases follow each language's rules, so they may differ).
 * Ids in code are string literals that start with an area's name and a dot; see the decision for why they are
 * never built from parts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { z } from 'zod';

const catalogueFileSchema = z.record(z.string().min(1), z.string());
type Catalogue = Map<string, { area: string; text: string }>;

function readCatalogue(dir: string, problems: string[], language: string): Catalogue {
  const catalogue: Catalogue = new Map();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const area = file.slice(0, -'.json'.length);
    const parsed = catalogueFileSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      problems.push(`${language}/${file}: not a flat object of message ids to text`);
      continue;
    }
    for (const [id, text] of Object.entries(parsed.data)) {
      if (!id.startsWith(`${area}.`)) problems.push(`${language}/${file}: "${id}" does not start with "${area}."`);
      if (catalogue.has(id)) problems.push(`${language}: "${id}" is in two files`);
      catalogue.set(id, { area, text });
    }
  }
  return catalogue;
}

/** What a message needs from its caller: "name:kind" for each argument, "<tag>" for each tag, select cases. */
export function messageShape(text: string): string[] {
  const shape = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      switch (element.type) {
        case TYPE.argument:
          shape.add(`${element.value}:plain`);
          break;
        case TYPE.number:
          shape.add(`${element.value}:number`);
          break;
        case TYPE.date:
        case TYPE.time:
          shape.add(`${element.value}:date`);
          break;
        case TYPE.plural:
          shape.add(`${element.value}:plural`);
          for (const option of Object.values(element.options)) walk(option.value);
          break;
        case TYPE.select:
          shape.add(`${element.value}:select(${Object.keys(element.options).sort().join('|')})`);
          for (const option of Object.values(element.options)) walk(option.value);
          break;
        case TYPE.tag:
          shape.add(`<${element.value}>`);
          walk(element.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(text));
  return [...shape].sort();
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** Every id literal in the code, with the first file that uses it. */
export function usedIds(codeDir: string, areas: Set<string>, root: string): Map<string, string> {
  const used = new Map<string, string>();
  const literal = /(['"`])([A-Za-z][A-Za-z0-9]*\.[A-Za-z0-9_.-]+)\1/g;
  for (const file of sourceFiles(codeDir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(literal)) {
      const id = match[2];
      if (areas.has(id.split('.')[0]) && !used.has(id)) used.set(id, relative(root, file));
    }
  }
  return used;
}

export function checkCatalogues(options: { localesDir: string; codeDir: string; root: string }): {
  problems: string[];
  counts: Record<string, number>;
} {
  const problems: string[] = [];
  const languages = readdirSync(options.localesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const english = readCatalogue(join(options.localesDir, 'en'), problems, 'en');
  const counts: Record<string, number> = { en: english.size };
  const englishShapes = new Map<string, string[]>();
  for (const [id, { text }] of english) {
    try {
      englishShapes.set(id, messageShape(text));
    } catch (error) {
      problems.push(`en: "${id}" is not valid ICU (${(error as Error).message})`);
    }
  }
  const areas = new Set([...english.values()].map((entry) => entry.area));
  const used = usedIds(options.codeDir, areas, options.root);
  for (const [id, file] of used) {
    if (!english.has(id)) problems.push(`${file} uses "${id}", which the English catalogue lacks`);
  }
  for (const id of english.keys()) {
    if (!used.has(id)) problems.push(`en: "${id}" is not used anywhere in the code`);
  }
  for (const language of languages.filter((name) => name !== 'en')) {
    const translated = readCatalogue(join(options.localesDir, language), problems, language);
    counts[language] = translated.size;
    for (const [id, { area }] of english) {
      const entry = translated.get(id);
      if (!entry) {
        problems.push(`${language}: "${id}" is missing (English: ${area}.json)`);
        continue;
      }
      if (entry.area !== area) problems.push(`${language}: "${id}" is in ${entry.area}.json, not ${area}.json`);
      let shape: string[];
      try {
        shape = messageShape(entry.text);
      } catch (error) {
        problems.push(`${language}: "${id}" is not valid ICU (${(error as Error).message})`);
        continue;
      }
      const expected = englishShapes.get(id);
      if (expected && shape.join(' ') !== expected.join(' ')) {
        problems.push(
          `${language}: "${id}" needs ${expected.join(', ') || 'no arguments'}; has ${shape.join(', ') || 'none'}`,
        );
      }
    }
    for (const id of translated.keys()) {
      if (!english.has(id)) problems.push(`${language}: "${id}" is not in the English catalogue`);
    }
  }
  return { problems, counts };
}

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { problems, counts } = checkCatalogues({
    localesDir: join(REPO_ROOT, 'app/locales'),
    codeDir: join(REPO_ROOT, 'app'),
    root: REPO_ROOT,
  });
  console.log(`Messages per catalogue: ${JSON.stringify(counts)}`);
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
