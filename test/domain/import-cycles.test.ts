import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, findCycle, moduleSpecifiers, readSources } from './import-graph.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const inDomain = (file: string): boolean => file.startsWith('src/domain/');
const inCommands = (file: string): boolean => file.startsWith('src/commands/');
const inCore = (file: string): boolean => inDomain(file) || inCommands(file);

/** The offending edges, one `from → to` line each, so a failure names them. */
function domainToCommands(graph: ReturnType<typeof buildImportGraph>): string[] {
  return [...graph].flatMap(([from, targets]) =>
    inDomain(from) ? targets.filter(inCommands).map((to) => `${from} → ${to}`) : [],
  );
}

describe('the import graph of the pure core', () => {
  const graph = buildImportGraph(readSources(REPO, 'src'));

  it('is read from the sources (a sanity check that edges are found at all)', () => {
    expect(graph.get('src/commands/registry.ts')).toContain('src/commands/help.ts');
    expect(graph.get('src/commands/help.ts')).toContain('src/domain/command-spec.ts');
    expect(graph.get('src/domain/decide.ts')).toContain('src/domain/step.ts');
  });

  it('has src/domain import nothing under src/commands, not even a type', () => {
    expect(domainToCommands(graph)).toEqual([]);
  });

  it('has no import cycle among src/domain and src/commands', () => {
    const cycle = findCycle(graph, inCore);
    expect(cycle?.join(' → '), 'import cycle').toBeUndefined();
  });
});

describe('the import reader', () => {
  it('sees every form of import, type-only and dynamic ones included', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import {\n  c,\n  type C,\n} from './c.js';",
      "import './side-effect.js';",
      "export * from './d.js';",
      "export { e } from './e.js';",
      "export type { F } from './f.js';",
      "import g = require('./g.js');",
      "const h = await import('./h.js');",
      "type I = typeof import('./i.js');",
      "import { z } from 'zod';",
      "const notAnImport = 'from ./j.js';",
    ].join('\n');
    expect(moduleSpecifiers('x.ts', text)).toEqual([
      './a.js',
      './b.js',
      './c.js',
      './side-effect.js',
      './d.js',
      './e.js',
      './f.js',
      './g.js',
      './h.js',
      './i.js',
      'zod',
    ]);
  });

  it('resolves `.js` specifiers to the `.ts` sources and leaves packages out', () => {
    const graph = buildImportGraph(
      new Map([
        ['src/domain/a.ts', "import { z } from 'zod';\nimport { b } from './sub/b.js';"],
        ['src/domain/sub/b.ts', "import type { C } from '../../commands/c.js';"],
        ['src/commands/c.ts', ''],
      ]),
    );
    expect([...graph]).toEqual([
      ['src/domain/a.ts', ['src/domain/sub/b.ts']],
      ['src/domain/sub/b.ts', ['src/commands/c.ts']],
      ['src/commands/c.ts', []],
    ]);
  });

  it('refuses a relative import it cannot resolve, so that no edge goes missing', () => {
    expect(() => buildImportGraph(new Map([['src/a.ts', "import './missing.js';"]]))).toThrow(
      /src\/a\.ts: cannot resolve '\.\/missing\.js'/,
    );
  });
});

describe('the checks bite', () => {
  // The cycle this change removed: the domain ran commands through the registry, whose commands
  // import the domain. A type-only import closes it just the same.
  const cyclic = buildImportGraph(
    new Map([
      ['src/domain/run-command.ts', "import { COMMANDS } from '../commands/registry.js';"],
      ['src/commands/registry.ts', "import { helpCommand } from './help.js';"],
      ['src/commands/help.ts', "import type { CommandInput } from '../domain/run-command.js';"],
    ]),
  );

  it('names the domain file that imports a command', () => {
    expect(domainToCommands(cyclic)).toEqual([
      'src/domain/run-command.ts → src/commands/registry.ts',
    ]);
  });

  it('reports the cycle as the path that closes it', () => {
    expect(findCycle(cyclic, inCore)).toEqual([
      'src/commands/help.ts',
      'src/domain/run-command.ts',
      'src/commands/registry.ts',
      'src/commands/help.ts',
    ]);
  });

  it('finds a file that imports itself and a cycle reached only through other files', () => {
    expect(findCycle(new Map([['a', ['a']]]))).toEqual(['a', 'a']);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', []],
      ['d', ['e']],
      ['e', ['b']],
    ]);
    expect(findCycle(graph)).toEqual(['b', 'd', 'e', 'b']);
  });

  it('finds nothing in a graph without a cycle, however shared its files', () => {
    const diamond = new Map([
      ['a', ['b', 'c']],
      ['b', ['d']],
      ['c', ['d']],
      ['d', []],
    ]);
    expect(findCycle(diamond)).toBeUndefined();
  });

  it('ignores a cycle that runs through files it was told to leave out', () => {
    const graph = new Map([
      ['src/domain/a.ts', ['src/shell.ts']],
      ['src/shell.ts', ['src/domain/a.ts']],
    ]);
    expect(findCycle(graph, inCore)).toBeUndefined();
    expect(findCycle(graph)).toEqual(['src/domain/a.ts', 'src/shell.ts', 'src/domain/a.ts']);
  });
});
