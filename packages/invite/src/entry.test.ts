import { describe, expect, it } from 'vitest';

// node:fs, typed by hand: this package is compiled without Node's types (its main entry must run in browsers).
const FS = 'node:fs';
const { readFileSync } = (await import(FS)) as { readFileSync(path: URL, encoding: 'utf8'): string };

/** Every module the main entry loads, following relative imports from `index.ts`. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const source = readFileSync(new URL(file, import.meta.url), 'utf8');
    const specifiers = [...source.matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map((m) => m[1] ?? '');
    graph.set(file, specifiers);
    for (const spec of specifiers) if (spec.startsWith('./')) pending.push(spec.slice(2).replace(/\.js$/, '.ts'));
  }
  return graph;
}

describe('the main entry @parley/invite', () => {
  it('loads the invite texts only: no Node built-in, no QR or sound module or library', () => {
    const graph = importGraph('index.ts');
    expect([...graph.keys()].sort()).toEqual([
      'bundle-role.ts',
      'index.ts',
      'invite-email.ts',
      'invite-file.ts',
      'invite-link.ts',
    ]);
    for (const [file, specifiers] of graph) {
      for (const spec of specifiers) {
        if (!spec.startsWith('./')) expect(`${file} -> ${spec}`).toMatch(/-> @parley\/core(\/manual-exchange)?$/);
      }
    }
  });
});
