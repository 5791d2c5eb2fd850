'use strict';
/**
 * The package inside real n8n, end to end, in each version of TARGETS (2.8.4 on Node 20, and the newest n8n
 * that installs here, on Node 24): one `n8n start` per version, the built package
 * installed as a community package (npm pack tarball in <user folder>/.n8n/nodes/node_modules, see
 * tools/n8n/staging.js), the Juspay Payout emulator on 127.0.0.1 with a fake key, credentials pointing at it, and
 * workflows run through the REST API as the editor's "Execute workflow" does.
 *
 * Needs `npm run build`, `scripts/install-n8n.sh 2.8.4` and `scripts/install-n8n.sh 2.41.1 --node 24` (all
 * done by `npm test`). Each version is skipped with a message when it is not installed, failed instead when CI
 * is set.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const {
	createN8nInstance,
	DEFAULT_VERSION,
	NEWEST,
	freePort,
	nodeOutput,
	nodeOutputJson,
} = require('../../tools/n8n');
const { describeIfN8nInstalled } = require('../helpers/real-n8n');
const { cancelNode, itemsThrough } = require('../helpers/workflows');
const {
	loadExample,
	listExamples,
	readExample,
	EXAMPLE_CREDENTIAL,
	EXAMPLE_WEBHOOK_CREDENTIAL,
	NODE_TYPE,
	TRIGGER_TYPE,
	CANCEL_THEN_NOTIFY,
	SCHEDULED_CANCEL,
} = require('../../tools/story/examples');
const { startEmulator } = require('../../tools/emulator');
const {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	CANCEL_PATH,
	SCHEDULED_TEXT,
	credentialFor,
	secretForms,
	orderBody,
} = require('../../tools/story/fixtures');

/**
 * The n8n versions this file runs against, each with its own `n8n start` and emulator, one after the other:
 * 2.8.4 on the node running jest (Node 20; the newest n8n whose engines accept it), and the newest n8n that
 * installs here, on a private Node 24 (`scripts/install-n8n.sh 2.41.1 --node 24`). What differs between them
 * is pinned per target:
 *   credentialTestRuleApplied  whether n8n applies our credential's `responseCode` rule for 401 (its message
 *                              shows in the credential test) or answers with its generic text (2.8.4, a bug
 *                              of n8n-workflow 2.8.0, see the KNOWN GAP test below)
 */
const TARGETS = [
	{ version: DEFAULT_VERSION, node: undefined, credentialTestRuleApplied: false },
	{ version: NEWEST.version, node: NEWEST.node, credentialTestRuleApplied: true },
];
// The package to install: this repository (built) unless JUSPAY_E2E_PACKAGE_DIR names another package folder
// (an unpacked release, or a deliberately broken copy to prove these tests can fail).
const PACKAGE_DIR = process.env.JUSPAY_E2E_PACKAGE_DIR || REPO_DIR;
const PACKAGE_NAME = 'n8n-nodes-juspay-payout';
const BALANCE_PATH = '/payout/merchant/v1/getways/balance';
const WRONG_KEY = 'wrong_key_fake_7c31e0';
const WRONG_CREDENTIAL = Object.freeze({
	id: 'juspay-payout-wrong-key',
	name: 'Juspay Payout (wrong key)',
});
/** What n8n-workflow's NodeApiError says for any HTTP 401. */
const N8N_GENERIC_401 = 'Authorization failed - please check your credentials';

let n8n;
let emulator;
let orderSeq = 0;

/**
 * An order in the emulator with one fulfillment that stays CREATED (pick delay of 10 min), so a cancel is
 * always scheduled: { fulfillmentId, orderId }.
 */
function newOrder(customerId = 'cust_1122', { amount } = {}) {
	const orderId = `e2e_order_${++orderSeq}`;
	const order = emulator.createOrder(orderBody(orderId, { customerId, amount }));
	return { fulfillmentId: order.fulfillments[0].id, orderId };
}

