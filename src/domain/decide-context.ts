/**
 * What `decide` and each of its sub-steps need besides the case and the input. It lives apart
 * from `decide.ts` because the sub-steps take it and `decide` imports them: kept in `decide.ts`,
 * each was an import cycle.
 */

import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { CommandSpec } from './command-spec.js';
import type { TimelineEntry } from './fold.js';

/**
 * What `decide` needs besides the case and the input: the clock, the config, the App's login and
 * the command registry.
 */
export interface DecideContext {
  now: Date;
  config: AdvisoryPilotConfig;
  /** The App's bot login (`my-app[bot]`), used as the author of automatic records. */
  appLogin: string;
  /**
   * The slash-commands a comment may run. Injected by the shell (`COMMANDS` from
   * `src/commands/registry.ts`) because the commands import the domain: the domain importing the
   * registry back would be an import cycle.
   */
  commands: readonly CommandSpec[];
  /** The case's history so far (from the fold), for texts that tell it (the postmortem). */
  timeline?: readonly TimelineEntry[];
}
