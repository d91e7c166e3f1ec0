import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module the main entry loads, following relative imports from `index.ts`. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const source = readFileSync(join(here, file), 'utf8');
    const specifiers = [...source.matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map((m) => m[1] ?? '');
    graph.set(file, specifiers);
    for (const spec of specifiers) if (spec.startsWith('./')) pending.push(spec.slice(2).replace(/\.js$/, '.ts'));
  }
  return graph;
}

describe('the main entry @parley/irc', () => {
  it('loads no Node built-in, no ws, no irc-framework and no adapter: it must run in browsers', () => {
    const graph = importGraph('index.ts');
    expect(graph.size).toBeGreaterThan(8);
    for (const [file, specifiers] of graph) {
      for (const spec of specifiers) {
        expect(`${file} -> ${spec}`).not.toMatch(/-> (node:|ws$|irc-framework|\.\/adapters\/)/);
        // @parley/invite: its main entry only (the invite texts), never its QR or sound entries.
        if (!spec.startsWith('./'))
          expect(`${file} -> ${spec}`).toMatch(/-> @parley\/(core|core\/manual-exchange|invite)$/);
      }
    }
  });
});
