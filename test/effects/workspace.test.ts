import { describe, expect, it } from 'vitest';
import { dependencyClosure, type WorkspacePackage } from '../../src/effects/workspace.js';

const pkg = (name: string, dependsOn: string[] = []): WorkspacePackage => ({
  dir: `plugins/${name}/`,
  name,
  version: '1.0.0',
  dependsOn,
  text: '{}',
});

const WORKSPACE = [
  pkg('catalog', ['catalog-common', 'react']),
  pkg('catalog-common', ['core', 'catalog']),
  pkg('core', ['lodash']),
  pkg('search', ['core']),
];

describe('dependencyClosure', () => {
  it.each([
    ['catalog', ['catalog-common', 'core']],
    ['catalog-common', ['core', 'catalog']],
    ['core', []],
    ['search', ['core']],
  ])('%s depends on %j inside the workspace', (name, expected) => {
    const own = WORKSPACE.find((p) => p.name === name);
    if (!own) throw new Error(name);
    expect(dependencyClosure(own, WORKSPACE).map((p) => p.name)).toEqual(expected);
  });
});
