#!/usr/bin/env node
import { checkLoaders } from './check-loaders.ts';
import { runCli } from './run-cli.ts';

// A check named on the command line: only its definition loads. Anything else (the gate, --help,
// a typo) needs the whole list.
const only = Object.hasOwn(checkLoaders, process.argv[2] ?? '') ? await checkLoaders[process.argv[2]]() : undefined;
const known = only ? [only] : await import('./all-checks.ts').then((m) => m.allChecks);
process.exitCode = await runCli(process.argv.slice(2), known);
