#!/usr/bin/env node
'use strict';
/**
 * The one-command demo (`npm run demo`, after `npm run build` and `npm run n8n:install`):
 *
 *  1. starts the Juspay Payout emulator in this process on 127.0.0.1 (a free port) with short timings:
 *     a new payout is picked for a transfer 4 s after it is created, the dummy bank answers 1 s later;
 *  2. creates orders telling a story: two payouts still waiting (a quick cancel wins), one already paid
 *     out, one held in manual review at the bank, plus two IDs that cannot be cancelled;
 *  3. runs examples/cancel-then-notify.json in real n8n 2.8.4 (one `n8n start` on loopback, the package
 *     installed as a community package, a credential pointing at the emulator);
 *  4. prints one row per fulfillment (branch, outcome or error, the notification the workflow built) and a
 *     summary line, then stops everything it started, also on Ctrl-C and on errors.
 *
 * Exit code: 0 when the workflow ran, 1 when it (or the demo) failed, 130/143 when interrupted.
 * test/e2e/demo.test.js runs this script and checks its table, so the demo cannot rot.
 */
const path = require('node:path');

const REPO_DIR = path.resolve(__dirname, '..');
const {
	createN8nInstance,
	isInstalled,
	installDir,
	nodeOutput,
	nodeOutputJson,
	DEFAULT_VERSION,
} = require('../tools/n8n');
const { loadExample, CANCEL_THEN_NOTIFY, EXAMPLE_CREDENTIAL } = require('../tools/story/examples');
const { startEmulator } = require('../tools/emulator');
const { orderBody } = require('../tools/story/fixtures');
const { waitForBuiltPackage } = require('../tools/story/editor-story');

const N8N_VERSION = DEFAULT_VERSION;
/** Short, visible timings: a cancel sent within 4 s of an order's creation wins; the bank answers in 1 s. */
const TIMINGS = Object.freeze({ pickDelayMs: 4000, gatewayDelayMs: 1000, cancelDelayMs: 300 });
const API_KEY = 'demo_key_fake_0d3m0'; // the emulator's own fake key, nothing real
const MERCHANT_ID = 'demo_merchant';

/**
 * The story, one fulfillment each. `setup`: 'waiting' (created just before the run, still cancellable),
 * 'picked' (created first and picked for a transfer at once), 'typo' (a real order, a fulfillment ID that
 * is not in it), 'unknown' (an order and fulfillment Juspay has never seen). `expect` is what the table
 * should show; a different result is reported, not hidden.
 */
const STORIES = [
	{
		customerId: 'cust_asha',
		email: 'asha@example.com',
		story: 'refund not paid out yet',
		setup: 'waiting',
		amount: 1,
		expect: { branch: 'main', result: 'cancelled' },
	},
	{
		customerId: 'cust_ravi',
		email: 'ravi@example.com',
		story: 'refund not paid out yet',
		setup: 'waiting',
		amount: 2,
		expect: { branch: 'main', result: 'cancelled' },
	},
	{
		customerId: 'cust_meera',
		email: 'meera@example.com',
		story: 'already paid out',
		setup: 'picked',
		amount: 1,
		expect: { branch: 'main', result: 'not_cancelled SUCCESS' },
	},
	{
		customerId: 'cust_kiran',
		email: 'kiran@example.com',
		story: 'held in manual review at the bank',
		setup: 'picked',
		amount: 21, // the dummy gateways keep 21-22 in MANUAL_REVIEW: never final
		expect: { branch: 'main', result: 'undetermined' },
	},
	{
		customerId: 'cust_dev',
		email: 'dev@example.com',
		story: 'fulfillment ID with a typo',
		setup: 'typo',
		amount: 1,
		expect: { branch: 'error', result: 'not_in_order' },
	},
	{
		customerId: 'cust_lena',
		email: 'lena@example.com',
		story: 'ID from another environment',
		setup: 'unknown',
		amount: 1,
		expect: { branch: 'error', result: 'E09' },
	},
];

// ----------------------------------------------------------------------------------------------- output

