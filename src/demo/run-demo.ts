import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { playChangesetsPreset, playDefaultProfile } from './script.js';
import { demoScenario, DEMO_USERS } from './scenario.js';
import { buildTranscript, type Transcript } from './transcript.js';
import { startWorld } from './world.js';

/** The outcome of a demo run: the transcript and the printable timeline. */
export interface DemoResult {
  transcript: Transcript;
  timeline: string;
}

/**
 * Plays a whole case on the embedded sandbox with the real App over HTTP, and optionally writes
 * the final tracking issue, every comment and `transcript.json` to `outDir`.
 */
export async function runDemo(
  options: { preset?: 'default' | 'changesets'; outDir?: string } = {},
): Promise<DemoResult> {
  const preset = options.preset ?? 'default';
  const world = await startWorld({ scenario: demoScenario(preset) });
  try {
    const play =
      preset === 'default' ? await playDefaultProfile(world) : await playChangesetsPreset(world);
    const state = await play.state();
    const transcript = buildTranscript({
      state,
      events: play.events,
      skipped: play.skipped,
      requests: world.sandbox.requests(),
      violations: world.sandbox.violations(),
      publicWrites: world.sandbox.publicWrites(),
    });
    if (options.outDir) {
      const dir = options.outDir;
      await mkdir(join(dir, 'comments'), { recursive: true });
      const issue = await world
        .as(DEMO_USERS.lead)
        .rest.issues.get({ owner: 'acme', repo: 'security-tracking', issue_number: play.issue });
      await writeFile(
        join(dir, 'tracking-issue.md'),
        `# ${issue.data.title}\n\n${issue.data.body ?? ''}\n`,
      );
      for (const [index, comment] of (await play.comments()).entries()) {
        await writeFile(
          join(
            dir,
            'comments',
            `${String(index + 1).padStart(3, '0')}-${comment.author.replace(/[^a-z0-9-]/gi, '_')}.md`,
          ),
          `${comment.body}\n`,
        );
      }
      await writeFile(join(dir, 'transcript.json'), `${JSON.stringify(transcript, null, 2)}\n`);
    }
    return { transcript, timeline: play.timeline('Europe/Berlin') };
  } finally {
    await world.close();
  }
}
