/**
 * The mutation step of .ci/run. test/mutation/incremental.json is the report of the last Stryker run,
 * kept in git with the source of every mutated file and every test file it ran. When the sources and
 * tests of this checkout are exactly those, the kept report IS the result for this code: its score is
 * checked (check-score.mjs --report) with no Stryker run. Otherwise Stryker runs in incremental mode
 * (npm run test:mutation:changed): only mutants in changed code, or covered by changed tests, run again;
 * the rest keep their kept result. Either way the verdict is check-score's: below 90% CI fails.
 */
import { spawnSync } from 'node:child_process';

import { KEPT, ROOT, differenceFromKept } from './kept-report.mjs';

const run = (command, args) => spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;

const difference = differenceFromKept();
if (difference === null) {
	console.log('mutation: sources and tests are those of test/mutation/incremental.json; checking its score');
	process.exit(run('node', ['test/mutation/check-score.mjs', '--report', KEPT]));
}
console.log(`mutation: ${difference}; Stryker runs the changed mutants (incremental)`);
process.exit(run('npm', ['run', 'test:mutation:changed']));
