import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export interface StaticServer {
  /** Origin such as `http://127.0.0.1:PORT` (a secure context for Chromium). */
  readonly origin: string;
  /** Adds or replaces a page served at `path`. */
  set(path: string, body: string, contentType?: string): void;
  /** Serves the files of `dir` under `prefix` (e.g. a package's dist as ES modules). */
  mount(prefix: string, dir: string): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.y4m': 'application/octet-stream',
  '.wav': 'audio/wav',
};

const BLANK_PAGE = '<!doctype html><meta charset="utf-8"><title>parley test page</title><body></body>';

/** Serves small in-memory pages on 127.0.0.1; `/` is a blank page. */
export async function startStaticServer(): Promise<StaticServer> {
  const pages = new Map<string, { body: string; contentType: string }>([
    ['/', { body: BLANK_PAGE, contentType: 'text/html; charset=utf-8' }],
  ]);
  const mounts = new Map<string, string>();
  const fromMount = async (pathname: string): Promise<{ body: Buffer; contentType: string } | undefined> => {
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      const root = resolve(dir);
      const file = resolve(join(root, decodeURIComponent(pathname.slice(prefix.length))));
      if (!file.startsWith(root + sep)) return undefined; // no escaping the folder
      try {
        return { body: await readFile(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' };
      } catch {
        return undefined;
      }
    }
    return undefined;
  };
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const page = pages.get(pathname);
    if (!page) {
      void fromMount(pathname).then((file) => {
        if (!file) res.writeHead(404).end('not found');
        else res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' }).end(file.body);
      });
      return;
    }
    res.writeHead(200, { 'content-type': page.contentType, 'cache-control': 'no-store' }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    set(path, body, contentType = 'text/html; charset=utf-8') {
      pages.set(path, { body, contentType });
    },
    mount(prefix, dir) {
      mounts.set(prefix.endsWith('/') ? prefix : `${prefix}/`, dir);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
