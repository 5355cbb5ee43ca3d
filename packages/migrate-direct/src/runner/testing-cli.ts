/**
 * `preflight migrate-direct` as a real process for tests that kill the runner mid-migration
 * (npx tsx packages/migrate-direct/src/runner/testing-cli.ts --migrations ... --json).
 */
import { runCli } from '@preflight/cli';
import { migrateDirect } from '../definition.ts';

process.exitCode = await runCli(['migrate-direct', ...process.argv.slice(2)], [migrateDirect]);