function newFulfillmentId(customerId = 'cust_1122') {
	return newOrder(customerId).fulfillmentId;
}

let unknownSeq = 0;
function unknownFulfillmentId() {
	return `e2e0000000000000000unknown${++unknownSeq}-f1`;
}

const basicAuth = (key) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/** Manual trigger → Code node returning `items` → Juspay Payout Cancel (fulfillment id and routing id from the item). */
function cancelWorkflow(
	items,
	{ onError, credential = EXAMPLE_CREDENTIAL, name = 'e2e cancel' } = {},
) {
	const cancel = cancelNode({
		parameters: { routingId: '={{ $json.customerId }}' },
		credential,
		onError,
	});
	return itemsThrough(cancel, items, { name });
}

/** Every form of both keys, searched in raw (unmasked) text. */
function expectNoSecretsIn(label, text) {
	for (const secret of [...secretForms(API_KEY), ...secretForms(WRONG_KEY)]) {
		if (String(text).includes(secret))
			throw new Error(`${label} contains a secret (${secret.slice(0, 4)}…)`);
	}
}

/** Run a workflow in the server; no run may carry a key in its execution data or error, whatever it tests. */
async function execute(workflow) {
	const run = await n8n.executeWorkflow(workflow);
	expectNoSecretsIn(
		`execution ${run.executionId} of "${workflow.name}"`,
		JSON.stringify([run.execution, run.error]),
	);
	return run;
}

