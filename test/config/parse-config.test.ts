import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig, parseConfigYaml } from '../../src/config/parse-config.js';

describe('parseConfig', () => {
  it('applies the default profile to an empty file', () => {
    const result = parseConfigYaml('');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.sla.ackBusinessDays).toBe(3);
    expect(result.config.sla.embargoDays).toBe(60);
    expect(result.config.sla.disclosureLeadDays).toBe(7);
    expect(result.config.release.strategy).toBe('hotfix');
    expect(result.config.release.branch).toBe('deploy/cloud/{date}');
    expect(result.config.release.workflow).toBe('continuous-delivery-cloud.yml');
    expect(result.config.release.workflowInputs).toEqual({ flow: 'cloud-hotfix' });
    expect(result.config.postmortem.requiredFor).toEqual(['critical', 'high']);
    expect(result.config.sla.stalledBusinessDays).toEqual({
      critical: 1,
      high: 2,
      medium: 5,
      low: 10,
    });
  });

  it('applies the changesets preset under the user values', () => {
    const result = parseConfig({ preset: 'changesets', cve: { requestEarly: false } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.release.strategy).toBe('changesets');
    expect(result.config.cve).toEqual({ policy: 'required', requestEarly: false });
    expect(result.config.customerNotice).toBe(false);
    expect(result.config.changelog.post).toBe(false);
    expect(result.config.postmortem.requiredFor).toEqual([]);
  });

  it('replaces lists instead of appending to the preset', () => {
    const result = parseConfig({ validationCommands: ['make check'] });
    expect(result.ok && result.config.validationCommands).toEqual(['make check']);
  });

  it('returns the defaults of a preset', () => {
    expect(defaultConfig('changesets').release.strategy).toBe('changesets');
    expect(defaultConfig().timeZone).toBe('UTC');
  });

  const broken: [name: string, yaml: string, path: string, message: RegExp][] = [
    ['wrong type', 'sla:\n  ackBusinessDays: three\n', 'sla.ackBusinessDays', /expected number/i],
    ['zero duration', 'sla:\n  ackBusinessDays: 0\n', 'sla.ackBusinessDays', />=1/],
    ['negative duration', 'sla:\n  embargoDays: -5\n', 'sla.embargoDays', />=0/],
    ['impossible embargo', 'sla:\n  embargoDays: 600\n', 'sla.embargoDays', /<=365/],
    ['fractional days', 'sla:\n  disclosureLeadDays: 2.5\n', 'sla.disclosureLeadDays', /int/i],
    [
      'unknown top-level key',
      'trackign: {}\n',
      'trackign',
      /unknown key; expected one of: .*tracking/,
    ],
    [
      'unknown nested key',
      'sla:\n  ackDays: 3\n',
      'sla.ackDays',
      /unknown key; expected one of: ackBusinessDays/,
    ],
    ['invalid time zone', 'timeZone: Mars/Olympus\n', 'timeZone', /IANA time zone/],
    ['impossible holiday', 'holidays: ["2026-02-30"]\n', 'holidays[0]', /YYYY-MM-DD/],
    ['unknown strategy', 'release:\n  strategy: yolo\n', 'release.strategy', /hotfix/],
    ['branch without date', 'release:\n  branch: hotfix\n', 'release.branch', /\{date\}/],
    [
      'invalid branch name',
      'release:\n  branch: "deploy..x/{date}"\n',
      'release.branch',
      /git branch/,
    ],
    ['bad workflow file', 'release:\n  workflow: deploy\n', 'release.workflow', /workflow file/],
    [
      'bad tracking repo',
      'tracking:\n  repository: just-a-name\n',
      'tracking.repository',
      /owner\/name/,
    ],
    ['unknown preset', 'preset: enterprise\n', 'preset', /unknown preset "enterprise"/],
    [
      'unknown severity',
      'postmortem:\n  requiredFor: [severe]\n',
      'postmortem.requiredFor[0]',
      /critical/,
    ],
    [
      'overlapping postmortem rules',
      'postmortem:\n  requiredFor: [high]\n  optionalFor: [high]\n',
      'postmortem.optionalFor',
      /already in postmortem.requiredFor/,
    ],
    ['absolute path', 'changelog:\n  path: /etc/passwd\n', 'changelog.path', /relative/],
    ['path escaping the repo', 'changelog:\n  path: ../x.md\n', 'changelog.path', /\.\./],
    [
      'non-http reach url',
      'publish:\n  reachCheckUrl: ftp://example.com\n',
      'publish.reachCheckUrl',
      /http\(s\) URL/,
    ],
    ['not a mapping', '- a\n- b\n', '(root)', /mapping/],
    ['invalid YAML', 'sla: [\n', 'line 2', /invalid YAML: Flow sequence/],
    ['duplicate key', 'timeZone: UTC\ntimeZone: UTC\n', 'line 2', /YAML/],
  ];

  it.each(broken)('rejects %s with a specific message', (_name, yaml, path, message) => {
    const result = parseConfigYaml(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((p) => p.path.startsWith(path));
    expect(problem, JSON.stringify(result.problems)).toBeDefined();
    expect(problem?.message).toMatch(message);
  });
});
