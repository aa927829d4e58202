import { validRange } from 'semver';
import { z } from 'zod';

/** How reports reach a case besides GitHub's private vulnerability reporting. */
export const IntakeConfig = z
  .strictObject({
    /**
     * Open a case for a draft advisory a person created in GitHub's UI (the open-source runbook's
     * step 1, for reports that arrive through a bug-bounty program or e-mail). The tick finds it.
     */
    drafts: z
      .boolean()
      .default(true)
      .describe(
        'Open a case for a draft advisory a person created in GitHub (reports from a bug-bounty program or e-mail). Found by the tick.',
      ),
  })
  .describe('How reports reach a case besides private vulnerability reporting.');

/**
 * The versions the project supports, as a semver range (`0.x`, `>=1.4.0`, `0.70.x || 0.71.x`):
 * a report whose affected range falls outside it says so in the scope check.
 */
export const SupportedVersions = z
  .string()
  .min(1)
  .max(200)
  .refine((range) => validRange(range) !== null, {
    message: 'is not a semver range (e.g. "0.x", ">=1.4.0", "0.70.x || 0.71.x")',
  })
  .optional()
  .describe(
    'Supported versions as a semver range (e.g. "0.x"): a report whose affected versions fall outside it says so in the scope check.',
  );
