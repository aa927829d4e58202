import { z } from 'zod';

/**
 * Where a report really arrived: GitHub's private vulnerability reporting (`github`), or another
 * channel (`hackerone`, `email`, …) with its own report id. The acknowledgement goes back the same
 * way, so the case must know it.
 */
export const ReportChannel = z.strictObject({
  via: z.string().regex(/^[a-z0-9][a-z0-9-]{1,29}$/),
  /** The channel's own id of the report: `2841234` on HackerOne, an e-mail's Message-ID. */
  id: z.string().min(1).max(200).optional(),
});
export type ReportChannel = z.infer<typeof ReportChannel>;

/** How people write the common channels; any other word is shown as typed. */
const LABELS: Readonly<Record<string, string>> = {
  github: 'GitHub private vulnerability reporting',
  hackerone: 'HackerOne',
  bugcrowd: 'Bugcrowd',
  intigriti: 'Intigriti',
  yeswehack: 'YesWeHack',
  huntr: 'huntr',
  email: 'e-mail',
  'e-mail': 'e-mail',
  discord: 'Discord',
  slack: 'Slack',
};

/** The channel as Markdown names it: HackerOne report `2841234` (the id in code: it may hold `<` or `@`). */
export function describeChannel(channel: ReportChannel): string {
  const label = LABELS[channel.via] ?? channel.via;
  return channel.id === undefined ? label : `${label} report \`${channel.id}\``;
}

/**
 * The case's channel: what `/reported-at` recorded, else GitHub for a private vulnerability
 * report. A draft a person made in GitHub's UI, or an issue labelled as a report, came from
 * somewhere the App does not know until someone says.
 */
export function channelOf(state: {
  channel?: ReportChannel | undefined;
  source: 'advisory' | 'manual';
  draftBy?: string | undefined;
}): ReportChannel | undefined {
  if (state.channel) return state.channel;
  return state.source === 'advisory' && state.draftBy === undefined ? { via: 'github' } : undefined;
}

/** Reads `--via` and `--id` as typed; a clear message names what does not fit. */
export function parseChannel(
  via: string,
  id: string | undefined,
): { ok: true; channel: ReportChannel } | { ok: false; error: string } {
  const word = via.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{1,29}$/.test(word))
    return {
      ok: false,
      error: `\`--via ${via}\` is not a channel name; type one word such as \`--via hackerone\`, \`--via email\` or \`--via bugcrowd\``,
    };
  if (id === undefined) return { ok: true, channel: { via: word } };
  const text = id.trim();
  if (text.length === 0 || text.length > 200 || /[\r\n`]/.test(text))
    return {
      ok: false,
      error:
        '`--id` is the channel’s report id on one line (at most 200 characters, no backticks), e.g. `--id 2841234`',
    };
  return { ok: true, channel: { via: word, id: text } };
}

/**
 * Whether the reporter reads the advisory: only for a report made through GitHub's private
 * reporting. A bug-bounty or e-mail reporter is written to through their channel instead.
 */
export function reporterOnAdvisory(state: {
  repo?: string | undefined;
  ghsaId?: string | undefined;
  channel?: ReportChannel | undefined;
  source: 'advisory' | 'manual';
  draftBy?: string | undefined;
}): boolean {
  return Boolean(state.repo && state.ghsaId) && channelOf(state)?.via === 'github';
}

/** Where a text for the reporter goes when it is not the advisory: ` through HackerOne report …`. */
export function sendVia(state: Parameters<typeof channelOf>[0]): string {
  const channel = channelOf(state);
  return channel ? ` through ${describeChannel(channel)}` : '';
}
