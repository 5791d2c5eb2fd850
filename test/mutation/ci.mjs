/**
 * The mutation step of .ci/run. test/mutation/incremental.json is the report of the last Stryker run,
 * kept in git with the source of every mutated file and every test file it ran. When this checkout's
 * sources and tests are exactly those, the kept report IS the result for this code, and its score is
 * checked (check-score.mjs --report: below 90% CI fails) with no Stryker run, in about a second.
 *
 * When they differ, CI fails and says what differs. A Stryker run does not fit in CI: its dry run alone
 * (every in-process test, instrumented) takes about 3 minutes on a 2-core machine, a change's mutants
 * minutes to an hour, and the rest of .ci/run about 19 of its 30. The change's author runs
 * `npm run test:mutation:changed` (changed.mjs: only the mutants the change can have altered, then the
 * score) and commits the updated incremental.json with the change.
 */
import { spawnSync } from 'node:child_process';

import { KEPT, ROOT, differenceFromKept } from './kept-report.mjs';

const difference = differenceFromKept();
if (difference !== null) {
	console.error(
		`mutation: test/mutation/incremental.json does not describe this code (${difference}).\n` +
			'Run `npm run test:mutation:changed` (Stryker on the mutants this change can have altered, then the score) and commit test/mutation/incremental.json and tested-sources.json with the change.',
	);
	process.exit(1);
}
console.log('mutation: sources and tests are those of test/mutation/incremental.json; checking its score');
process.exit(spawnSync('node', ['test/mutation/check-score.mjs', '--report', KEPT], { cwd: ROOT, stdio: 'inherit' }).status ?? 1);
