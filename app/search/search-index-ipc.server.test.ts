/**
 * The embedded index shared over a message channel, as the cluster's workers share the primary's: a real
 * MessageChannel (worker_threads) stands in for the cluster IPC pipe, with the same message shapes.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedSearchIndex } from './embedded-search-index.server';
import { answerSearchCalls, RemoteSearchIndex, type Channel } from './search-index-ipc.server';
import { doc } from '@test-support/search-index-suite';

function channelOf(port: MessagePort): Channel {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}

const query = (text: string) => ({ text, facets: {}, page: 0, pageSize: 24 });

describe('the primary index, asked by workers', () => {
  const ports: MessagePort[] = [];
  afterEach(() => ports.splice(0).forEach((port) => port.close()));

  function connect(index: EmbeddedSearchIndex, timeoutMs?: number) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    answerSearchCalls(index, channelOf(port1));
    return new RemoteSearchIndex(channelOf(port2), timeoutMs);
  }

  it('gives every worker the same answer, including a change made a moment ago', async () => {
    const index = new EmbeddedSearchIndex();
    const [a, b] = [connect(index), connect(index)];
    const person = doc({ firstName: 'Saoirse', lastName: 'Ní Bhriain', version: 1 });
    await index.upsert(person);
    expect(await a.search(query('saoirse'))).toEqual(await b.search(query('saoirse')));
    await index.upsert({ ...person, jobTitle: 'Harpist', version: 2 });
    for (const worker of [a, b]) {
      expect((await worker.search(query('harpist'))).hits.map((hit) => hit.document.id)).toEqual([person.id]);
    }
    expect(await a.ping()).toBe(true);
    await expect(a.upsert(person)).rejects.toThrow(/only the primary/);
  });

  it('passes on the order of names a worker asks for', async () => {
    const index = new EmbeddedSearchIndex();
    const worker = connect(index);
    for (const lastName of ['Ñandú', 'Nunez']) await index.upsert(doc({ firstName: 'Ada', lastName }));
    const names = async (collation: 'root' | 'es') =>
      (await worker.search({ ...query('ada'), collation })).hits.map((hit) => hit.document.lastName);
    expect(await names('root')).toEqual(['Ñandú', 'Nunez']);
    expect(await names('es')).toEqual(['Nunez', 'Ñandú']);
  });

  it('is unavailable (not an error page) while the primary builds, is closed, or does not answer', async () => {
    const building = new EmbeddedSearchIndex({ awaitFirstBuild: true });
    const worker = connect(building);
    await expect(worker.search(query('x'))).rejects.toMatchObject({ name: 'SearchUnavailableError' });
    expect(await worker.ping()).toBe(false);

    const { port2 } = new MessageChannel();
    ports.push(port2);
    const orphan = new RemoteSearchIndex(channelOf(port2), 100);
    await expect(orphan.search(query('x'))).rejects.toThrow(/no answer from the primary process in 100 ms/);
  });

  it('refuses a malformed call rather than passing it to the index', async () => {
    const index = new EmbeddedSearchIndex();
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    answerSearchCalls(index, channelOf(port1));
    const reply = new Promise((resolve) => port2.once('message', resolve));
    port2.postMessage({ kind: 'search-index:call', id: 7, method: 'search', query: { text: 'x'.repeat(5000) } });
    expect(await reply).toMatchObject({ id: 7, ok: false, error: 'malformed search call' });
  });
});
