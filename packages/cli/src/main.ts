#!/usr/bin/env node
import { checks } from './checks.ts';
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), checks);
