#!/usr/bin/env node
import { checkLoaders, registryDeploy, runCli } from './cli-hub.ts';

// A check named on the command line: only its definition loads. Anything else (the gate, --help,
// a typo) needs the whole list. registry-deploy's is already here (cli-hub.ts says why).
const only =
  process.argv[2] === registryDeploy.name ? registryDeploy : Object.hasOwn(checkLoaders, process.argv[2] ?? '') ? await checkLoaders[process.argv[2]]() : undefined;
const known = only ? [only] : await import('./all-checks.ts').then((m) => m.allChecks);
process.exitCode = await runCli(process.argv.slice(2), known);
