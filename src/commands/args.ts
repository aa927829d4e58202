import { splitOptions, tokenize } from '../domain/command-tokens.js';

/** Positional arguments and `--options` of one command line. */
export interface Args {
  positional: string[];
  options: Record<string, string | boolean>;
}

/**
 * Tokenises a command's argument text (quotes allowed) and separates `--options` declared in
 * `spec`; the error names what was wrong, for the reply.
 */
export function parseArgs(
  argsText: string,
  spec: Record<string, 'string' | 'boolean'> = {},
): { ok: true; args: Args } | { ok: false; error: string } {
  const tokens = tokenize(argsText);
  if (!tokens.ok) return tokens;
  const split = splitOptions(tokens.tokens, spec);
  if (!split.ok) return split;
  return { ok: true, args: { positional: split.positional, options: split.options } };
}

/** The value of a string option, if given. */
export function stringOption(args: Args, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}
