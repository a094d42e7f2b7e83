/**
 * The behaviour every SearchIndex must show, as a vitest suite that any implementation registers with a
 * factory: the embedded index (embedded-search-index.server.test.ts) and OpenSearch run the same cases.
 *
 *   describeSearchIndexBehaviour('OpenSearch', { create: () => createOpenSearchIndex(...), timeoutMs: 30_000 });
 *
 * `create` returns a fresh, empty, writable index for each case (a unique prefix per case for OpenSearch);
 * the suite closes it afterwards. Writes must be searchable when the write's promise resolves (OpenSearch:
 * `refresh: 'wait_for'`, or a refresh in the adapter).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchIndex, SearchQuery, SearchResult } from '~/search/search-index.server';

export interface BehaviourOptions {
  create: () => Promise<SearchIndex>;
  /** Per-test timeout (a real engine is slower than memory). */
  timeoutMs?: number;
}

let counter = 0;

/** A document with every field set; ids are stable per name so tests read well. */
export function doc(fields: Partial<SearchDocument> & Pick<SearchDocument, 'firstName' | 'lastName'>): SearchDocument {
  counter += 1;
  const slug = `${fields.firstName}.${fields.lastName}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z.]/g, '');
  return {
    id: fields.id ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    version: 1,
    preferredName: null,
    jobTitle: 'Engineer',
    department: 'Engineering',
    officeLocation: 'London',
    skills: [],
    bio: null,
    workEmail: `${slug}@xyz.example`,
    photoId: null,
    role: 'employee',
    customText: {},
    customFacets: {},
    ...fields,
  };
}

function query(text: string, extra: Partial<SearchQuery> = {}): SearchQuery {
  return { text, facets: {}, page: 0, pageSize: 24, ...extra };
}

function names(result: SearchResult): string[] {
  return result.hits.map((hit) => `${hit.document.firstName} ${hit.document.lastName}`);
}

async function* stream(docs: SearchDocument[], pauseAt?: { index: number; until: Promise<void>; reached: () => void }) {
  for (const [index, item] of docs.entries()) {
    if (pauseAt && index === pauseAt.index) {
      pauseAt.reached();
      await pauseAt.until;
    }
    yield item;
  }
}

export function describeSearchIndexBehaviour(label: string, options: BehaviourOptions): void {
  describe(`SearchIndex behaviour: ${label}`, { timeout: options.timeoutMs ?? 10_000 }, () => {
    const open: SearchIndex[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((index) => index.close()));
    });

    async function indexWith(docs: SearchDocument[]): Promise<SearchIndex> {
      const index = await options.create();
      open.push(index);
      for (const item of docs) await index.upsert(item);
      return index;
    }

    it('finds a name with one or two typos, but not a short word with a typo', async () => {
      const index = await indexWith([
        doc({ firstName: 'Katherine', lastName: 'Lindqvist' }),
        doc({ firstName: 'Bob', lastName: 'Marsh' }),
      ]);
      expect(names(await index.search(query('katherin')))).toEqual(['Katherine Lindqvist']);
      expect(names(await index.search(query('kathrine')))).toEqual(['Katherine Lindqvist']);
      expect(names(await index.search(query('lindqvsit')))).toEqual(['Katherine Lindqvist']);
      expect(names(await index.search(query('cob')))).toEqual([]);
    });

    it('folds diacritics both ways', async () => {
      const index = await indexWith([
        doc({ firstName: 'Zoë', lastName: 'Ångström' }),
        doc({ firstName: 'Zoe', lastName: 'Smith' }),
      ]);
      expect(names(await index.search(query('zoe angstrom')))).toEqual(['Zoë Ångström']);
      expect(names(await index.search(query('Zoë'))).sort()).toEqual(['Zoe Smith', 'Zoë Ångström']);
    });

    it('folds the letters NFD leaves whole, marks the accented name, and orders names as the language does', async () => {
      const lastNames = ['Zoë', 'Ångström', 'Østergaard', 'Müller', 'Nunez', 'Núñez', 'Ñandú', 'Young'];
      const index = await indexWith(lastNames.map((lastName) => doc({ firstName: 'Ada', lastName })));
      expect(names(await index.search(query('angstrom')))).toEqual(['Ada Ångström']);
      expect(names(await index.search(query('ostergaard')))).toEqual(['Ada Østergaard']);
      expect(names(await index.search(query('zoe')))).toEqual(['Ada Zoë']);
      expect(names(await index.search(query('muller')))).toEqual(['Ada Müller']);
      // An accented query finds the plain name too.
      expect(names(await index.search(query('Nuñez'))).sort()).toEqual(['Ada Nunez', 'Ada Núñez']);
      const [hit] = (await index.search(query('angstrom'))).hits;
      expect(hit.highlights.name).toBe('Ada <mark>Ångström</mark>');
      const everyone = lastNames.length;
      // CLDR's root order (English, German, French): Å with the A's, Ø with the O's, Ñ with the N's.
      expect(names(await index.search(query('', { pageSize: everyone })))).toEqual(
        ['Ångström', 'Müller', 'Ñandú', 'Nunez', 'Núñez', 'Østergaard', 'Young', 'Zoë'].map((name) => `Ada ${name}`),
      );
      // Spanish: ñ is its own letter, after n.
      expect(names(await index.search(query('', { pageSize: everyone, collation: 'es' })))).toEqual(
        ['Ångström', 'Müller', 'Nunez', 'Núñez', 'Ñandú', 'Østergaard', 'Young', 'Zoë'].map((name) => `Ada ${name}`),
      );
      // Paging follows the same order.
      expect(names(await index.search(query('', { pageSize: 3, page: 1, collation: 'es' })))).toEqual(
        ['Núñez', 'Ñandú', 'Østergaard'].map((name) => `Ada ${name}`),
      );
    });

    it('matches prefixes of names, titles, skills, office, bio words and work email', async () => {
      const index = await indexWith([
        doc({
          firstName: 'Priya',
          lastName: 'Raman',
          preferredName: 'Pri',
          jobTitle: 'Data Scientist',
          skills: ['kubernetes', 'python'],
          officeLocation: 'Lisbon',
          bio: 'Keeps bees on the office roof.',
          workEmail: 'p.raman@xyz.example',
        }),
        doc({ firstName: 'Tom', lastName: 'Ng' }),
      ]);
      for (const text of ['pri', 'rama', 'scien', 'kube', 'lisb', 'bees', 'p.raman', 'priya raman']) {
        expect(names(await index.search(query(text))), text).toEqual(['Priya Raman']);
      }
    });

    it('ranks an exact name above a prefix, a typo and a match in the bio', async () => {
      const index = await indexWith([
        doc({ firstName: 'Anneliese', lastName: 'Berg' }),
        doc({ firstName: 'Olu', lastName: 'Ade', bio: 'Worked with Ann on the launch.' }),
        doc({ firstName: 'Anne', lastName: 'Kohl' }),
        doc({ firstName: 'Ann', lastName: 'Price' }),
        doc({ firstName: 'Pat', lastName: 'Ann' }),
      ]);
      const result = await index.search(query('ann'));
      expect(names(result).slice(0, 2).sort()).toEqual(['Ann Price', 'Pat Ann']);
      expect(names(result).at(-1)).toBe('Olu Ade');
      expect(result.total).toBe(5);
    });

    it('highlights the matched words, escaped, in the field they matched', async () => {
      const index = await indexWith([
        doc({ firstName: 'Grace', lastName: 'Hopper', jobTitle: 'R&D <Compilers> Lead', skills: ['cobol'] }),
      ]);
      const [hit] = (await index.search(query('hopper compil'))).hits;
      expect(hit.highlights.name).toBe('Grace <mark>Hopper</mark>');
      expect(hit.highlights.jobTitle).toBe('R&amp;D &lt;<mark>Compilers</mark>&gt; Lead');
      expect(hit.highlights.skills).toBeUndefined();
    });

    it('counts facets and narrows by them; a facet keeps its other values choosable', async () => {
      const index = await indexWith([
        doc({ firstName: 'A', lastName: 'One', department: 'Sales', officeLocation: 'Leeds', skills: ['excel'] }),
        doc({ firstName: 'B', lastName: 'Two', department: 'Sales', officeLocation: 'York', skills: ['excel', 'sql'] }),
        doc({ firstName: 'C', lastName: 'Three', department: 'Finance', officeLocation: 'Leeds', skills: ['sql'] }),
        doc({ firstName: 'D', lastName: 'Four', department: 'Legal', officeLocation: null, skills: [] }),
      ]);
      const all = await index.search(query(''));
      expect(all.total).toBe(4);
      expect(all.facets.department).toEqual([
        { value: 'Sales', count: 2 },
        { value: 'Finance', count: 1 },
        { value: 'Legal', count: 1 },
      ]);
      expect(all.facets.officeLocation).toEqual([
        { value: 'Leeds', count: 2 },
        { value: 'York', count: 1 },
      ]);
      expect(all.facets.skills).toEqual([
        { value: 'excel', count: 2 },
        { value: 'sql', count: 2 },
      ]);

      const sales = await index.search(query('', { facets: { department: ['Sales'] } }));
      expect(names(sales)).toEqual(['D Four', 'A One', 'B Two'].filter((name) => name !== 'D Four'));
      expect(sales.facets.department.map((f) => f.value)).toEqual(['Sales', 'Finance', 'Legal']);
      expect(sales.facets.officeLocation).toEqual([
        { value: 'Leeds', count: 1 },
        { value: 'York', count: 1 },
      ]);

      const salesOrFinanceInLeeds = await index.search(
        query('', { facets: { department: ['Sales', 'Finance'], officeLocation: ['Leeds'] } }),
      );
      expect(names(salesOrFinanceInLeeds)).toEqual(['A One', 'C Three']);
      expect(salesOrFinanceInLeeds.facets.department).toEqual([
        { value: 'Finance', count: 1 },
        { value: 'Sales', count: 1 },
      ]);
      const sql = await index.search(query('', { facets: { skills: ['sql'] } }));
      expect(names(sql)).toEqual(['C Three', 'B Two']);
    });

    it("matches HR's searchable fields, counts and narrows by HR's facets, and counts only the facets asked", async () => {
      const zone = (values: string[]) => ({ desk_zone: values });
      const index = await indexWith([
        doc({ firstName: 'A', lastName: 'One', customText: { pronouns: 'they/them' }, customFacets: zone(['North']) }),
        doc({ firstName: 'B', lastName: 'Two', department: 'Sales', customFacets: zone(['North', 'East']) }),
        doc({ firstName: 'C', lastName: 'Three', department: 'Sales', customFacets: zone(['South']) }),
      ]);
      expect(names(await index.search(query('them')))).toEqual(['A One']);
      const custom = (selected: Record<string, string[]> = {}) => ({ customFacets: { keys: ['desk_zone'], selected } });
      const all = await index.search(query('', custom()));
      expect(all.customFacets).toEqual({
        desk_zone: [
          { value: 'North', count: 2 },
          { value: 'East', count: 1 },
          { value: 'South', count: 1 },
        ],
      });
      // Disjunctive like the built-in facets, and combined with them.
      const north = await index.search(
        query('', { ...custom({ desk_zone: ['North'] }), facets: { department: ['Sales'] } }),
      );
      expect(names(north)).toEqual(['B Two']);
      expect(north.customFacets.desk_zone).toEqual([
        { value: 'East', count: 1 },
        { value: 'North', count: 1 },
        { value: 'South', count: 1 },
      ]);
      expect(north.facets.department).toEqual([
        { value: 'Engineering', count: 1 },
        { value: 'Sales', count: 1 },
      ]);
      // A key not asked for is neither counted nor applied.
      expect((await index.search(query(''))).customFacets).toEqual({});
    });

    it('a rebuild replaces a document by its same version projected anew (a field HR made HR-only)', async () => {
      const before = doc({ firstName: 'Ines', lastName: 'Vale', version: 7, customText: { badge: 'Quillon' } });
      const index = await indexWith([before]);
      expect(names(await index.search(query('quillon')))).toEqual(['Ines Vale']);
      await index.rebuild(stream([{ ...before, customText: {}, customFacets: {} }]));
      expect(names(await index.search(query('quillon')))).toEqual([]);
      expect((await index.search(query('ines'))).hits[0].document.customText).toEqual({});
    });

    it('lists everyone by last name when the text is empty, and pages 24 at a time without gaps or repeats', async () => {
      const docs = Array.from({ length: 53 }, (_, i) =>
        doc({ firstName: `Person${String(i).padStart(2, '0')}`, lastName: i % 2 ? 'Adams' : 'Baker' }),
      );
      const index = await indexWith(docs.reverse());
      const seen: string[] = [];
      for (let page = 0; page < 3; page += 1) {
        const result = await index.search(query('', { page }));
        expect(result.total).toBe(53);
        expect(result.hits.length).toBe(page < 2 ? 24 : 5);
        seen.push(...result.hits.map((hit) => hit.document.id));
      }
      expect(new Set(seen).size).toBe(53);
      const first = await index.search(query(''));
      expect(names(first)[0]).toBe('Person01 Adams');
      expect(names(first)[23]).toBe('Person47 Adams');
      expect(names(await index.search(query('', { page: 1 })))[2]).toBe('Person00 Baker');
      // Equal scores keep one order between calls: page 2 of a search repeats nothing from page 1.
      const a = await index.search(query('person', { page: 0 }));
      const b = await index.search(query('person', { page: 1 }));
      expect(new Set([...a.hits, ...b.hits].map((hit) => hit.document.id)).size).toBe(48);
    });

    it('never stores or finds a field that is not part of the public projection', async () => {
      const leaky = {
        ...doc({ firstName: 'Mara', lastName: 'Quist' }),
        personalPhone: '+44 7700 900123',
        homeAddress: 'Zanzibarstraat 9',
      } as SearchDocument;
      const index = await indexWith([leaky]);
      expect((await index.search(query('Zanzibarstraat'))).total).toBe(0);
      expect((await index.search(query('7700 900123'))).total).toBe(0);
      const [hit] = (await index.search(query('mara'))).hits;
      expect(Object.keys(hit.document).sort()).toEqual(Object.keys(doc({ firstName: 'X', lastName: 'Y' })).sort());
    });

    it('forgets a removed employee, and a late or repeated older write does not bring them back', async () => {
      const person = doc({ firstName: 'Ines', lastName: 'Duarte', version: 5 });
      const index = await indexWith([person, doc({ firstName: 'Other', lastName: 'Person' })]);
      await index.remove(person.id, 6);
      expect((await index.search(query('ines'))).total).toBe(0);
      await index.upsert({ ...person, version: 5 });
      await index.upsert({ ...person, version: 6 });
      expect((await index.search(query('ines'))).total).toBe(0);
      expect((await index.search(query(''))).total).toBe(1);
      // Reactivated later: a newer version is welcome again.
      await index.upsert({ ...person, version: 9 });
      expect(names(await index.search(query('ines')))).toEqual(['Ines Duarte']);
    });

    it('forgets an erased employee entirely: the document and the removal tombstone both go', async () => {
      const person = doc({ firstName: 'Esme', lastName: 'Rased', version: 3 });
      const other = doc({ firstName: 'Kept', lastName: 'Colleague' });
      const index = await indexWith([person, other]);
      expect(await index.holds(person.id)).toBe(true);
      await index.remove(person.id, 4);
      expect(await index.holds(person.id)).toBe(true);
      await index.forget(person.id);
      await index.forget(person.id);
      expect(await index.holds(person.id)).toBe(false);
      expect((await index.search(query('esme'))).total).toBe(0);
      expect(names(await index.search(query('')))).toEqual(['Kept Colleague']);
    });

    it('ignores an older version that arrives after a newer one, and a repeat of the same one', async () => {
      const person = doc({ firstName: 'Yusuf', lastName: 'Kaya', jobTitle: 'Analyst', version: 10 });
      const index = await indexWith([person]);
      await index.upsert({ ...person, jobTitle: 'Director', version: 12 });
      await index.upsert({ ...person, jobTitle: 'Intern', version: 11 });
      await index.upsert({ ...person, jobTitle: 'Intern', version: 12 });
      expect(names(await index.search(query('director')))).toEqual(['Yusuf Kaya']);
      expect((await index.search(query('intern'))).total).toBe(0);
      expect((await index.search(query('analyst'))).total).toBe(0);
      await index.remove(person.id, 11);
      expect((await index.search(query('yusuf'))).total).toBe(1);
    });

    it('rebuilds behind the live index: searches answered during the rebuild, writes during it kept', async () => {
      const old = doc({ firstName: 'Lena', lastName: 'Old', version: 1 });
      const stale = doc({ firstName: 'Gone', lastName: 'Away', version: 1 });
      const index = await indexWith([old, stale]);
      const fresh = Array.from({ length: 30 }, (_, i) => doc({ firstName: `Fresh${i}`, lastName: 'Hire', version: 3 }));
      const edited = doc({ firstName: 'Edited', lastName: 'During', version: 3 });
      let release!: () => void;
      let reached!: () => void;
      const paused = new Promise<void>((resolve) => (reached = resolve));
      const rebuild = index.rebuild(
        stream([{ ...old, version: 2 }, ...fresh, edited], {
          index: 10,
          until: new Promise<void>((resolve) => (release = resolve)),
          reached,
        }),
      );
      await paused;
      // The old index still answers in full while the new one fills.
      expect(names(await index.search(query('lena')))).toEqual(['Lena Old']);
      expect(names(await index.search(query('gone')))).toEqual(['Gone Away']);
      // Events keep arriving: an edit newer than the rebuild's snapshot, a newly active person, a removal.
      await index.upsert({ ...edited, jobTitle: 'Newer Title', version: 4 });
      const joined = doc({ firstName: 'Joined', lastName: 'Late', version: 5 });
      await index.upsert(joined);
      await index.remove(old.id, 6);
      release();
      expect(await rebuild).toEqual({ indexed: 32 });
      const all = await index.search(query('', { pageSize: 100 }));
      expect(all.total).toBe(32);
      expect(names(await index.search(query('gone')))).toEqual([]);
      expect(names(await index.search(query('lena')))).toEqual([]);
      expect(names(await index.search(query('joined')))).toEqual(['Joined Late']);
      expect(names(await index.search(query('newer title')))).toEqual(['Edited During']);
      expect(await index.ping()).toBe(true);
    });

    it('answers ping while open, and refuses to answer once closed', async () => {
      const index = await options.create();
      expect(await index.ping()).toBe(true);
      await index.close();
      expect(await index.ping()).toBe(false);
      await expect(index.search(query('x'))).rejects.toThrow(/unavailable/);
    });
  });
}
