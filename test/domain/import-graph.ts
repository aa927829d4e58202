/**
 * The import graph of the sources, read with TypeScript's own parser rather than a regular
 * expression, so that multi-line imports, `import type`, re-exports and `import()` all count: a
 * type-only import is still an edge, because the house rule forbids cycles, not just runtime ones.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';

/** Files by repository-relative POSIX path (`src/domain/decide.ts`), each with the files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Every module specifier a file names: `import … from`, `import type`, side-effect imports,
 * `export … from`, `import x = require()`, dynamic `import()` and `import('…')` types.
 */
export function moduleSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const specifier = specifierOf(node);
    if (specifier !== undefined) found.push(specifier);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function specifierOf(node: ts.Node): string | undefined {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
    return node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
      ? node.moduleSpecifier.text
      : undefined;
  }
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    const expression = node.moduleReference.expression;
    return ts.isStringLiteral(expression) ? expression.text : undefined;
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const [argument] = node.arguments;
    return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
    const literal = node.argument.literal;
    return ts.isStringLiteral(literal) ? literal.text : undefined;
  }
  return undefined;
}

/**
 * The graph of the given sources (by repository-relative POSIX path). Package imports are left
 * out; a relative import that names none of the sources throws, so that a gap in this resolver
 * can never hide an edge.
 */
export function buildImportGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const targets: string[] = [];
    for (const specifier of moduleSpecifiers(file, text)) {
      if (!specifier.startsWith('.')) continue;
      // NodeNext: sources import each other by the emitted name, `./case.js` for `./case.ts`.
      const target = posix.join(posix.dirname(file), specifier).replace(/\.js$/, '.ts');
      if (!sources.has(target)) {
        throw new Error(`${file}: cannot resolve '${specifier}' (looked for ${target})`);
      }
      if (!targets.includes(target)) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The text of every `.ts` file under `dir`, by POSIX path relative to `base`. */
export function readSources(base: string, dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const name of readdirSync(posix.join(base, relative)).sort()) {
      const path = posix.join(relative, name);
      if (statSync(posix.join(base, path)).isDirectory()) walk(path);
      else if (path.endsWith('.ts'))
        sources.set(path, readFileSync(posix.join(base, path), 'utf8'));
    }
  };
  walk(dir);
  return sources;
}

/**
 * One import cycle among the files `include` accepts, as the path that closes it (first and last
 * file the same), or undefined when there is none. Files are visited in sorted order, so the same
 * graph always reports the same cycle.
 */
export function findCycle(
  graph: ImportGraph,
  include: (file: string) => boolean = () => true,
): string[] | undefined {
  const finished = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!include(next) || finished.has(next)) continue;
      const back = path.indexOf(next);
      if (back >= 0) return [...path.slice(back), next];
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    finished.add(file);
    return undefined;
  };
  for (const file of [...graph.keys()].sort()) {
    if (!include(file) || finished.has(file)) continue;
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}
