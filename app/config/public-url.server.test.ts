import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.server';
import { namesThisApp, publicBaseUrl } from './public-url.server';

const env = (vars: Record<string, string>) => parseEnv({ APP_ENV: 'local', ...vars });

describe('the public address', () => {
  it('is PUBLIC_URL when set, else the listening address (localhost for every interface)', () => {
    expect(publicBaseUrl(env({ PUBLIC_URL: 'https://people.xyz.example/' }))).toBe('https://people.xyz.example');
    expect(publicBaseUrl(env({}))).toBe('http://127.0.0.1:3000');
    expect(publicBaseUrl(env({ HOST: '0.0.0.0', PORT: '8080' }))).toBe('http://localhost:8080');
    expect(publicBaseUrl(env({ HOST: '::' }))).toBe('http://localhost:3000');
    expect(publicBaseUrl(env({ HOST: '::1' }))).toBe('http://[::1]:3000');
    expect(publicBaseUrl(env({ HOST: 'people.lan', PORT: '80' }))).toBe('http://people.lan');
  });

  it('is the only host a request may name: case and a written-out default port aside', () => {
    const local = env({});
    expect(namesThisApp(local, '127.0.0.1:3000')).toBe(true);
    for (const host of ['evil.example', '127.0.0.1', '127.0.0.1:3001', 'localhost:3000', '', null, undefined]) {
      expect(namesThisApp(local, host), String(host)).toBe(false);
    }
    const aws = env({ PUBLIC_URL: 'https://people.xyz.example' });
    for (const host of ['people.xyz.example', 'PEOPLE.xyz.example', 'people.xyz.example:443']) {
      expect(namesThisApp(aws, host), host).toBe(true);
    }
    for (const host of [
      'people.xyz.example:80',
      'people.xyz.example.evil.example',
      'evil.example@people.xyz.example',
      'people.xyz.example/x',
      'people.xyz.example, evil.example',
      '10.0.1.23',
    ]) {
      expect(namesThisApp(aws, host), host).toBe(false);
    }
  });
});
