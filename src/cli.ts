#!/usr/bin/env node
import { main } from './cli/main.js';
import { readVersion } from './version.js';

const code = await main(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    stdin: process.stdin,
  },
  readVersion(),
);
process.exitCode = code;
