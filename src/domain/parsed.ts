import { inlineCode } from './neutralize.js';

/**
 * The result of reading one piece of user input. Errors say what was wrong and what to type
 * instead, have no trailing full stop (callers append `. Usage: …`), and show user text only
 * through {@link inlineCode}, so they are safe to echo in a comment.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A value that was read. */
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
/** Input that could not be read, and why. */
export const fail = <T = never>(error: string): Parsed<T> => ({ ok: false, error });

/** How much of the user's text an error quotes. */
const QUOTE_LIMIT = 40;
/** User text as it appears in an error: inert inline code, cut to {@link QUOTE_LIMIT}. */
export const quoted = (text: string): string => inlineCode(text, { maxLength: QUOTE_LIMIT });
