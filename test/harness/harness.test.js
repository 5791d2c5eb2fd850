'use strict';
// Proves the harness itself, against a tiny fixture community package (fixtures/) and a real
// HTTP server on 127.0.0.1. Independent of the Juspay node: it must pass before that is built.
const http = require('node:http');
const path = require('node:path');

const {
	createHarness,
	nodeOutput,
	nodeOutputs,
	getStopError,
	TRIGGER_TYPE,
	expressionEngine,
} = require('./index');

const FIXTURE_DIR = path.join(__dirname, 'fixtures', 'n8n-nodes-harness-fixture');
const API_KEY = 'sk_test_harness';
const MERCHANT_ID = 'merchant_h';

let server;
let baseUrl;
let requests;
let harness;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			requests.push({ method: req.method, url: req.url, headers: req.headers, body });
			const status = req.url.includes('/missing') ? 404 : 200;
			const payload =
				status === 200
					? { status: 'CANCEL_SCHEDULED' }
					: { errorCode: 'E09', errorMessage: 'Fulfillment not found', userMessage: 'Not found' };
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(payload));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${server.address().port}`;
	harness = await createHarness({ packageDir: FIXTURE_DIR });
});

beforeEach(() => {
	requests = [];
});

afterAll(async () => {
	await harness.close();
	// n8n-core's HTTP client may keep sockets alive; drop them so jest exits cleanly.
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

const credentials = () => ({
	harnessFixtureApi: { apiKey: API_KEY, merchantId: MERCHANT_ID, baseUrl },
});
const items = [
	{ json: { id: 'a1', customer: 'Ann' } },
	{ json: { id: 'missing', customer: 'Bob' } },
	{ json: { id: 'c3', customer: 'Cid' } },
];
const run = (onError, extra = {}) =>
	harness.runNode({
		nodeType: 'harnessFixture',
		parameters: { thingId: '={{ $json.id }}', routingId: '={{ "r-" + $json.customer }}' },
		items,
		onError,
		credentials: credentials(),
		...extra,
	});

test('the package is loaded as an installed community package', () => {
	expect(harness.packageName).toBe('n8n-nodes-harness-fixture');
	expect(
		harness.nodeTypes.getByNameAndVersion('n8n-nodes-harness-fixture.harnessFixture', 1).description,
	).toMatchObject({ name: 'harnessFixture', displayName: 'Harness Fixture', version: 1 });
	expect(Object.keys(harness.nodeTypes.getKnownTypes())).toEqual([
		'n8n-nodes-harness-fixture.harnessFixture',
	]);
	expect(process.env.N8N_USER_FOLDER).toMatch(/n8n-harness-/);
	// isolated-vm has no Node 20 build: expressions run on n8n-workflow's legacy engine.
	expect(expressionEngine()).toBe('legacy');
});

test('credential authenticate (generic): Basic base64(key + ":") and the merchant header', async () => {
	const result = await run('continueErrorOutput');
	expect(requests).toHaveLength(3);
	const expectedAuth = `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`;
	for (const request of requests) {
		expect(request.method).toBe('POST');
		expect(request.headers.authorization).toBe(expectedAuth);
		expect(request.headers['x-merchantid']).toBe(MERCHANT_ID);
		expect(request.body).toBe('');
	}
	expect(result.status).toBe('success');
});

test('expression parameters are evaluated per item', async () => {
	await run('continueErrorOutput');
	expect(requests.map((r) => [r.url, r.headers['x-routing-id']])).toEqual([
		['/things/a1/cancel', 'r-Ann'],
		['/things/missing/cancel', 'r-Bob'],
		['/things/c3/cancel', 'r-Cid'],
	]);
});

test('continueErrorOutput: error items on output 1, merged over their input item', async () => {
	const result = await run('continueErrorOutput');
	expect(result.stopError).toBeUndefined();
	expect(result.main.map((i) => [i.json.thingId, i.json.status, i.pairedItem])).toEqual([
		['a1', 'CANCEL_SCHEDULED', { item: 0 }],
		['c3', 'CANCEL_SCHEDULED', { item: 2 }],
	]);
	expect(result.error).toHaveLength(1);
	const [errorItem] = result.error;
	// n8n-core's handleNodeErrorOutput put the input item's fields under the node's error item
	expect(errorItem.json).toMatchObject({ id: 'missing', customer: 'Bob' });
	expect(errorItem.json.error).toMatchObject({
		httpCode: '404',
		thingId: 'missing',
		body: { errorCode: 'E09', errorMessage: 'Fulfillment not found' },
	});
	expect(typeof errorItem.json.message).toBe('string');
	expect(errorItem.pairedItem).toEqual({ item: 1 });
	// the helpers read the same thing
	expect(nodeOutputs(result.run, 'Node Under Test')).toEqual([result.main, result.error]);
	expect(nodeOutput(result.run, 'Node Under Test', 1)).toEqual(result.error);
});

test('continueRegularOutput: the error item stays on the main output, unmerged', async () => {
	const result = await run('continueRegularOutput');
	expect(result.error).toEqual([]);
	expect(result.main).toHaveLength(3);
	expect(Object.keys(result.main[1].json).sort()).toEqual(['error', 'message']);
});

test('stopWorkflow: the run stops with the NodeApiError n8n-core threw', async () => {
	const result = await run('stopWorkflow');
	expect(result.status).toBe('error');
	expect(result.main).toEqual([]);
	expect(requests).toHaveLength(2); // stopped at the failing item
	const { NodeApiError } = require('n8n-workflow');
	expect(result.stopError).toBeInstanceOf(NodeApiError);
	expect(result.stopError.httpCode).toBe('404');
	expect(result.stopError.context.data).toMatchObject({ errorCode: 'E09' });
	// n8n-core's own wording for a 404 (NodeApiError from its request helper), kept by the harness
	expect(result.stopError.message).toBe('The resource you are requesting could not be found');
	expect(result.stopError.description).toBe('Request failed with status code 404');
	// what n8n itself recorded: a plain copy with the same fields
	const recorded = result.run.data.resultData.error;
	expect(recorded).not.toBeInstanceOf(Error);
	expect(recorded).toMatchObject({
		name: 'NodeApiError',
		message: result.stopError.message,
		httpCode: '404',
	});
	expect(getStopError(result.run)).toBe(recorded);
	expect(result.runData['Node Under Test'][0].error).toMatchObject({ name: 'NodeApiError' });
	// the API key never leaks into what n8n recorded
	expect(JSON.stringify(recorded)).not.toContain(API_KEY);
});

test('runWorkflow runs n8n workflow JSON, with the node and credential named as in n8n', async () => {
	const result = await harness.runWorkflow(
		{
			nodes: [
				{
					name: 'Start',
					type: TRIGGER_TYPE,
					parameters: { items: JSON.stringify([{ json: { id: 'w1' } }]) },
				},
				{
					name: 'Cancel',
					type: 'n8n-nodes-harness-fixture.harnessFixture',
					typeVersion: 1,
					parameters: { thingId: '={{ $json.id }}' },
					credentials: { harnessFixtureApi: { id: 'c1', name: 'Fixture account' } },
				},
			],
			connections: { Start: { main: [[{ node: 'Cancel', type: 'main', index: 0 }]] } },
		},
		{ credentials: { harnessFixtureApi: { id: 'c1', data: credentials().harnessFixtureApi } } },
	);
	expect(result.status).toBe('success');
	expect(result.nodeName).toBe('Cancel');
	expect(result.main.map((i) => i.json)).toEqual([{ thingId: 'w1', status: 'CANCEL_SCHEDULED' }]);
	expect(requests.map((r) => r.url)).toEqual(['/things/w1/cancel']);
	expect(requests[0].headers['x-routing-id']).toBeUndefined();
});

test('a run takes well under a second', async () => {
	const started = Date.now();
	const result = await run('continueErrorOutput');
	expect(Date.now() - started).toBeLessThan(1000);
	expect(result.durationMs).toBeLessThan(1000);
});
