// A small read-only static file server for the browser harness: serves one
// directory tree on 127.0.0.1 (a random port) plus a few generated pages, with
// the content types browsers insist on (application/wasm for compileStreaming,
// text/javascript for module scripts).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xyz': 'text/plain; charset=utf-8',
};

/** The file under `root` that a URL path names, or undefined when the path leaves `root`. */
export function fileForPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const file = resolve(base, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  return file === base || file.startsWith(base + sep) ? file : undefined;
}

/**
 * Starts the server. `pages` maps URL paths to generated HTML (e.g. a page carrying
 * an import map). Resolves to { url, close() } once listening.
 */
export async function startStaticServer({ root, pages = {} }) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    const send = (status, type, body) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'read-only server\n');
    if (Object.hasOwn(pages, path)) return send(200, CONTENT_TYPES['.html'], pages[path]);
    if (path === '/favicon.ico') return send(204, 'image/x-icon', ''); // keeps a 404 out of the page console
    const file = fileForPath(root, path);
    if (file === undefined) return send(403, 'text/plain', 'outside the served directory\n');
    try {
      if (!(await stat(file)).isFile()) return send(404, 'text/plain', 'not a file\n');
      send(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(404, 'text/plain', 'not found\n');
    }
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