const t0 = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
function step(text) {
	console.log(`[demo ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);
}

/** 32 hex characters + "-f1" -> "3f9a1c…-f1": enough to tell the rows apart. */
function shortId(id) {
	const m = /^(.{6}).{4,}(-f\d+)$/.exec(String(id));
	return m ? `${m[1]}…${m[2]}` : String(id);
}

function shortenIds(text, ids) {
	let out = String(text);
	for (const id of ids) if (id && id.length > 12) out = out.split(id).join(shortId(id));
	return out;
}

function table(header, rows) {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) =>
		cells
			.map((c, i) => (i === cells.length - 1 ? String(c) : String(c).padEnd(widths[i])))
			.join('  ')
			.trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

// ----------------------------------------------------------------------------------------------- cleanup

const cleanups = []; // async functions, run last-in first-out
let n8n; // for the synchronous last resort on exit
let stopping = null;

function stopAll() {
	if (!stopping) {
		stopping = (async () => {
			while (cleanups.length) {
				const fn = cleanups.pop();
				try {
					await fn();
				} catch (e) {
					console.error(`[demo] cleanup: ${e.message}`);
				}
			}
		})();
	}
	return stopping;
}

function onSignal(signal) {
	if (stopping) {
		// a second Ctrl-C: do not wait for n8n to shut down gracefully
		if (n8n) n8n.disposeSync();
		process.exit(signal === 'SIGINT' ? 130 : 143);
	}
	console.log(`\n[demo] ${signal}: stopping everything the demo started…`);
	const since = Date.now();
	stopAll().then(() => {
		console.log(`[demo] stopped in ${seconds(Date.now() - since)}`);
		process.exit(signal === 'SIGINT' ? 130 : 143);
	});
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
// Last resort (e.g. process.exit from elsewhere): nothing async runs here, so kill n8n's process groups.
process.on('exit', () => {
	if (n8n && !n8n.disposed) n8n.disposeSync();
});

// ----------------------------------------------------------------------------------------------- the demo

async function waitUntil(check, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

async function preflight() {
	if (!isInstalled(N8N_VERSION)) {
		throw new Error(
			`real n8n ${N8N_VERSION} is not installed in ${installDir(N8N_VERSION)}: run \`npm run demo\` (it installs it) or \`npm run n8n:install\``,
		);
	}
	return await waitForBuiltPackage();
}

async function main() {
	const pkg = await preflight();
	step(
		`Juspay Payout demo: ${pkg.name}@${pkg.version} in real n8n ${N8N_VERSION} against a local emulator`,
	);

	const emulator = await startEmulator({ apiKey: API_KEY, merchantId: MERCHANT_ID, ...TIMINGS });
	cleanups.push(() => emulator.close());
	step(
		`emulator listening on ${emulator.url} (payouts picked ${seconds(TIMINGS.pickDelayMs)} after creation, bank answers ${seconds(TIMINGS.gatewayDelayMs)} later)`,
	);

	// The payouts that are already under way: picked for a transfer at once, long before anyone cancels.
	let orderSeq = 1000;
	const newOrder = (s) => {
		const orderId = `refund_${++orderSeq}`;
		const order = emulator.createOrder(
			orderBody(orderId, { amount: s.amount, customerId: s.customerId }),
		);
		s.orderId = orderId;
		s.fulfillmentId = order.fulfillments[0].id;
	};
	emulator.configure({ pickDelayMs: 0 });
	try {
		for (const s of STORIES.filter((x) => x.setup === 'picked')) newOrder(s);
		await waitUntil(
			() =>
				STORIES.filter((x) => x.setup === 'picked').every(
					(s) => emulator.getOrder(s.orderId).fulfillments[0].status !== 'CREATED',
				),
			5000,
			'the early payouts to be picked',
		);
	} finally {
		emulator.configure({ pickDelayMs: TIMINGS.pickDelayMs });
	}
	for (const s of STORIES.filter((x) => x.setup === 'picked'))
		step(`order ${s.orderId} (${s.customerId}, ₹${s.amount}): ${s.story}, payout under way`);

	n8n = await createN8nInstance({
		version: N8N_VERSION,
		communityPackages: [REPO_DIR],
		// Ctrl-C mid-run: n8n waits this long (default 30 s) for the running execution before it exits
		env: { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '2' },
	});
	const instance = n8n;
	cleanups.push(() => instance.dispose());
	step(
		`${pkg.name} staged as a community package in ${path.join(n8n.userFolder, '.n8n', 'nodes')} (temporary)`,
	);
	const server = await n8n.startServer();
	step(`n8n ${N8N_VERSION} started on ${server.baseUrl} in ${seconds(server.startMs)}`);
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

	// The payouts still waiting: created now, so the workflow's cancel comes before their pick.
	for (const s of STORIES.filter((x) => x.setup === 'waiting')) {
		newOrder(s);
		step(`order ${s.orderId} (${s.customerId}, ₹${s.amount}): ${s.story}`);
	}
	const typoTarget = STORIES.find((x) => x.setup === 'waiting');
	for (const s of STORIES.filter((x) => x.setup === 'typo')) {
		s.orderId = typoTarget.orderId;
		s.fulfillmentId = typoTarget.fulfillmentId.replace(/^(.{5})./, (_, a) => `${a}0`);
		if (s.fulfillmentId === typoTarget.fulfillmentId)
			s.fulfillmentId = typoTarget.fulfillmentId.replace(/^(.{5})./, (_, a) => `${a}1`);
	}
	for (const s of STORIES.filter((x) => x.setup === 'unknown')) {
		s.orderId = 'refund_from_production_77';
		s.fulfillmentId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9-f1';
	}

	const list = STORIES.map((s) => ({
		fulfillmentId: s.fulfillmentId,
		orderId: s.orderId,
		customerId: s.customerId,
		email: s.email,
	}));
	const E = CANCEL_THEN_NOTIFY;
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

	const rows = collect(run, list);
	report(rows, workflowMs);
	const missing = rows.filter((r) => r.branch === '?');
	if (missing.length) throw new Error(`${missing.length} fulfillment(s) came out of no branch`);
	return rows;
}

