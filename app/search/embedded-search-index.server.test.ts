import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedSearchIndex, typosAllowed } from './embedded-search-index.server';
import { describeSearchIndexBehaviour, doc } from '@test-support/search-index-suite';

describeSearchIndexBehaviour('embedded (SQLite FTS5)', { create: async () => new EmbeddedSearchIndex() });

describe('the embedded index', () => {
  it('forgives no typo in a word of up to 3 letters, 1 from 4 letters, 2 from 7', () => {
    expect(['ann', 'anna', 'kathrin', 'katherine'].map(typosAllowed)).toEqual([0, 1, 2, 2]);
  });

  it('the server index says it is unavailable until its first build from the database has finished', async () => {
    const index = new EmbeddedSearchIndex({ awaitFirstBuild: true });
    await index.upsert(doc({ firstName: 'Early', lastName: 'Event' }));
    expect(await index.ping()).toBe(false);
    await expect(index.search({ text: '', facets: {}, page: 0, pageSize: 24 })).rejects.toThrow(/being built/);
    await index.rebuild(
      (async function* () {
        yield doc({ firstName: 'From', lastName: 'Database' });
      })(),
    );
    expect(await index.ping()).toBe(true);
    const result = await index.search({ text: '', facets: {}, page: 0, pageSize: 24 });
    // The database is the truth at the swap: a write from before the build began is in what it read.
    expect(result.hits.map((hit) => hit.document.firstName)).toEqual(['From']);
  });
});

describe('what the embedded index keeps', () => {
  it('hands out copies: a caller changing a hit changes neither that person nor anyone sharing their values', async () => {
    const index = new EmbeddedSearchIndex();
    const shared = { department: 'Records', skills: ['sql'], customFacets: { desk: ['North'] } };
    await index.upsert(doc({ firstName: 'Alys', lastName: 'Shared', ...shared }));
    await index.upsert(doc({ firstName: 'Bryn', lastName: 'Shared', ...shared }));
    await index.upsert(doc({ firstName: 'Cai', lastName: 'Alone' }));
    const q = { text: 'shared', facets: {}, page: 0, pageSize: 24, customFacets: { keys: ['desk'], selected: {} } };
    for (const hit of (await index.search(q)).hits) {
      hit.document.skills.push('changed');
      hit.document.customFacets.desk.push('changed');
      hit.document.department = 'changed';
    }
    const alone = (await index.search({ ...q, text: 'alone' })).hits[0].document;
    alone.skills.push('changed');
    alone.customText.note = 'changed';
    const again = await index.search(q);
    expect(again.hits.map((hit) => [hit.document.department, hit.document.skills, hit.document.customFacets])).toEqual([
      ['Records', ['sql'], { desk: ['North'] }],
      ['Records', ['sql'], { desk: ['North'] }],
    ]);
    expect(again.customFacets).toEqual({ desk: [{ value: 'North', count: 2 }] });
    expect((await index.search({ ...q, text: 'alone' })).hits[0].document).toMatchObject({
      skills: [],
      customText: {},
    });
  });
});

describe('the embedded index cache of recent searches', () => {
  it('never answers from a search made before a write', async () => {
    const index = new EmbeddedSearchIndex();
    const person = doc({ firstName: 'Cached', lastName: 'Person', jobTitle: 'Baker', version: 1 });
    await index.upsert(person);
    const q = { text: 'cached', facets: {}, page: 0, pageSize: 24 };
    expect((await index.search(q)).hits[0].document.jobTitle).toBe('Baker');
    await index.upsert({ ...person, jobTitle: 'Brewer', version: 2 });
    expect((await index.search(q)).hits[0].document.jobTitle).toBe('Brewer');
    await index.remove(person.id, 3);
    expect((await index.search(q)).total).toBe(0);
  });
});

describe('the embedded index kept in a file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-index-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const q = (text: string) => ({ text, facets: {}, page: 0, pageSize: 24 });

  it('keeps what it was built with for the next start, and a reader beside it sees the same', async () => {
    const file = path.join(dir, 'kept.sqlite');
    const index = new EmbeddedSearchIndex({ file, awaitFirstBuild: true });
    const person = doc({ firstName: 'Keturah', lastName: 'Kept', bio: 'Restores clocks.', version: 4 });
    await index.rebuild(
      (async function* () {
        yield person;
      })(),
      { definitionsVersion: 2 },
    );
    await index.close();
    const reopened = new EmbeddedSearchIndex({ file, awaitFirstBuild: true });
    expect(await reopened.savedState()).toEqual({ definitionsVersion: 2, versions: new Map([[person.id, 4]]) });
    const reader = new EmbeddedSearchIndex({ file, readOnly: true });
    expect((await reader.search(q('clock'))).hits[0].highlights).toEqual({ bio: 'Restores <mark>clocks</mark>.' });
    await expect(reader.upsert({ ...person, version: 5 })).rejects.toThrow(/read only/);
    await reader.close();
    await reopened.close();
  });

  it('leaves no trace of a forgotten person in its file or its write-ahead log', async () => {
    const file = path.join(dir, 'erased.sqlite');
    const index = new EmbeddedSearchIndex({ file });
    const person = doc({ firstName: 'Quorra', lastName: 'Vexillary', bio: 'Collects xylophones.' });
    await index.upsert(person);
    await index.upsert(doc({ firstName: 'Kept', lastName: 'Colleague' }));
    const bytes = () =>
      fs
        .readdirSync(dir)
        .filter((name) => name.startsWith('erased.sqlite'))
        .map((name) => fs.readFileSync(path.join(dir, name)).toString('latin1'))
        .join('');
    expect(bytes()).toContain('vexillary');
    await index.forget(person.id);
    for (const trace of ['vexillary', 'Vexillary', 'xylophones', 'quorra', person.id]) {
      expect(bytes().includes(trace), trace).toBe(false);
    }
    expect((await index.search(q(''))).total).toBe(1);
    await index.close();
  });
});
