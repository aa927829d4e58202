export { AdvisoryPilotConfig, type AdvisoryPilotConfigInput } from './schema.js';
export {
  parseConfig,
  parseConfigYaml,
  defaultConfig,
  type ConfigProblem,
  type ConfigResult,
} from './parse-config.js';
export { loadConfig, CONFIG_FILE, type ConfigSource } from './load-config.js';
export { PRESETS, type PresetName } from './presets.js';
