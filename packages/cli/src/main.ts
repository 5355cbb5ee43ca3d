#!/usr/bin/env node
import { checks } from './checks.ts';
import { gate } from './gate.ts';
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), [...checks, gate]);
