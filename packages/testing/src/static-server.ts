import { createServer, type Server } from 'node:http';

export interface StaticServer {
  /** Origin such as `http://127.0.0.1:PORT` (a secure context for Chromium). */
  readonly origin: string;
  /** Adds or replaces a page served at `path`. */
  set(path: string, body: string, contentType?: string): void;
  close(): Promise<void>;
}

const BLANK_PAGE = '<!doctype html><meta charset="utf-8"><title>parley test page</title><body></body>';

/** Serves small in-memory pages on 127.0.0.1; `/` is a blank page. */
export async function startStaticServer(): Promise<StaticServer> {
  const pages = new Map<string, { body: string; contentType: string }>([
    ['/', { body: BLANK_PAGE, contentType: 'text/html; charset=utf-8' }],
  ]);
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end('not found');
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
