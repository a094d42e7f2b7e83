/**
 * The OpenSearch adapter against a real single-node OpenSearch 2.19 (test-support/opensearch), started for
 * this file and stopped after it: the shared behaviour suite (the embedded index runs the same), then what is
 * OpenSearch's own: the alias swap, the mapping, unavailability, SigV4 signing. Each test uses its own index
 * prefix, so tests never see each other's data.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenSearchNode, type OpenSearchTestNode } from '@test-support/opensearch/node';
import { parseEnv } from '~/config/env.server';
import { createSearchIndex } from './create-search-index.server';
import { createOpenSearchIndex, indexSettings } from './opensearch-index.server';
import { describeSearchIndexBehaviour } from '@test-support/search-index-suite';
import { describeSearchFollowsFieldDefinitions } from '@test-support/search-field-definitions-suite';
import {
  IndexBehindDefinitionsError,
  SearchUnavailableError,
  type SearchDocument,
  type SearchQuery,
} from './search-index.server';

let node: OpenSearchTestNode;
let prefixes = 0;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  node = await startOpenSearchNode();
}, 180_000);

afterAll(async () => {
  await Promise.all(opened.map((index) => index.close()));
  await node?.stop();
});

function freshIndex() {
  const index = createOpenSearchIndex({
    endpoint: node.url,
    indexPrefix: `t${++prefixes}-${Date.now()}`,
    requestTimeoutMs: 30_000,
  });
  opened.push(index);
  return index;
}

let ids = 0;
function person(fields: Partial<SearchDocument> & Pick<SearchDocument, 'firstName' | 'lastName'>): SearchDocument {
  const id = fields.id ?? `emp-${String(++ids).padStart(4, '0')}`;
  return {
    id,
    version: 1,
    preferredName: null,
    jobTitle: 'Engineer',
    department: 'Engineering',
    officeLocation: 'London',
    skills: [],
    bio: null,
    workEmail: `${fields.firstName}.${fields.lastName}@xyz.example`.toLowerCase(),
    photoId: null,
    role: 'employee',
    customText: {},
    customFacets: {},
    ...fields,
  };
}

const query = (text: string, more: Partial<SearchQuery> = {}): SearchQuery => ({
  text,
  facets: {},
  page: 0,
  pageSize: 24,
  ...more,
});
describeSearchIndexBehaviour('OpenSearch 2.19 (a real node)', { create: async () => freshIndex(), timeoutMs: 30_000 });
describeSearchFollowsFieldDefinitions('OpenSearch 2.19 (a real node)', {
  create: async () => freshIndex(),
  timeoutMs: 60_000,
});

const names = (result: { hits: { document: SearchDocument }[] }) =>
  result.hits.map((hit) => `${hit.document.firstName} ${hit.document.lastName}`);

describe('rebuild', () => {
  it('fills a new index and swaps the alias to it, deleting the old one, keeping writes made meanwhile', async () => {
    const index = freshIndex();
    const early = person({ firstName: 'Early', lastName: 'Bird', version: 1 });
    await index.upsert(early);
    const [before] = await index.currentIndices();

    const late = person({ firstName: 'Late', lastName: 'Comer', version: 3 });
    const gone = person({ firstName: 'Gone', lastName: 'Soon', version: 2 });
    async function* fromDatabase() {
      yield early;
      yield gone;
      // The subscriber keeps writing while the rebuild reads the database: searches still answer from the
      // old index, and these writes must survive the swap.
      expect(names(await index.search(query('early')))).toEqual(['Early Bird']);
      await index.upsert(late);
      await index.remove(gone.id, 9);
    }
    expect(await index.rebuild(fromDatabase())).toEqual({ indexed: 2 });

    const after = await index.currentIndices();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    const stillThere = await fetch(`${node.url}/${before}`, { method: 'HEAD' });
    expect(stillThere.status).toBe(404);
    expect(names(await index.search(query('')))).toEqual(['Early Bird', 'Late Comer']);
  });
});

describe('the index mapping', () => {
  it('indexes word prefixes and folds case and diacritics', async () => {
    const index = freshIndex();
    await index.upsert(person({ firstName: 'Zoë', lastName: 'Ng' }));
    const [concrete] = await index.currentIndices();
    const analyze = await fetch(`${node.url}/${concrete}/_analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ field: 'name.prefix', text: 'Zoë' }),
    });
    const tokens = ((await analyze.json()) as { tokens: { token: string }[] }).tokens.map((token) => token.token);
    expect(tokens).toEqual(['z', 'zo', 'zoe']);
    const mapping = (await (await fetch(`${node.url}/${concrete}/_mapping`)).json()) as Record<
      string,
      { mappings: { dynamic: string; properties: Record<string, { fields?: Record<string, unknown> }> } }
    >;
    const { mappings } = mapping[concrete!]!;
    expect(mappings.dynamic).toBe('strict');
    expect(Object.keys(mappings.properties.department!.fields!)).toEqual(expect.arrayContaining(['keyword', 'prefix']));
  });
});

describe('an index made by an earlier release', () => {
  it('gains the fields added since, so a document carrying them is not refused', async () => {
    const prefix = `old${++prefixes}-${Date.now()}`;
    const settings = indexSettings();
    const { custom: _custom, customText: _text, customFacetPairs: _pairs, ...earlier } = settings.mappings.properties;
    const created = await fetch(`${node.url}/${prefix}-employees-initial`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        settings: settings.settings,
        mappings: { ...settings.mappings, properties: earlier },
        aliases: { [`${prefix}-employees`]: {} },
      }),
    });
    expect(created.status).toBe(200);
    const index = createOpenSearchIndex({ endpoint: node.url, indexPrefix: prefix, requestTimeoutMs: 30_000 });
    opened.push(index);
    await index.upsert(person({ firstName: 'Nadia', lastName: 'Older', customText: { pronouns: 'she/her' } }));
    expect(names(await index.search(query('she')))).toEqual(['Nadia Older']);
  });
});

describe('the definitions stamp', () => {
  it('is kept in the mapping, seen by every process, and survives a process adding the newer fields', async () => {
    const prefix = `stamp${++prefixes}-${Date.now()}`;
    const open = () => {
      const index = createOpenSearchIndex({ endpoint: node.url, indexPrefix: prefix, requestTimeoutMs: 30_000 });
      opened.push(index);
      return index;
    };
    const [subscriber, worker] = [open(), open()];
    await subscriber.rebuild(
      (async function* () {
        yield person({ firstName: 'Stamped', lastName: 'Once' });
      })(),
      { definitionsVersion: 3 },
    );
    // Another process's first write puts the current mapping on the index: the stamp stays.
    await open().upsert(person({ firstName: 'Later', lastName: 'Write' }));
    expect((await worker.search(query('stamped', { definitionsVersion: 3 }))).total).toBe(1);
    await expect(worker.search(query('stamped', { definitionsVersion: 4 }))).rejects.toBeInstanceOf(
      IndexBehindDefinitionsError,
    );
    await subscriber.stampDefinitions(4);
    // The worker read stamp 3 before; asked for 4, it looks again rather than trust what it read.
    expect((await worker.search(query('stamped', { definitionsVersion: 4 }))).total).toBe(1);
    // A stamp never goes back.
    await subscriber.stampDefinitions(2);
    await expect(open().search(query('stamped', { definitionsVersion: 4 }))).resolves.toMatchObject({ total: 1 });
  });
});

describe('deep pages', () => {
  it('answers a page past the 10,000th result (OpenSearch refuses those by default)', async () => {
    const index = freshIndex();
    await index.upsert(person({ firstName: 'Only', lastName: 'One' }));
    const result = await index.search(query('', { page: 500 }));
    expect(result.total).toBe(1);
    expect(result.hits).toEqual([]);
  });
});

describe('when OpenSearch cannot answer', () => {
  it('reports the index unavailable (never with the search term) and ping says false', async () => {
    const closed = createOpenSearchIndex({ endpoint: 'http://127.0.0.1:9', indexPrefix: 'nowhere' });
    opened.push(closed);
    const error = await closed.search(query('katherine')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect(String((error as Error).message)).not.toContain('katherine');
    await expect(closed.upsert(person({ firstName: 'A', lastName: 'B' }))).rejects.toBeInstanceOf(
      SearchUnavailableError,
    );
    expect(await closed.ping()).toBe(false);
  });

  it('maps a 5xx answer to unavailable and a missing index to an empty result', async () => {
    const capture = await captureServer(503, { error: { type: 'cluster_block_exception' } });
    const broken = createOpenSearchIndex({ endpoint: capture.url, indexPrefix: 'broken' });
    opened.push(broken);
    const error = (await broken.search(query('secret-term')).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect(error.message).toBe('search index unavailable: HTTP 503 cluster_block_exception');
    await capture.close();

    const empty = freshIndex();
    expect(await empty.search(query('anyone'))).toEqual({
      total: 0,
      hits: [],
      facets: { department: [], officeLocation: [], skills: [] },
      customFacets: {},
    });
  });
});

describe("the platform's index", () => {
  it('is this adapter when SEARCH_BACKEND=opensearch: a change is findable as soon as it is written', async () => {
    const env = parseEnv({
      SEARCH_BACKEND: 'opensearch',
      OPENSEARCH_ENDPOINT: node.url,
      OPENSEARCH_INDEX_PREFIX: `factory-${Date.now()}`,
    });
    const index = createSearchIndex(env);
    opened.push(index);
    await index.upsert(person({ firstName: 'Ottilie', lastName: 'Factory' }));
    // No wait: a page loaded right after the subscriber wrote must show the change (the 1 s refresh
    // interval alone would miss it).
    expect((await index.search(query('ottilie'))).total).toBe(1);
  });
});

describe('on AWS', () => {
  it('signs every request with SigV4 for the es service in the configured region', async () => {
    const capture = await captureServer(200, {
      hits: { total: { value: 0 }, hits: [] },
      aggregations: Object.fromEntries(
        ['department', 'officeLocation', 'skills'].map((facet) => [facet, { values: { buckets: [] } }]),
      ),
    });
    const signed = createOpenSearchIndex({
      endpoint: capture.url,
      indexPrefix: 'signed',
      aws: {
        region: 'eu-west-2',
        getCredentials: async () => ({
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          sessionToken: 'instance-role-session',
        }),
      },
    });
    opened.push(signed);
    await signed.search(query('ada'));
    await capture.close();

    const [request] = capture.requests;
    expect(request!.url).toBe('/signed-employees/_search');
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/es\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request!.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request!.headers['x-amz-security-token']).toBe('instance-role-session');
    expect(request!.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });
});

/** A local HTTP server that records requests and answers each with one fixed JSON response. */
async function captureServer(status: number, body: unknown) {
  const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
