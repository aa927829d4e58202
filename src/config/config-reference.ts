import { renderConfigJsonSchema } from './json-schema.js';

interface SchemaNode {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (node.type === 'array') return `${node.items ? typeOf(node.items) : 'any'}[]`;
  if (node.type === 'object' && !node.properties) return 'map';
  return node.type ?? 'any';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function rows(properties: Record<string, SchemaNode>, prefix: string, out: string[]): void {
  for (const [key, node] of Object.entries(properties)) {
    const path = `${prefix}${key}`;
    if (node.type === 'object' && node.properties) {
      rows(node.properties, `${path}.`, out);
      continue;
    }
    const fallback = node.default === undefined ? '—' : `\`${JSON.stringify(node.default)}\``;
    out.push(
      `| \`${path}\` | ${cell(typeOf(node))} | ${fallback} | ${cell(node.description ?? '')} |`,
    );
  }
}

/** The README's configuration reference table, generated from the JSON Schema. */
export function renderConfigReference(): string {
  const schema = JSON.parse(renderConfigJsonSchema()) as SchemaNode;
  const out = ['| key | type | default | meaning |', '| --- | --- | --- | --- |'];
  rows(schema.properties ?? {}, '', out);
  return out.join('\n');
}
