import type { Octokit } from '@octokit/rest';
import { demoScenario, TRACKING_REPO } from '../demo/scenario.js';
import { BOT_LOGIN } from '../demo/play.js';
import { censusOf } from './comment-census.js';
import { playChangesetsPreset, playDefaultProfile } from '../demo/script.js';
import { startWorld, type World } from '../demo/world.js';
import { extractCommandLines } from '../domain/command-lines.js';
import type { OpenApiValidator, RequestLogEntry, Sandbox } from '../sandbox/index.js';
import { median } from './stats.js';

/** What one whole case cost in GitHub requests made by the App. */
export interface LifecycleCost {
  profile: 'default' | 'changesets';
  finalPhase: string | undefined;
  /** Every request the App made (App JWT and installation token). */
  total: number;
  /** POST/PATCH/PUT/DELETE (GraphQL mutations included), without installation-token requests. */
  contentCreating: number;
  /** Conditional reads answered `304 Not Modified` (free of rate limit). */
  notModified: number;
  /** Installation access tokens minted. */
  tokens: number;
  /** Slash-commands typed in the lifecycle. */
  commands: number;
  /** Requests the App made per slash-command, over the comments that carried commands. */
  perCommand: { median: number; max: number };
  /** What each comment with commands cost, by the commands it carried, in story order. */
  byCommand: CommandCost[];
  /** Comments the App left on the tracking issue. */
  appComments: number;
  /** Comments by people that carried commands. */
  humanCommandComments: number;
  /** App comments a tick posted (reminders). */
  reminderComments: number;
  /** App comments without visible text. */
  emptyAppComments: number;
  /** Command comments without exactly one App reply (their ids). */
  notAnsweredOnce: number[];
}

/** The App's requests after comments carrying the same commands (`/ack`, `/cve + /advisory`). */
export interface CommandCost {
  /** The command names of the comment, joined with ` + `. */
  commands: string;
  /** How many comments carried exactly these commands. */
  comments: number;
  /** Requests per comment (mean over those comments). */
  requests: number;
  contentCreating: number;
}

/** Whether the App (not a test actor) made the request. */
export function byApp(entry: RequestLogEntry): boolean {
  return entry.actor === 'app' || entry.actor.startsWith('installation:');
}

/** A content-creating request in GitHub's sense (secondary rate limits count these). */
export function isContentCreating(entry: RequestLogEntry): boolean {
  return (
    entry.method !== 'GET' && entry.method !== 'HEAD' && !entry.path.includes('/access_tokens')
  );
}

/** A stretch of the request log caused by one step of the story. */
interface Segment {
  from: number;
  commands: string[];
}

/**
 * Wraps a world so every human write and every clock move starts a new segment of the request
 * log; the App's requests until the next segment are what that step cost (the world waits for
 * the App to be idle after each step, so steps never overlap).
 */
function metered(world: World, segments: Segment[]): World {
  const mark = (commands: string[] = []) =>
    segments.push({ from: world.sandbox.requests().length, commands });
  const hooked = new WeakSet<Octokit>();
  const sandbox = Object.create(world.sandbox, {
    advance: {
      value: (duration: string | number) => {
        mark();
        return world.sandbox.advance(duration);
      },
    },
  }) as Sandbox;
  return {
    ...world,
    sandbox,
    as(login) {
      const client = world.as(login);
      if (!hooked.has(client)) {
        hooked.add(client);
        client.hook.before('request', (options) => {
          if (options.method === 'GET') return;
          const url = options.url;
          const body = (options as { body?: unknown }).body;
          const isComment = options.method === 'POST' && url.endsWith('/comments');
          mark(
            isComment && typeof body === 'string'
              ? extractCommandLines(body).commands.map((c) => `/${c.name}`)
              : [],
          );
        });
      }
      return client;
    },
    admin(method, path, body) {
      if (method !== 'GET') mark();
      return world.admin(method, path, body);
    },
  };
}

/** Folds the comments' costs by the commands they carried, first appearance first. */
export function groupByCommands(
  costs: readonly { commands: readonly string[]; made: readonly RequestLogEntry[] }[],
): CommandCost[] {
  const groups = new Map<string, { comments: number; requests: number; writes: number }>();
  for (const cost of costs) {
    const key = cost.commands.join(' + ');
    const group = groups.get(key) ?? { comments: 0, requests: 0, writes: 0 };
    group.comments += 1;
    group.requests += cost.made.length;
    group.writes += cost.made.filter(isContentCreating).length;
    groups.set(key, group);
  }
  return [...groups].map(([commands, g]) => ({
    commands,
    comments: g.comments,
    requests: g.requests / g.comments,
    contentCreating: g.writes / g.comments,
  }));
}

/**
 * Plays a whole case (the demo's story) on the sandbox and reads the App's requests from the
 * sandbox's request log: totals, content-creating writes, 304s, and the cost of each command.
 */
export async function measureLifecycle(
  profile: 'default' | 'changesets',
  validator: OpenApiValidator,
): Promise<LifecycleCost> {
  const world = await startWorld({
    scenario: demoScenario(profile),
    validator,
    app: { tickInterval: 0 },
  });
  try {
    const segments: Segment[] = [];
    const play =
      profile === 'default'
        ? await playDefaultProfile(metered(world, segments))
        : await playChangesetsPreset(metered(world, segments));
    const log = world.sandbox.requests();
    const costs = segments.flatMap((segment, i) => {
      if (segment.commands.length === 0) return [];
      const to = segments[i + 1]?.from ?? log.length;
      const made = log.slice(segment.from, to).filter(byApp);
      return [{ commands: segment.commands, made }];
    });
    const perCommand = costs.map((c) => c.made.length / c.commands.length);
    const app = log.filter(byApp);
    const census = censusOf(
      await play.comments(),
      BOT_LOGIN,
      { repo: TRACKING_REPO, issue: play.issue },
      world.secret,
    );
    return {
      ...census,
      profile,
      finalPhase: (await play.state())?.phase,
      total: app.length,
      contentCreating: app.filter(isContentCreating).length,
      notModified: app.filter((r) => r.status === 304).length,
      tokens: app.filter((r) => r.path.includes('/access_tokens')).length,
      commands: segments.reduce((sum, s) => sum + s.commands.length, 0),
      perCommand: { median: median(perCommand), max: Math.max(...perCommand) },
      byCommand: groupByCommands(costs),
    };
  } finally {
    await world.close();
  }
}
