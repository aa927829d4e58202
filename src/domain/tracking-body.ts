import {
  CASE_FILE_CLOSE,
  CASE_FILE_OPEN,
  CASE_MARKER_PATTERN,
  STATUS_END,
  STATUS_START,
} from './markers.js';

/**
 * The tracking issue's body as the App writes it: the people's text (the report, with the case
 * marker on top), then the App-owned section: the status a person reads, and the signed case
 * file, hidden at its end. Everything outside the App-owned section is kept byte for byte.
 */
export function renderTrackingBody(
  current: string,
  marker: string,
  status: string,
  caseFile: string,
): string {
  const section = status.startsWith(STATUS_START)
    ? status.slice(0, status.lastIndexOf(STATUS_END))
    : `${STATUS_START}\n${status}\n`;
  const owned = `${section.trimEnd()}\n${caseFile}\n${STATUS_END}`;
  const withMarker = spliceMarker(current, marker);
  const start = withMarker.indexOf(STATUS_START);
  const end = withMarker.indexOf(STATUS_END, start);
  if (start >= 0 && end > start)
    return `${withMarker.slice(0, start)}${owned}${withMarker.slice(end + STATUS_END.length)}`;
  const stray = withMarker.indexOf(CASE_FILE_OPEN);
  // A case file outside a status section (a person deleted the markers): replaced, not doubled.
  const people =
    stray >= 0
      ? withMarker.slice(0, stray) +
        withMarker.slice(withMarker.indexOf(CASE_FILE_CLOSE, stray) + CASE_FILE_CLOSE.length)
      : withMarker;
  return people.trim() ? `${people.trimEnd()}\n\n${owned}\n` : `${owned}\n`;
}

/** Replaces the case marker (a manual case gains its repository and GHSA ID), or adds it on top. */
export function spliceMarker(body: string, marker: string): string {
  const replaced = body.replace(new RegExp(CASE_MARKER_PATTERN.source), marker);
  return replaced === body && !body.includes(marker) ? `${marker}\n${body}` : replaced;
}
