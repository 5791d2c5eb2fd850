#!/usr/bin/env node
'use strict';
/**
 * The one-command demo (`npm run demo`, after `npm run build` and `npm run n8n:install`):
 *
 *  1. starts the Juspay Payout emulator in this process on 127.0.0.1 (a free port) with short timings:
 *     a new payout is picked for a transfer 4 s after it is created, the dummy bank answers 1 s later;
 *  2. creates orders telling a story (scripts/demo/story.js): two payouts still waiting (a quick cancel
 *     wins), one already paid out, one held in manual review at the bank, plus two IDs that cannot be
 *     cancelled;
 *  3. runs examples/cancel-then-notify.json in real n8n (the default of tools/n8n/versions.js; one
 *     `n8n start` on loopback, the package installed as a community package, a credential pointing at the
 *     emulator);
 *  4. prints one row per fulfillment (branch, outcome or error, the notification the workflow built) and a
 *     summary line (scripts/demo/report.js);
 *  5. the same story from Juspay's webhooks (scripts/demo/webhooks.js): examples/notify-on-payout-status.json
 *     is active from before the first order, the emulator sends every event to its Juspay Payout Trigger, and
 *     a second table shows the notification each reported outcome started, and that a repeated delivery
 *     starts nothing; then it stops everything it started, also on Ctrl-C and on errors.
 *
 * Exit code: 0 when the workflow ran, 1 when it (or the demo) failed, 130/143 when interrupted.
 * test/e2e/demo.test.js runs this script and checks its table, so the demo cannot rot.
 */
const path = require('node:path');

const { startProgram, seconds } = require('../tools/lifecycle');
const { createN8nInstance, DEFAULT_VERSION } = require('../tools/n8n');
const { startEmulator } = require('../tools/emulator');
const {
	loadExample,
	CANCEL_THEN_NOTIFY: E,
	EXAMPLE_CREDENTIAL,
} = require('../tools/story/examples');
const { TIMINGS, API_KEY, MERCHANT_ID, createDemoStory } = require('./demo/story');
const { collectRows, printReport } = require('./demo/report');
const { startWebhookAct, reportWebhookAct } = require('./demo/webhooks');

const REPO_DIR = path.resolve(__dirname, '..');
const program = startProgram('demo', { stopping: 'stopping everything the demo started…' });
const { step } = program;
let n8n;

program.run(
	async () => {
		const pkg = await program.preflight('demo');
		step(
			`Juspay Payout demo: ${pkg.name}@${pkg.version} in real n8n ${DEFAULT_VERSION} against a local emulator`,
		);

		const emulator = await startEmulator({ apiKey: API_KEY, merchantId: MERCHANT_ID, ...TIMINGS });
		program.defer(() => emulator.close());
		step(
			`emulator listening on ${emulator.url} (payouts picked ${seconds(TIMINGS.pickDelayMs)} after creation, bank answers ${seconds(TIMINGS.gatewayDelayMs)} later)`,
		);
		const story = createDemoStory(emulator, step);

		n8n = await createN8nInstance({
			communityPackages: [REPO_DIR],
			// Ctrl-C mid-run: n8n waits this long (default 30 s) for the running execution before it exits
			env: { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '2' },
		});
		const instance = n8n;
		program.defer(
			() => instance.dispose(),
			() => instance.disposeSync(),
		);
		step(
			`${pkg.name} staged as a community package in ${path.join(n8n.userFolder, '.n8n', 'nodes')} (temporary)`,
		);
		const server = await n8n.startServer();
		step(`n8n ${DEFAULT_VERSION} started on ${server.baseUrl} in ${seconds(server.startMs)}`);
		// Through the REST API, as the editor's "Create credential" does (quicker than a cold CLI import).
		const credential = await n8n.rest('POST', '/rest/credentials', {
			name: EXAMPLE_CREDENTIAL.name,
			type: 'juspayPayoutApi',
			data: {
				apiKey: API_KEY,
				merchantId: MERCHANT_ID,
				environment: 'custom',
				baseUrl: emulator.url,
			},
		});
		step(`credential "${credential.name}" points at the emulator`);
		// Listening before the first order, so that every event of the story reaches the trigger.
		const webhookAct = await startWebhookAct(n8n, emulator, step);
		await story.payoutsUnderWay();

		const list = story.afterN8n();
		const workflow = loadExample(E.file, {
			list,
			credential: { id: credential.id, name: credential.name },
		});
		const maxWait = workflow.nodes.find((n) => n.name === E.cancel).parameters.maxWaitSeconds;
		step(
			`running "${workflow.name}" (examples/${E.file}) on ${list.length} fulfillments, Wait for Outcome up to ${maxWait} s…`,
		);
		const run = await n8n.executeWorkflow(workflow, { via: 'server' });
		const workflowMs = Date.parse(run.execution?.stoppedAt) - Date.parse(run.execution?.startedAt);
		step(
			`execution ${run.executionId} ${run.status} in ${Number.isFinite(workflowMs) ? seconds(workflowMs) : '?'}`,
		);
		if (!run.ok) {
			const err = run.error || {};
			throw new Error(
				`the workflow failed: ${err.message || run.status}${err.description ? `\n${err.description}` : ''}`,
			);
		}

		const rows = collectRows(run, story.stories);
		printReport(rows, workflowMs, TIMINGS);
		const missing = rows.filter((r) => r.branch === '?');
		if (missing.length) throw new Error(`${missing.length} fulfillment(s) came out of no branch`);

		// Juspay reports an outcome for the two cancelled, the paid and the reviewed payout
		await reportWebhookAct(n8n, emulator, webhookAct, story.stories, { expected: 4, step });

		step('stopping n8n and the emulator, removing the temporary n8n folder…');
		await program.stop();
		step(
			`done in ${seconds(Date.now() - program.t0)}. To click through the same workflow in the n8n editor: npm run dev`,
		);
	},
	{
		onFailure: async () => {
			if (n8n && n8n.server) {
				const logs = n8n.serverLogs().split('\n').slice(-30).join('\n').trim();
				if (logs) console.error(`[demo] last lines of the n8n log:\n${logs}`);
			}
			step('stopping everything the demo started…');
		},
	},
);
