/**
 * A full mutation run in steps, for a machine or a session that cannot give it hours in one go.
 * Each step is an incremental Stryker run over a growing set of files (`--mutate`), reading and
 * rewriting test/mutation/incremental.json: when a step ends, its results are kept, and the next step
 * (or a later `node test/mutation/steps.mjs`) starts from them. The last step mutates every file, so
 * its report is that of a full run. Steps whose files are all in the kept report with the same
 * source are quick: only mutants in changed code, or covered by changed tests, run again.
 *
 *   node test/mutation/steps.mjs            # every step, from the first one not yet done
 *   node test/mutation/steps.mjs --from 3   # from step 3
 *   node test/mutation/steps.mjs --from 3 --concurrency 4   # other arguments go to each Stryker run
 *
 * Stryker reuses a surviving mutant's result while no new test covers it. A "static" mutant (one
 * executed while the package loads: a module constant, a description) has no per-test coverage, so
 * new tests never count as covering it and its old "Survived" would be kept for ever. Before each
 * step, when a test file is new, gone or different from those the kept report was made with
 * (kept-report.mjs, as ci.mjs checks), those results are dropped, so the step tests those mutants
 * again against the current tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

import { KEPT, ROOT, dropStaticSurvivors, mutatedSources, recordTested, testsDifference } from './kept-report.mjs';

const P = 'nodes/JuspayPayout';

/** Cheapest and most self-contained first; the transport's core, covered by every engine test, last. */
const STEPS = [
	[`${P}/actions/router.ts`, `${P}/transport/retry.ts`, `${P}/actions/account/**/*.ts`, 'credentials/JuspayPayoutApi.credentials.ts', `${P}/helpers/**/*.ts`, `${P}/actions/fulfillment/**/*.ts`, `${P}/transport/failures.ts`],
	[`${P}/transport/pause.ts`, `${P}/transport/baseUrl.ts`, `${P}/transport/endpoints.ts`],
	[`${P}/actions/**/*.ts`, `${P}/JuspayPayout.node.ts`],
	['nodes/JuspayPayoutTrigger/**/*.ts', 'credentials/JuspayPayoutWebhookApi.credentials.ts'],
	[`${P}/transport/requestSlots.ts`, `${P}/transport/index.ts`],
	['nodes/**/*.ts', 'credentials/**/*.ts', '!**/*.d.ts'],
];

/** Every static survivor is tested again in the step: its files are mutated whole. */
function dropStaticSurvivorsIfTestsChanged() {
	if (!fs.existsSync(KEPT)) return;
	const kept = JSON.parse(fs.readFileSync(KEPT, 'utf8'));
	const changed = testsDifference(kept);
	if (changed === null) return;
	const dropped = dropStaticSurvivors(kept);
	fs.writeFileSync(KEPT, JSON.stringify(kept));
	console.log(`mutation steps: ${changed}; ${dropped} static survivors will be tested again`);
}

const args = process.argv.slice(2);
const fromArg = args.indexOf('--from');
const from = fromArg >= 0 ? Number(args[fromArg + 1]) : 1;
const strykerArgs = fromArg >= 0 ? [...args.slice(0, fromArg), ...args.slice(fromArg + 2)] : args;
let mutate = [];
for (const [index, files] of STEPS.entries()) {
	mutate = index === STEPS.length - 1 ? files : [...mutate, ...files];
	if (index + 1 < from) continue;
	dropStaticSurvivorsIfTestsChanged();
	const started = Date.now();
	console.log(`mutation steps: step ${index + 1} of ${STEPS.length}`);
	const status =
		spawnSync('npx', ['stryker', 'run', 'test/mutation/stryker.config.mjs', '--mutate', mutate.join(','), ...strykerArgs], {
			cwd: ROOT,
			stdio: 'inherit',
		}).status ?? 1;
	console.log(`mutation steps: step ${index + 1} ended (${status}) after ${Math.round((Date.now() - started) / 60000)} min`);
	if (status !== 0) process.exit(status);
}
// The last step mutated every file whole.
recordTested(mutatedSources());
process.exit(spawnSync('node', ['test/mutation/check-score.mjs'], { cwd: ROOT, stdio: 'inherit' }).status ?? 1);