for (const target of TARGETS) {
	const { version: VERSION, node: NODE_MAJOR } = target;
	const NODE_LABEL = String(NODE_MAJOR || process.versions.node.split('.')[0]);
	const title = `Juspay Payout in real n8n ${VERSION} (Node ${NODE_LABEL})`;
	describeIfN8nInstalled(VERSION, { node: NODE_MAJOR })(title, () => {
		beforeAll(async () => {
			emulator = await startEmulator({
				apiKey: API_KEY,
				merchantId: MERCHANT_ID,
				pickDelayMs: 600000,
			});
			n8n = await createN8nInstance({
				version: VERSION,
				node: NODE_MAJOR,
				communityPackages: [PACKAGE_DIR],
				logLevel: 'debug',
			});
			// through the CLI before the server starts: the examples refer to the credential by this id
			await n8n.importCredentials([
				{ ...EXAMPLE_CREDENTIAL, type: 'juspayPayoutApi', data: credentialFor(emulator.url) },
				{
					...WRONG_CREDENTIAL,
					type: 'juspayPayoutApi',
					data: credentialFor(emulator.url, WRONG_KEY),
				},
			]);
			await n8n.startServer();
		}, 120000);

		afterAll(async () => {
			await n8n?.dispose();
			await emulator?.close();
		}, 30000);

		beforeEach(() => emulator.clearLog());

		test(`the server is n8n ${VERSION} running on Node ${NODE_LABEL}`, async () => {
			// the process really is that node binary (not the one running jest, when they differ)
			expect(fs.realpathSync(`/proc/${n8n.server.child.pid}/exe`)).toBe(
				fs.realpathSync(n8n.nodeBinary),
			);
			const nodeVersion = execFileSync(n8n.nodeBinary, ['-v'], { encoding: 'utf8' }).trim();
			expect(nodeVersion.split('.')[0]).toBe(`v${NODE_LABEL}`);
			const settings = await n8n.rest('GET', '/rest/settings');
			expect(settings.versionCli).toBe(VERSION);
		});

		test('the package is installed as a community package: node type n8n-nodes-juspay-payout.juspayPayout', async () => {
			const [staged] = n8n.communityPackages;
			expect(staged.dir).toBe(
				path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME),
			);
			const installedPkg = JSON.parse(
				fs.readFileSync(path.join(staged.dir, 'package.json'), 'utf8'),
			);
			expect(installedPkg.name).toBe(PACKAGE_NAME);
			expect(installedPkg.peerDependencies).toBeUndefined(); // n8n strips it before its npm install
			expect(installedPkg.devDependencies).toBeUndefined();
			// only what `npm pack` ships: no sources, no tests
			expect(
				staged.files.filter((f) => !/^(package\.json|dist\/.*|README\.md|LICENSE(\.md)?)$/.test(f)),
			).toEqual([]);
			expect(fs.existsSync(path.join(staged.dir, 'nodes'))).toBe(false);
			expect(fs.existsSync(path.join(staged.dir, 'test'))).toBe(false);
			const manifest = JSON.parse(
				fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'),
			);
			expect(manifest.dependencies).toEqual({ [PACKAGE_NAME]: installedPkg.version });

			const types = await n8n.loadedTypes();
			const ours = types.nodes.filter((t) => /juspay/i.test(t.name)).map((t) => t.name);
			expect(ours).toContain(NODE_TYPE);
			expect(ours.filter((t) => t.startsWith('CUSTOM.'))).toEqual([]);
			expect(types.credentials.map((c) => c.name)).toContain('juspayPayoutApi');
			expect(n8n.serverLogs()).not.toMatch(/Failed to load|n8n-nodes-juspay-payout.*error/i);
		});

		test('a cancel that is scheduled: main output with Juspay status text, one POST with Basic auth and merchant', async () => {
			const id = newFulfillmentId();
			const run = await execute(cancelWorkflow([{ fulfillmentId: id, customerId: 'cust_1122' }]));
			expect(run.ok).toBe(true);
			expect(run.status).toBe('success');

			const out = nodeOutput(run, 'Cancel', 0);
			expect(out).toHaveLength(1);
			expect(out[0].json).toMatchObject({
				fulfillmentId: id,
				status: SCHEDULED_TEXT,
				cancellationScheduled: true,
				tries: 1,
			});
			expect(out[0].json.error).toBeUndefined();
			expect(out[0].pairedItem).toEqual({ item: 0 });
			expect(nodeOutput(run, 'Cancel', 1)).toEqual([]);

			expect(emulator.requestLog).toHaveLength(1);
			const [request] = emulator.requestLog;
			expect(request.method).toBe('POST');
			expect(request.path).toBe(CANCEL_PATH(id));
			expect(request.headers.authorization).toBe(basicAuth(API_KEY));
			expect(request.headers['x-merchantid']).toBe(MERCHANT_ID);
			expect(request.headers['x-routing-id']).toBe('cust_1122');
			expect(request.body).toBeNull();
			expect(request.status).toBe(200);
		});

		test('an unknown id under "Continue (using error output)" lands on the error output with Juspay\'s fields', async () => {
			const id = unknownFulfillmentId();
			const input = {
				fulfillmentId: id,
				customerId: 'cust_5566',
				email: 'meera@example.com',
				ticket: 4711,
			};
			const run = await execute(cancelWorkflow([input], { onError: 'continueErrorOutput' }));
			expect(run.ok).toBe(true);

			expect(nodeOutput(run, 'Cancel', 0)).toEqual([]);
			const errors = nodeOutput(run, 'Cancel', 1);
			expect(errors).toHaveLength(1);
			const { json } = errors[0];
			expect(json).toMatchObject(input); // the input item's own fields stay available
			expect(json.message).toEqual(expect.stringContaining(id));
			expect(json.error).toMatchObject({
				httpCode: 404,
				errorCode: 'E09',
				errorMessage: `Could not find resource: Fulfillment ${id}`,
				userMessage: 'Not Found',
				fulfillmentId: id,
			});
			expect(json.error.description).toMatch(/sandbox.*production/); // the fix: an id from the other environment?
			expect(errors[0].pairedItem).toEqual({ item: 0 });
			expect(emulator.requestLog.map((r) => [r.method, r.path, r.status])).toEqual([
				['POST', CANCEL_PATH(id), 404],
			]);
		});

		test('stop on error (the default): the run fails with a NodeApiError naming the fulfillment and E09', async () => {
			const id = unknownFulfillmentId();
			const run = await execute(cancelWorkflow([{ fulfillmentId: id, customerId: 'cust_5566' }]));
			expect(run.ok).toBe(false);
			expect(run.status).toBe('error');
			expect(run.lastNodeExecuted).toBe('Cancel');

			for (const error of [run.error, run.runData.Cancel[0].error]) {
				expect(error.name).toBe('NodeApiError');
				expect(error.message).toContain(id);
				expect(error.message).toContain('E09');
				expect(error.description).toMatch(/Check the fulfillment ID/);
				expect(error.description).toMatch(/sandbox do not exist in production/);
				expect(error.httpCode).toBe('404');
			}
			expect(run.error.node && run.error.node.name).toBe('Cancel');
			expect(nodeOutput(run, 'Cancel', 0)).toEqual([]); // the node failed: no items
		});

		test('a wrong API key: E02 on the error output, and no key anywhere in execution data, errors or logs', async () => {
			const id = newFulfillmentId();
			const run = await execute(
				cancelWorkflow([{ fulfillmentId: id, customerId: 'cust_1122' }], {
					onError: 'continueErrorOutput',
					credential: WRONG_CREDENTIAL,
				}),
			);
			expect(run.ok).toBe(true);
			const errors = nodeOutputJson(run, 'Cancel', 1);
			expect(errors).toHaveLength(1);
			expect(errors[0].error).toMatchObject({ httpCode: 401, errorCode: 'E02', fulfillmentId: id });
			expect(errors[0].message).toMatch(/rejected the credentials/);
			// the wrong key really went out (so there was something to leak)
			expect(emulator.requestLog.map((r) => r.headers.authorization)).toEqual([
				basicAuth(WRONG_KEY),
			]);

			// the same failure as a stop error
			const stopped = await execute(
				cancelWorkflow([{ fulfillmentId: id, customerId: 'cust_1122' }], {
					credential: WRONG_CREDENTIAL,
				}),
			);
			expect(stopped.ok).toBe(false);
			expect(stopped.error.message).toMatch(/E02/);

			for (const r of [run, stopped]) {
				expectNoSecretsIn('execution data', JSON.stringify(r.execution));
				expectNoSecretsIn('error', JSON.stringify(r.error || null));
				expectNoSecretsIn('runner output', `${r.stdout}\n${r.stderr}`);
			}
			expectNoSecretsIn('server logs (unmasked)', n8n.serverLogs({ redacted: false }));
			// and the stored execution as the editor would load it
			const stored = await n8n.rest('GET', `/rest/executions/${stopped.executionId}`);
			expectNoSecretsIn('stored execution', JSON.stringify(stored));
		});

		/** The message our credential's `test.rules` give for HTTP 401, read from the installed package. */
		function rule401Message() {
			const file = path.join(
				n8n.communityPackages[0].dir,
				'dist/credentials/JuspayPayoutApi.credentials.js',
			);
			const { JuspayPayoutApi } = require(file);
			const rule = new JuspayPayoutApi().test.rules.find(
				(r) => r.type === 'responseCode' && r.properties.value === 401,
			);
			return rule && rule.properties.message;
		}

		test('credential test: right key OK, wrong key an Error, refused connection an Error; it only calls GET balance', async () => {
			const good = await n8n.testCredential({ id: EXAMPLE_CREDENTIAL.id });
			expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });

			// saved credential and unsaved form data (the editor tests both ways)
			const bad = await n8n.testCredential({ id: WRONG_CREDENTIAL.id });
			const badUnsaved = await n8n.testCredential({
				type: 'juspayPayoutApi',
				data: credentialFor(emulator.url, WRONG_KEY),
			});
			for (const r of [bad, badUnsaved]) {
				expect(r.status).toBe('Error');
				// ours where n8n applies the rule; n8n 2.8.4 answers with its own text for 401 (see the next test)
				expect(r.message).toBe(
					target.credentialTestRuleApplied ? rule401Message() : N8N_GENERIC_401,
				);
			}

			// httpRequestWithAuthentication (n8n 2.8.4 and 2.41.1 alike) sends a request that got 401 once more (its
			// "preAuthentication" retry runs even for credentials without preAuthentication): 2 × 2 wrong-key calls
			expect(emulator.requestLog.map((r) => [r.method, r.path, r.status])).toEqual([
				['GET', BALANCE_PATH, 200],
				['GET', BALANCE_PATH, 401],
				['GET', BALANCE_PATH, 401],
				['GET', BALANCE_PATH, 401],
				['GET', BALANCE_PATH, 401],
			]);
			expect(emulator.requestLog.map((r) => r.headers.authorization)).toEqual([
				basicAuth(API_KEY),
				...Array(4).fill(basicAuth(WRONG_KEY)),
			]);
			expect(
				emulator.requestLog.every((r) => r.body === null && Object.keys(r.query).length === 0),
			).toBe(true);
			expect(emulator.requestLog.every((r) => r.headers['x-merchantid'] === MERCHANT_ID)).toBe(
				true,
			);

			const closedPort = await freePort(); // nothing listens there
			const refused = await n8n.testCredential({
				type: 'juspayPayoutApi',
				data: credentialFor(`http://127.0.0.1:${closedPort}`),
			});
			expect(refused.status).toBe('Error');
			expect(refused.message).toMatch(/refused/i); // n8n's words: "The service refused the connection - perhaps it is offline"
			expect(emulator.requestLog).toHaveLength(5);

			for (const r of [good, bad, badUnsaved, refused])
				expectNoSecretsIn('credential test result', JSON.stringify(r));
		});

		// KNOWN GAP, pinned so that it cannot change unnoticed. n8n 2.8.4 applies a credential's `responseCode`
		// rules only when the thrown error has `cause.response`, but its n8n-workflow (2.8.0) declares `cause` as a
		// class field on ExecutionBaseError, which resets the native `cause` to undefined for Error causes (the
		// axios error). So on 2.8.4 the wrong-key test shows n8n's generic "Authorization failed - please check
		// your credentials" instead of our rule's message. n8n 2.41.1 (n8n-workflow 2.41) keeps `cause`, and the
		// rule's message shows: a plain test there. If the 2.8.4 run starts passing, n8n fixed it there too.
		(target.credentialTestRuleApplied ? test : test.failing)(
			`credential test with a wrong key shows our rule message for 401${target.credentialTestRuleApplied ? '' : ` (not on n8n ${VERSION})`}`,
			async () => {
				const bad = await n8n.testCredential({ id: WRONG_CREDENTIAL.id });
				expect(bad).toEqual({ status: 'Error', message: rule401Message() });
			},
		);

		describe('example workflows', () => {
			test.each(listExamples())(
				'%s is importable JSON using the installed node type and the emulator credential',
				async (file) => {
					const wf = readExample(file);
					const juspayNodes = wf.nodes.filter((n) => /juspay/i.test(n.type));
					expect(juspayNodes.length).toBeGreaterThan(0);
					for (const node of juspayNodes.filter((n) => n.type === TRIGGER_TYPE)) {
						expect(node.credentials).toEqual({
							juspayPayoutWebhookApi: { ...EXAMPLE_WEBHOOK_CREDENTIAL },
						});
						expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
					}
					for (const node of juspayNodes.filter((n) => n.type !== TRIGGER_TYPE)) {
						expect([NODE_TYPE, `${NODE_TYPE}Tool`]).toContain(node.type);
						expect(node.credentials).toEqual({ juspayPayoutApi: { ...EXAMPLE_CREDENTIAL } });
						// an AI agent's tool has no error output: its failures go back to the model
						expect(node.onError).toBe(node.type === NODE_TYPE ? 'continueErrorOutput' : undefined);
					}
					const known = new Set((await n8n.loadedTypes()).nodes.map((t) => t.name));
					expect(wf.nodes.map((n) => n.type).filter((t) => !known.has(t))).toEqual([]);
					for (const [from, conn] of Object.entries(wf.connections)) {
						expect(wf.nodes.map((n) => n.name)).toContain(from);
						for (const outputs of Object.values(conn)) // main, ai_tool, ai_languageModel, …
							for (const targets of outputs)
								for (const t of targets) expect(wf.nodes.map((n) => n.name)).toContain(t.node);
					}
				},
			);

			test('cancel-then-notify waits for the outcome: cancelled, went ahead, still pending and could not cancel each reach their notification once', async () => {
				// Picked for a transfer before anyone cancels: pick at once, wait until the bank has answered.
				const picked = async (customerId, amount, finalStatus) => {
					emulator.configure({ pickDelayMs: 0 });
					let order;
					try {
						order = newOrder(customerId, { amount });
					} finally {
						emulator.configure({ pickDelayMs: 600000 });
					}
					const deadline = Date.now() + 10000;
					while (emulator.getOrder(order.orderId).fulfillments[0].status !== finalStatus) {
						if (Date.now() > deadline)
							throw new Error(`${order.orderId} never reached ${finalStatus}`);
						await new Promise((r) => setTimeout(r, 20));
					}
					return order;
				};
				const waiting = newOrder('cust_1');
				const paid = await picked('cust_3', 1, 'SUCCESS');
				const inReview = await picked('cust_4', 21, 'MANUAL_REVIEW'); // the dummy bank never decides
				const waiting2 = newOrder('cust_6');
				const list = [
					{ ...waiting, customerId: 'cust_1', email: 'asha@example.com' },
					{
						fulfillmentId: unknownFulfillmentId(),
						orderId: 'e2e_order_unknown',
						customerId: 'cust_2',
						email: 'ravi@example.com',
					},
					{ ...paid, customerId: 'cust_3', email: 'meera@example.com' },
					{ ...inReview, customerId: 'cust_4', email: 'kiran@example.com' },
					{
						fulfillmentId: unknownFulfillmentId(), // not in that (real) order
						orderId: waiting.orderId,
						customerId: 'cust_5',
						email: 'dev@example.com',
					},
					{ ...waiting2, customerId: 'cust_6', email: 'lena@example.com' },
				];
				const E = CANCEL_THEN_NOTIFY;
				const shipped = loadExample(E.file).nodes.find((n) => n.name === E.cancel).parameters;
				expect(shipped).toMatchObject({
					waitForOutcome: true,
					orderId: '={{ $json.orderId }}',
					maxWaitSeconds: E.maxWaitSeconds,
				});
				const MAX_WAIT = 3;
				const run = await execute(loadExample(E.file, { list, maxWaitSeconds: MAX_WAIT }));
				expect(run.ok).toBe(true);

				// the cancel node: outcomes on the main output, in input order; failures on the error output
				const main = nodeOutput(run, E.cancel, 0);
				expect(
					main.map((i) => [
						i.pairedItem.item,
						i.json.fulfillmentId,
						i.json.orderId,
						i.json.outcome,
						i.json.fulfillmentStatus,
						i.json.cancellationScheduled,
						i.json.status,
					]),
				).toEqual([
					[
						0,
						list[0].fulfillmentId,
						list[0].orderId,
						'cancelled',
						'CANCELLED',
						true,
						SCHEDULED_TEXT,
					],
					[
						2,
						list[2].fulfillmentId,
						list[2].orderId,
						'not_cancelled',
						'SUCCESS',
						true,
						SCHEDULED_TEXT,
					],
					[
						3,
						list[3].fulfillmentId,
						list[3].orderId,
						'undetermined',
						'MANUAL_REVIEW',
						true,
						SCHEDULED_TEXT,
					],
					[
						5,
						list[5].fulfillmentId,
						list[5].orderId,
						'cancelled',
						'CANCELLED',
						true,
						SCHEDULED_TEXT,
					],
				]);
				expect(main.map((i) => i.json.orderStatus)).toEqual([
					'FULFILLMENTS_CANCELLED',
					'FULFILLMENTS_SUCCESSFUL',
					'FULFILLMENTS_MANUAL_REVIEW',
					'FULFILLMENTS_CANCELLED',
				]);
				const undetermined = main[2].json;
				expect(undetermined.waitedSeconds).toBeGreaterThanOrEqual(MAX_WAIT);
				expect(undetermined.waitedSeconds).toBeLessThan(MAX_WAIT + 3);
				for (const i of [main[0], main[1], main[3]])
					expect(i.json.waitedSeconds).toBeLessThan(MAX_WAIT);
				for (const i of main) expect(Date.parse(i.json.statusSeenAt)).not.toBeNaN();

				const errorItems = nodeOutput(run, E.cancel, 1);
				expect(
					errorItems.map((i) => [
						i.pairedItem.item,
						i.json.fulfillmentId,
						i.json.email,
						i.json.error.reason,
						i.json.error.httpCode,
						i.json.error.errorCode,
					]),
				).toEqual([
					[1, list[1].fulfillmentId, 'ravi@example.com', 'juspay_error', 404, 'E09'],
					[4, list[4].fulfillmentId, 'dev@example.com', 'not_in_order', null, null],
				]);
				expect(errorItems[0].json.error.orderId).toBe('e2e_order_unknown');
				expect(errorItems[1].json.message).toContain(waiting.orderId);
				// every input item exactly once, on exactly one output
				expect([...main, ...errorItems].map((i) => i.pairedItem.item).sort()).toEqual([
					0, 1, 2, 3, 4, 5,
				]);

				// the Switch sends each outcome to its own output
				expect(
					[0, 1, 2].map((o) => nodeOutputJson(run, E.outcome, o).map((j) => j.fulfillmentId)),
				).toEqual([
					[list[0].fulfillmentId, list[5].fulfillmentId],
					[list[2].fulfillmentId],
					[list[3].fulfillmentId],
				]);

				const cancelled = nodeOutputJson(run, E.notifyCancelled, 0);
				expect(cancelled.map((j) => [j.to, j.fulfillmentId, j.outcome])).toEqual([
					['asha@example.com', list[0].fulfillmentId, 'cancelled'],
					['lena@example.com', list[5].fulfillmentId, 'cancelled'],
				]);
				for (const j of cancelled) {
					expect(j.subject).toBe(`Payout ${j.fulfillmentId} cancelled`);
					expect(j.text).toMatch(/was cancelled: no money was sent \(Juspay status CANCELLED\)/);
					expect(Date.parse(j.checkedAt)).not.toBeNaN();
				}

				const wentAhead = nodeOutputJson(run, E.notifyWentAhead, 0);
				expect(wentAhead).toHaveLength(1);
				expect(wentAhead[0]).toMatchObject({
					to: 'meera@example.com',
					fulfillmentId: list[2].fulfillmentId,
					outcome: 'not_cancelled',
					finalStatus: 'SUCCESS',
				});
				expect(wentAhead[0].text).toMatch(/could not be cancelled/);
				expect(wentAhead[0].text).toContain('ended with status SUCCESS (the money was sent)');
				expect(`${wentAhead[0].subject} ${wentAhead[0].text}`).not.toMatch(/was cancelled/);

				const pending = nodeOutputJson(run, E.notifyPending, 0);
				expect(pending).toHaveLength(1);
				expect(pending[0]).toMatchObject({
					to: 'kiran@example.com',
					fulfillmentId: list[3].fulfillmentId,
					outcome: 'undetermined',
					lastStatus: 'MANUAL_REVIEW',
				});
				expect(pending[0].subject).toMatch(/still pending/);
				expect(pending[0].text).toContain(`after ${undetermined.waitedSeconds} s`);
				expect(pending[0].text).toContain('(status MANUAL_REVIEW)');
				expect(pending[0].text).toMatch(/check again later/);

				const failed = nodeOutputJson(run, E.notifyFailed, 0);
				expect(failed.map((j) => [j.to, j.fulfillmentId, j.errorCode, j.reason])).toEqual([
					['ravi@example.com', list[1].fulfillmentId, 'E09', 'juspay_error'],
					['dev@example.com', list[4].fulfillmentId, '', 'not_in_order'],
				]);
				expect(failed[0].text).toContain('(Juspay code E09)');
				expect(failed[0].text).toContain(errorItems[0].json.message);
				expect(failed[0].howToFix).toBe(errorItems[0].json.error.description);
				expect(failed[1].text).not.toContain('Juspay code');
				expect(failed[1].text).toContain(errorItems[1].json.message);
				expect(failed[1].howToFix).toBe(errorItems[1].json.error.description);

				// a cancel went out only for the fulfillments found in their order, once each
				const posts = emulator.requestLog
					.filter((r) => r.method === 'POST')
					.map((r) => [r.path, r.headers['x-routing-id']]);
				expect(posts.sort()).toEqual(
					[0, 2, 3, 5].map((i) => [CANCEL_PATH(list[i].fulfillmentId), list[i].customerId]).sort(),
				);
				// and every order status read was for an order of the list
				const orderIds = new Set(list.map((f) => f.orderId));
				const reads = emulator.requestLog.filter((r) => r.method === 'GET');
				expect(reads.length).toBeGreaterThanOrEqual(list.length + 4); // a look-up each, then polls
				expect(reads.every((r) => orderIds.has(r.orderId))).toBe(true);
			});

			test('scheduled-cancel-stale-fulfillments: started from its Schedule Trigger, the summary counts scheduled and failed', async () => {
				const list = [
					{ fulfillmentId: newFulfillmentId('cust_7'), customerId: 'cust_7' },
					{ fulfillmentId: unknownFulfillmentId(), customerId: 'cust_8' },
					{ fulfillmentId: newFulfillmentId('cust_9'), customerId: 'cust_9' },
				];
				const E = SCHEDULED_CANCEL;
				const wf = loadExample(E.file, { list });
				expect(wf.nodes.find((n) => n.name === E.trigger).type).toBe(
					'n8n-nodes-base.scheduleTrigger',
				);
				const run = await execute(wf);
				expect(run.ok).toBe(true);
				expect(run.runData[E.trigger]).toHaveLength(1); // the run really started at the schedule trigger

				expect(nodeOutputJson(run, E.cancel, 0).map((j) => j.fulfillmentId)).toEqual([
					list[0].fulfillmentId,
					list[2].fulfillmentId,
				]);
				expect(nodeOutputJson(run, E.cancel, 1).map((j) => j.fulfillmentId)).toEqual([
					list[1].fulfillmentId,
				]);
				expect(nodeOutputJson(run, E.merge, 0)).toHaveLength(3);

				const summary = nodeOutputJson(run, E.summary, 0);
				expect(summary).toHaveLength(1);
				expect(summary[0]).toEqual({
					stale: 3,
					cancellationScheduled: 2,
					failed: 1,
					scheduledIds: [list[0].fulfillmentId, list[2].fulfillmentId],
					failures: [
						{
							fulfillmentId: list[1].fulfillmentId,
							errorCode: 'E09',
							message: nodeOutputJson(run, E.cancel, 1)[0].message,
						},
					],
				});
				expect(emulator.requestLog.filter((r) => r.method === 'POST')).toHaveLength(3);
			});
		});

		test('nothing in this file leaked a key into the server logs', () => {
			expectNoSecretsIn('server logs (unmasked)', n8n.serverLogs({ redacted: false }));
		});
	});
}
