/** Markers around a generated part of a Markdown file. */
export function generatedMarkers(name: string): [start: string, end: string] {
  return [`<!-- generated:${name}:start -->`, `<!-- generated:${name}:end -->`];
}

/** The text between a block's markers, or undefined when the markers are missing. */
export function readGeneratedBlock(text: string, name: string): string | undefined {
  const [start, end] = generatedMarkers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return text.slice(from + start.length, to).trim();
}

/** Replaces the text between a block's markers; throws when they are missing (a doc bug). */
export function replaceGeneratedBlock(text: string, name: string, content: string): string {
  const [start, end] = generatedMarkers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`markers for "${name}" not found`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
