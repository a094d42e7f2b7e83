import { describe, expect, it } from 'vitest';
import { EmbeddedSearchIndex, typosAllowed } from './embedded-search-index.server';
import { describeSearchIndexBehaviour, doc } from '@test-support/search-index-suite';

describeSearchIndexBehaviour('embedded (minisearch)', { create: async () => new EmbeddedSearchIndex() });

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
