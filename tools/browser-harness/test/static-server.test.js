import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileForPath, startStaticServer } from '../static-server.js';

describe('fileForPath', () => {
  const root = '/srv/site';
  it('maps a URL path to a file under the root', () => {
    expect(fileForPath(root, '/packages/core/dist/index.js')).toBe('/srv/site/packages/core/dist/index.js');
    expect(fileForPath(root, '/a%20b.js')).toBe('/srv/site/a b.js');
  });
  it('refuses paths that leave the root, however spelled', () => {
    expect(fileForPath(root, '/../etc/passwd')).toBeUndefined();
    expect(fileForPath(root, '/a%2F..%2F..%2Fetc%2Fpasswd')).toBeUndefined();
    expect(fileForPath(root, '/..%2Fsite2/x')).toBeUndefined();
    expect(fileForPath(root, '/%E0%A4%A')).toBeUndefined(); // malformed escape
    expect(fileForPath(root, '/a%00b')).toBeUndefined();
  });
});

describe('startStaticServer', () => {
  let server;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'smoke-server-'));
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'k.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    writeFileSync(join(root, 'dist', 'index.js'), 'export const x = 1;\n');
    server = await startStaticServer({ root, pages: { '/page.html': '<p>generated</p>' } });
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
  it('serves .wasm as application/wasm and .js as text/javascript, byte for byte', async () => {
    const wasm = await fetch(`${server.url}/dist/k.wasm`);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(Array.from(new Uint8Array(await wasm.arrayBuffer()))).toEqual([0, 97, 115, 109, 1, 0, 0, 0]);
    const js = await fetch(`${server.url}/dist/index.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('export const x = 1;\n');
  });
  it('serves generated pages as HTML', async () => {
    const page = await fetch(`${server.url}/page.html`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toBe('<p>generated</p>');
  });
  it('answers 404 for missing files and directories, 403 outside the root, 405 for writes', async () => {
    expect((await fetch(`${server.url}/dist/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/dist`)).status).toBe(404);
    expect((await fetch(`${server.url}/dist%2F..%2F..%2Fetc%2Fpasswd`)).status).toBe(403);
    expect((await fetch(`${server.url}/dist/index.js`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
