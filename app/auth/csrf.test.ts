import { describe, expect, it } from 'vitest';
import { isSameOriginRequest } from './csrf.server';

const post = (headers: Record<string, string>) =>
  new Request('http://127.0.0.1:3000/me', { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers } });

describe('origin check', () => {
  it('accepts a form posted from our own pages', () => {
    expect(isSameOriginRequest(post({ origin: 'http://127.0.0.1:3000' }))).toBe(true);
  });
  it('refuses a form posted from another site', () => {
    expect(isSameOriginRequest(post({ origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOriginRequest(post({ referer: 'https://evil.example/page' }))).toBe(false);
    expect(isSameOriginRequest(post({ origin: 'null' }))).toBe(false);
  });
  it('accepts the public URL behind a load balancer that rewrites the host', () => {
    const request = new Request('http://10.0.1.23:3000/me', {
      method: 'POST',
      headers: { host: '10.0.1.23:3000', origin: 'https://people.xyz.example' },
    });
    expect(isSameOriginRequest(request, 'https://people.xyz.example')).toBe(true);
    expect(isSameOriginRequest(request)).toBe(false);
  });
  it('lets reads and non-browser clients through', () => {
    expect(
      isSameOriginRequest(new Request('http://127.0.0.1:3000/me', { headers: { origin: 'https://evil.example' } })),
    ).toBe(true);
    expect(isSameOriginRequest(post({}))).toBe(true);
  });
});
