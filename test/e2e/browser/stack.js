'use strict';
/**
 * What `npm run dev` (scripts/dev.js) starts, as functions, for the browser test and the screenshots:
 * the Juspay Payout emulator with a few orders, real n8n (2.8.4 by default) in a temporary user folder with
 * this package staged as a community package, an owner account, the credential "Juspay Payout (emulator)"
 * pointing at the emulator, and the "cancel, then notify" example imported with live fulfillment ids.
 *
 *   const stack = await startEditorStack();
 *   // stack.baseUrl, stack.owner, stack.workflowUrl, stack.list, stack.emulator, stack.n8n
 *   await stack.stop(); // idempotent; stack.stopSync() for a process.on('exit') handler
 *
 * scripts/dev.js runs its own main() when required, so this file repeats its set-up (same order mix,
 * same credential) instead of importing it.
 */
const path = require('node:path');

const { createN8nInstance, isInstalled, installDir, DEFAULT_VERSION } = require('../n8n-runner');
const { loadExample, CANCEL_THEN_NOTIFY, EXAMPLE_CREDENTIAL } = require('../examples');
const { startEmulator } = require('../../emulator');
const { orderBody, REPO_DIR } = require('../../helpers/fixtures');

/** A local, fake account for an editor on loopback; it protects nothing. */
const OWNER = Object.freeze({
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-local-Passw0rd',
});
const API_KEY = 'dev_key_fake_1d2e3v'; // the emulator's own fake key
const MERCHANT_ID = 'dev_merchant';
const WORKFLOW_ID = 'JuspayCancelNotfy';
/** Listed payouts stay cancellable long enough to click around. */
const TIMINGS = Object.freeze({
	pickDelayMs: 30 * 60 * 1000,
	gatewayDelayMs: 1000,
	cancelDelayMs: 300,
});

/**
 * The example's list, as dev.js builds it: two payouts still cancellable (-> cancelled), one already paid out
 * (-> went ahead), one stuck in manual review (-> still pending when Max Wait runs out) and one unknown
 * fulfillment (-> error output, "could not cancel"). `expected` names the branch each one should reach.
 */
async function createOrders(emulator) {
	let seq = 0;
	const stamp = new Date().toISOString().slice(11, 19).replace(/:/g, '');
	const create = (customerId, amount = 1) => {
		const orderId = `refund_${stamp}_${++seq}`;
		const order = emulator.createOrder(orderBody(orderId, { amount, customerId }));
		return { fulfillmentId: order.fulfillments[0].id, orderId, customerId };
	};
	emulator.configure({ pickDelayMs: 0 }); // picked for a transfer at once, before anyone can cancel
	let paid;
	let inReview;
	try {
		paid = create('cust_meera', 1);
		inReview = create('cust_kiran', 21); // the dummy gateways keep 21-22 in MANUAL_REVIEW
	} finally {
		emulator.configure({ pickDelayMs: TIMINGS.pickDelayMs });
	}
	// wait until the bank has answered both, so the run sees their final states
	const deadline = Date.now() + 15000;
	const statusOf = (o) => emulator.getOrder(o.orderId).fulfillments[0].status;
	while (statusOf(paid) !== 'SUCCESS' || statusOf(inReview) !== 'MANUAL_REVIEW') {
		if (Date.now() > deadline)
			throw new Error(`emulator: orders never reached SUCCESS / MANUAL_REVIEW`);
		await new Promise((r) => setTimeout(r, 50));
	}
	return [
		{ ...create('cust_asha'), email: 'asha@example.com', expected: 'cancelled' },
		{ ...create('cust_ravi', 2), email: 'ravi@example.com', expected: 'cancelled' },
		{ ...paid, email: 'meera@example.com', expected: 'not_cancelled' },
		{ ...inReview, email: 'kiran@example.com', expected: 'undetermined' },
		{
			fulfillmentId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9-f1',
			orderId: 'refund_from_production_77',
			customerId: 'cust_lena',
			email: 'lena@example.com',
			expected: 'error',
		},
	];
}

/** Why the stack cannot start here, or '' when it can (n8n installed and the package built). */
function missingPrerequisite(version = DEFAULT_VERSION) {
	if (!isInstalled(version))
		return `real n8n ${version} is not installed in ${installDir(version)}: run scripts/install-n8n.sh ${version} (npm test does)`;
	const pkg = require(path.join(REPO_DIR, 'package.json'));
	const fs = require('node:fs');
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter(
		(f) => !fs.existsSync(path.join(REPO_DIR, f)),
	);
	if (missing.length)
		return `the package is not built (${missing.join(', ')} missing): run npm run build`;
	return '';
}

/**
 * Start everything. Options: { version, maxWaitSeconds (Max Wait of the example's Cancel; the example's
 * own 10 s when not given), emulatorPort (0: a free one), log (function for progress lines) }.
 */
async function startEditorStack({
	version = DEFAULT_VERSION,
	maxWaitSeconds,
	emulatorPort = 0,
	log = () => {},
} = {}) {
	const cleanups = [];
	let n8n;
	let stopping = null;
	const stop = () => {
		if (!stopping) {
			stopping = (async () => {
				while (cleanups.length) {
					try {
						await cleanups.pop()();
					} catch (e) {
						log(`cleanup: ${e.message}`);
					}
				}
			})();
		}
		return stopping;
	};
	const stopSync = () => {
		if (n8n && !n8n.disposed) n8n.disposeSync();
	};
	try {
		const emulator = await startEmulator({
			port: emulatorPort,
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			...TIMINGS,
		});
		cleanups.push(() => emulator.close());
		const list = await createOrders(emulator);
		log(`emulator on ${emulator.url} with ${list.length} fulfillments for the example`);

		n8n = await createN8nInstance({ version, communityPackages: [REPO_DIR], owner: OWNER });
		const instance = n8n;
		cleanups.push(() => instance.dispose());
		log(`package staged in ${n8n.userFolder}`);
		await n8n.importCredentials([
			{
				...EXAMPLE_CREDENTIAL,
				type: 'juspayPayoutApi',
				data: {
					apiKey: API_KEY,
					merchantId: MERCHANT_ID,
					environment: 'custom',
					baseUrl: emulator.url,
				},
			},
		]);
		const workflow = loadExample(CANCEL_THEN_NOTIFY.file, {
			list: list.map(({ expected, ...item }) => item), // eslint-disable-line no-unused-vars
			...(maxWaitSeconds === undefined ? {} : { maxWaitSeconds }),
		});
		workflow.id = WORKFLOW_ID;
		await n8n.importWorkflows([workflow], { via: 'cli' });
		const server = await n8n.startServer();
		log(
			`n8n ${version} editor on ${server.baseUrl} (started in ${(server.startMs / 1000).toFixed(1)} s)`,
		);
		return {
			n8n,
			emulator,
			list,
			owner: OWNER,
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			baseUrl: server.baseUrl,
			startMs: server.startMs,
			workflowId: WORKFLOW_ID,
			workflowName: workflow.name,
			workflowUrl: `${server.baseUrl}/workflow/${WORKFLOW_ID}`,
			stop,
			stopSync,
		};
	} catch (e) {
		await stop();
		throw e;
	}
}

module.exports = {
	startEditorStack,
	missingPrerequisite,
	OWNER,
	API_KEY,
	MERCHANT_ID,
	WORKFLOW_ID,
};
