import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src/domain', 'src/commands'];
const ALLOWED = new Set([
  'zod',
  'semver',
  'date-fns',
  '@date-fns/tz',
  'ae-cvss-calculator',
  'node:crypto',
]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the pure core', () => {
  const all = ROOTS.flatMap((root) => files(root));

  it.each(all)('%s imports only pure modules', (file) => {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
    const external = imports.filter((i) => !i.startsWith('.'));
    expect(external.filter((i) => !ALLOWED.has(i))).toEqual([]);
    expect(
      imports.filter(
        (i) =>
          i.includes('/github/') ||
          i.includes('/handlers/') ||
          i.includes('pipeline') ||
          i.includes('/store/'),
      ),
    ).toEqual([]);
  });

  it.each(all)('%s never reads the system clock, the environment or the console', (file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/Date\.now\(|new Date\(\)|process\.|console\.|Math\.random\(/);
  });
});