/** One row per list item: which output of the cancel node it left by, its outcome or error, its message. */
function collect(run, list) {
	const E = CANCEL_THEN_NOTIFY;
	const main = nodeOutput(run, E.cancel, 0);
	const errors = nodeOutput(run, E.cancel, 1);
	const notifications = [
		[E.notifyCancelled, 'cancelled'],
		[E.notifyWentAhead, 'went ahead'],
		[E.notifyPending, 'still pending'],
		[E.notifyFailed, 'could not cancel'],
	].flatMap(([node, label]) =>
		nodeOutputJson(run, node, 0).map((json) => ({ ...json, node: label })),
	);
	return list.map((item, i) => {
		const s = STORIES[i];
		const onMain = main.find((x) => x.pairedItem && x.pairedItem.item === i);
		const onError = errors.find((x) => x.pairedItem && x.pairedItem.item === i);
		let branch = '?';
		let result = '-';
		let detail = '';
		if (onMain) {
			branch = 'main';
			const j = onMain.json;
			result = j.outcome === 'not_cancelled' ? `not_cancelled ${j.fulfillmentStatus}` : j.outcome;
			detail = `${j.fulfillmentStatus ?? '-'} after ${j.waitedSeconds} s`;
		} else if (onError) {
			branch = 'error';
			const e = onError.json.error || {};
			result = e.errorCode || e.reason || 'error';
			detail = e.httpCode ? `HTTP ${e.httpCode}` : 'nothing sent';
		}
		const note = notifications.find(
			(n) => n.fulfillmentId === item.fulfillmentId && n.to === item.email,
		);
		return {
			n: i + 1,
			fulfillment: shortId(item.fulfillmentId),
			customer: item.customerId,
			story: s.story,
			branch,
			result,
			detail,
			notifyNode: note ? note.node : '-',
			to: note ? note.to : item.email,
			text: note ? shortenIds(note.text, [item.fulfillmentId]) : '(no notification built)',
			expected: s.expect,
		};
	});
}

function report(rows, workflowMs) {
	console.log('');
	const lines = table(
		['#', 'fulfillment', 'customer', 'story', 'branch', 'outcome / error', 'seen'],
		rows.map((r) => [r.n, r.fulfillment, r.customer, r.story, r.branch, r.result, r.detail]),
	);
	console.log(lines.slice(0, 2).join('\n'));
	rows.forEach((r, i) => {
		console.log(lines[i + 2]);
		console.log(
			`${' '.repeat(String(rows.length).length + 2)}✉ ${r.notifyNode} → ${r.to}: ${r.text}`,
		);
	});
	console.log('');
	const mismatches = rows.filter(
		(r) => r.branch !== r.expected.branch || r.result !== r.expected.result,
	);
	for (const r of mismatches) {
		console.log(
			`note: row ${r.n} (${r.story}) was expected on ${r.expected.branch} as ${r.expected.result}, got ${r.branch} ${r.result} (a slow machine? the emulator picks a payout ${seconds(TIMINGS.pickDelayMs)} after creation)`,
		);
	}
	const count = (f) => rows.filter(f).length;
	const main = rows.filter((r) => r.branch === 'main');
	const wentAhead = main.filter((r) => r.result.startsWith('not_cancelled'));
	const failed = rows.filter((r) => r.branch === 'error');
	console.log(
		`Summary: ${rows.length} fulfillments, workflow ran ${Number.isFinite(workflowMs) ? seconds(workflowMs) : '?'}: ` +
			`${count((r) => r.result === 'cancelled')} cancelled, ` +
			`${wentAhead.length} went ahead${wentAhead.length ? ` (${wentAhead.map((r) => r.result.split(' ')[1]).join(', ')})` : ''}, ` +
			`${count((r) => r.result === 'undetermined')} undetermined, ` +
			`${failed.length} could not be cancelled${failed.length ? ` (${failed.map((r) => r.result).join(', ')})` : ''}; ` +
			`${mismatches.length ? `${mismatches.length} not as the story expected` : 'every row as the story expected'}.`,
	);
}

main()
	.then(async () => {
		step('stopping n8n and the emulator, removing the temporary n8n folder…');
		await stopAll();
		step(
			`done in ${seconds(Date.now() - t0)}. To click through the same workflow in the n8n editor: npm run dev`,
		);
		process.exitCode = 0;
	})
	.catch(async (err) => {
		console.error(`\n[demo] FAILED: ${err && err.message ? err.message : err}`);
		if (n8n && n8n.server) {
			const logs = n8n.serverLogs().split('\n').slice(-30).join('\n').trim();
			if (logs) console.error(`[demo] last lines of the n8n log:\n${logs}`);
		}
		step('stopping everything the demo started…');
		await stopAll();
		process.exitCode = 1;
	});
