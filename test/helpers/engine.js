'use strict';
/**
 * The set-up every engine test file shares: the built package loaded in n8n-core's WorkflowExecute
 * (test/harness) and, unless `emulator: false`, a Juspay Payout emulator on 127.0.0.1 with the fixtures'
 * fake key. Both start before the file's tests and stop after them; the emulator's log and faults are
 * cleared before each test.
 *
 *   const engine = useEngine({ pickDelayMs: 3_600_000 });      // emulator options
 *   engine.newOrder()                                          // { orderId, fulfillmentId } (CREATED)
 *   await engine.runJuspay({ parameters, items, onError })     // harness.runNode with the emulator credential
 *   await engine.cancel(items, { options, parameters, … })     // Fulfillment → Cancel of each item's `id`
 *   await engine.scripted((req) => ({ status, body }))         // a scripted server, stopped after the file
 *   engine.harness, engine.emulator                            // the live objects, for the rest
 */
const { createHarness } = require('../harness');
const { startScriptedServer } = require('./scripted-server');
const { startEmulator } = require('../../tools/emulator');
const {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	credentialFor,
	orderBody,
} = require('../../tools/story/fixtures');

function useEngine(emulatorOptions = {}) {
	const engine = {
		harness: undefined,
		emulator: undefined,
		newOrder,
		runJuspay,
		cancel,
		scripted,
	};
	let orderSeq = 0;
	const servers = [];

	beforeAll(async () => {
		engine.harness = await createHarness({ packageDir: REPO_DIR });
		if (emulatorOptions !== false) {
			engine.emulator = await startEmulator({
				apiKey: API_KEY,
				merchantId: MERCHANT_ID,
				...emulatorOptions,
			});
		}
	});

	afterAll(async () => {
		await Promise.all(servers.map((server) => server.close()));
		await engine.emulator?.close();
		await engine.harness?.close();
	});

	beforeEach(() => {
		engine.emulator?.clearLog();
		engine.emulator?.configure({ faults: null, rateLimit: null });
	});

	/** A new order in the emulator with one fulfillment: { orderId, fulfillmentId }. */
	function newOrder(orderOptions) {
		const orderId = `engine_order_${++orderSeq}`;
		return {
			orderId,
			fulfillmentId: engine.emulator.createOrder(orderBody(orderId, orderOptions)).fulfillments[0]
				.id,
		};
	}

	/** A server that answers each request as `respond` says (test/helpers/scripted-server.js). */
	async function scripted(respond) {
		const server = await startScriptedServer(respond);
		servers.push(server);
		return server;
	}

	/** Runs the Juspay Payout node on `items`, its credential pointing at `baseUrl` (the emulator by default). */
	function runJuspay({
		parameters,
		items = [{ json: {} }],
		onError = 'continueErrorOutput',
		baseUrl,
		credentials,
		...rest
	}) {
		return engine.harness.runNode({
			nodeType: 'juspayPayout',
			parameters,
			items,
			onError,
			credentials: credentials ?? {
				juspayPayoutApi: credentialFor(baseUrl ?? engine.emulator.url),
			},
			...rest,
		});
	}

	/** Fulfillment → Cancel of every item's `id` (items are plain json objects). */
	function cancel(items, { options = {}, parameters = {}, ...rest } = {}) {
		return runJuspay({
			parameters: {
				resource: 'fulfillment',
				operation: 'cancel',
				fulfillmentId: '={{ $json.id }}',
				options,
				...parameters,
			},
			items: items.map((json) => ({ json })),
			...rest,
		});
	}

	return engine;
}

module.exports = { useEngine };
