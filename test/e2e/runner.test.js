'use strict';
/**
 * Proves the real-n8n runner (tools/n8n) against real n8n with built-in nodes only (no package build needed).
 * Needs `npm run n8n:install` (the default n8n of tools/n8n/versions.js) first; skipped with a message
 * otherwise, and failed when CI is set.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const {
	createN8nInstance,
	DEFAULT_VERSION,
	nodeOutput,
	nodeOutputJson,
	nodeRan,
	parseExecutionOutput,
	stageCommunityPackage,
	installDir,
} = require('../../tools/n8n');
const { describeIfN8nInstalled } = require('../helpers/real-n8n');

const VERSION = DEFAULT_VERSION;
// skipped with a message when n8n is not installed; under CI (which installs it) that fails instead
const describeIfN8n = describeIfN8nInstalled(VERSION);

const manual = {
	name: 'Manual',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
};

function setWorkflow(value) {
	return {
		name: `set ${value}`,
		nodes: [
			manual,
			{
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: { assignments: [{ id: 'a1', name: 'hello', value, type: 'string' }] },
					options: {},
				},
			},
		],
		connections: { Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
	};
}

/** Code node makes n = 1..4, an If node splits them: n > 2 on output 0 (true), the rest on output 1 (false). */
const splitWorkflow = {
	name: 'split',
	nodes: [
		manual,
		{
			name: 'Numbers',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: { jsCode: 'return [1, 2, 3, 4].map((n) => ({ json: { n } }));' },
		},
		{
			name: 'If',
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [
						{
							id: 'c1',
							leftValue: '={{ $json.n }}',
							rightValue: 2,
							operator: { type: 'number', operation: 'gt' },
						},
					],
					combinator: 'and',
				},
				options: {},
			},
		},
	],
	connections: {
		Manual: { main: [[{ node: 'Numbers', type: 'main', index: 0 }]] },
		Numbers: { main: [[{ node: 'If', type: 'main', index: 0 }]] },
	},
};

const failingWorkflow = {
	name: 'fails',
	nodes: [
		manual,
		{
			name: 'Stop',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			parameters: { errorType: 'errorMessage', errorMessage: 'stopped on purpose' },
		},
	],
	connections: { Manual: { main: [[{ node: 'Stop', type: 'main', index: 0 }]] } },
};

describe('parseExecutionOutput', () => {
	test('finds the execution JSON after log lines', () => {
		const exec = { data: { resultData: { runData: { A: [] } } }, status: 'success' };
		const text = `n8n Task Broker ready on 127.0.0.1, port 5679\nsome {log} line\n{\n  "x": 1\n}\n${JSON.stringify(exec, null, 2)}\n`;
		expect(parseExecutionOutput(text)).toEqual(exec);
		expect(parseExecutionOutput('no json here')).toBeUndefined();
	});
});

describeIfN8n(`real n8n ${VERSION} runner`, () => {
	let n8n;
	beforeAll(async () => {
		n8n = await createN8nInstance({ version: VERSION });
	});
	afterAll(async () => {
		if (!n8n) return;
		await n8n.dispose();
		expect(fs.existsSync(n8n.userFolder)).toBe(false);
	});

	test('CLI: imports a workflow without id and runs it with `n8n execute`', async () => {
		const run = await n8n.executeWorkflow(setWorkflow('world'));
		expect(run.via).toBe('cli');
		expect(run.exitCode).toBe(0);
		expect(run.ok).toBe(true);
		expect(run.workflowId).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(run.execution.mode).toBe('cli');
		expect(nodeOutputJson(run, 'Set', 0)).toEqual([{ hello: 'world' }]);
	}, 120000);

	test('CLI: a failing workflow gives exit code 1 and the error in resultData', async () => {
		const run = await n8n.executeWorkflow(failingWorkflow);
		expect(run.exitCode).toBe(1);
		expect(run.ok).toBe(false);
		expect(run.error.message).toBe('stopped on purpose');
		expect(run.lastNodeExecuted).toBe('Stop');
		expect(run.runData.Stop[0].error.message).toBe('stopped on purpose');
	}, 120000);

	test('credentials are imported with their ids; secrets are masked', async () => {
		const [cred] = await n8n.importCredentials([
			{
				id: 'e2eHttpBasic0001',
				name: 'basic',
				type: 'httpBasicAuth',
				data: { user: 'u', password: 'very-secret-pw-42' },
			},
		]);
		expect(cred).toEqual({ id: 'e2eHttpBasic0001', name: 'basic', type: 'httpBasicAuth' });
		expect(n8n.redact('x very-secret-pw-42 y')).toBe('x *** y');
	}, 120000);

	describe('server mode', () => {
		let info;
		beforeAll(async () => {
			info = await n8n.startServer();
		}, 120000);

		test('starts on loopback and runs several workflows through the REST API', async () => {
			expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			const [a, b, split] = await n8n.executeWorkflows([
				setWorkflow('one'),
				setWorkflow('two'),
				splitWorkflow,
			]);
			expect(a.via).toBe('server');
			expect(a.ok).toBe(true);
			expect(nodeOutputJson(a, 'Set')).toEqual([{ hello: 'one' }]);
			expect(nodeOutputJson(b, 'Set')).toEqual([{ hello: 'two' }]);
			expect(nodeOutputJson(split, 'If', 0)).toEqual([{ n: 3 }, { n: 4 }]);
			expect(nodeOutputJson(split, 'If', 1)).toEqual([{ n: 1 }, { n: 2 }]);
			expect(nodeOutput(split, 'If', 1).map((i) => i.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
			]);
			// a node that did not run: no items, and nodeRan() tells it from one that sent nothing
			expect(nodeOutput(split, 'Nowhere', 0)).toEqual([]);
			expect(nodeRan(split, 'Nowhere')).toBe(false);
			expect(nodeRan(split, 'If')).toBe(true);
		}, 120000);

		test('a failing workflow reports the same shape as the CLI', async () => {
			const run = await n8n.executeWorkflow(failingWorkflow);
			expect(run.ok).toBe(false);
			expect(run.exitCode).toBe(1);
			expect(run.error.message).toBe('stopped on purpose');
		}, 120000);

		test('the CLI path still works while the server runs', async () => {
			const run = await n8n.executeWorkflow(setWorkflow('cli'), { via: 'cli' });
			expect(run.ok).toBe(true);
			expect(nodeOutputJson(run, 'Set')).toEqual([{ hello: 'cli' }]);
		}, 120000);

		test('tests a credential through its `test` request (built-in n8nApi against a local server)', async () => {
			const server = http.createServer((req, res) => {
				const good = req.headers['x-n8n-api-key'] === 'right-api-key-1234';
				res.writeHead(good && req.url.startsWith('/api/v1/workflows') ? 200 : 401, {
					'content-type': 'application/json',
				});
				res.end(good ? '{"data":[]}' : '{"message":"unauthorized"}');
			});
			await new Promise((r) => server.listen(0, '127.0.0.1', r));
			const baseUrl = `http://127.0.0.1:${server.address().port}/api/v1`;
			try {
				const good = await n8n.testCredential({
					type: 'n8nApi',
					data: { apiKey: 'right-api-key-1234', baseUrl },
				});
				expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });
				const bad = await n8n.testCredential({
					type: 'n8nApi',
					data: { apiKey: 'wrong-api-key-5678', baseUrl },
				});
				expect(bad.status).toBe('Error');
				expect(bad.message).toMatch(/Authorization failed/);
				await n8n.importCredentials([
					{
						id: 'e2eN8nApi0000001',
						name: 'imported',
						type: 'n8nApi',
						data: { apiKey: 'right-api-key-1234', baseUrl },
					},
				]);
				expect((await n8n.testCredential({ id: 'e2eN8nApi0000001' })).status).toBe('OK');
			} finally {
				server.close();
			}
		}, 120000);
	});
});

describeIfN8n(
	'stageCommunityPackage (the layout n8n 2.8.4 gives an installed community package)',
	() => {
		let tmp;
		let pkgDir;
		const n8nDir = path.join(installDir(VERSION), 'node_modules', 'n8n');
		beforeAll(() => {
			tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-test-'));
			pkgDir = path.join(tmp, 'src');
			fs.mkdirSync(path.join(pkgDir, 'dist'), { recursive: true });
			fs.mkdirSync(path.join(pkgDir, 'nodes'), { recursive: true });
			fs.writeFileSync(path.join(pkgDir, 'dist', 'Thing.node.js'), 'module.exports = {};\n');
			fs.writeFileSync(path.join(pkgDir, 'nodes', 'Thing.node.ts'), '// source: not published\n');
			fs.writeFileSync(path.join(pkgDir, 'README.md'), '# readme\n');
			fs.writeFileSync(
				path.join(pkgDir, 'package.json'),
				JSON.stringify({
					name: 'n8n-nodes-stage-probe',
					version: '1.2.3',
					license: 'MIT',
					files: ['dist'],
					n8n: { n8nNodesApiVersion: 1, nodes: ['dist/Thing.node.js'] },
					peerDependencies: { 'n8n-workflow': '*' },
					devDependencies: { typescript: '5.9.3' },
				}),
			);
		});
		afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

		test('npm pack contents in nodes/node_modules/<name>, dev and peer dependencies stripped, recorded in nodes/package.json', async () => {
			const nodesDir = path.join(tmp, 'plain', '.n8n', 'nodes');
			const staged = await stageCommunityPackage(pkgDir, nodesDir, { n8nDir });
			expect(staged.dir).toBe(path.join(nodesDir, 'node_modules', 'n8n-nodes-stage-probe'));
			expect(staged.files.sort()).toEqual(['README.md', 'dist/Thing.node.js', 'package.json']);
			expect(fs.existsSync(path.join(staged.dir, 'nodes'))).toBe(false);
			const pkg = JSON.parse(fs.readFileSync(path.join(staged.dir, 'package.json'), 'utf8'));
			expect(pkg.peerDependencies).toBeUndefined();
			expect(pkg.devDependencies).toBeUndefined();
			expect(pkg.n8n.nodes).toEqual(['dist/Thing.node.js']);
			expect(staged.nodeTypes).toEqual(['n8n-nodes-stage-probe.thing']);
			expect(JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8'))).toEqual({
				name: 'installed-nodes',
				private: true,
				dependencies: { 'n8n-nodes-stage-probe': '1.2.3' },
			});
			// no tarball left behind, and the peer is not installed: n8n's NODE_PATH resolves it at run time
			expect(fs.readdirSync(nodesDir).sort()).toEqual(['node_modules', 'package.json']);
			expect(() => require.resolve('n8n-workflow', { paths: [staged.dir] })).toThrow();
		});

		test("linkPeerDependencies: n8n's own copy of the peer is linked (the layout of a manual npm install)", async () => {
			const nodesDir = path.join(tmp, 'linked', '.n8n', 'nodes');
			const staged = await stageCommunityPackage(pkgDir, nodesDir, {
				n8nDir,
				linkPeerDependencies: true,
			});
			const link = path.join(nodesDir, 'node_modules', 'n8n-workflow');
			expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
			expect(
				fs.realpathSync(require.resolve('n8n-workflow/package.json', { paths: [staged.dir] })),
			).toBe(fs.realpathSync(require.resolve('n8n-workflow/package.json', { paths: [n8nDir] })));
		});

		test('a package staged again is the same until one of its files changes, then the new one', async () => {
			const stage = (name) => stageCommunityPackage(pkgDir, path.join(tmp, name, '.n8n', 'nodes'), { n8nDir });
			const thing = (staged) => fs.readFileSync(path.join(staged.dir, 'dist', 'Thing.node.js'), 'utf8');
			expect(thing(await stage('again-1'))).toBe('module.exports = {};\n');
			expect(thing(await stage('again-2'))).toBe('module.exports = {};\n');
			// Same size, other content, a later mtime: what a rebuild leaves.
			const file = path.join(pkgDir, 'dist', 'Thing.node.js');
			fs.writeFileSync(file, 'module.exports = [];\n');
			const later = new Date(Date.now() + 5000);
			fs.utimesSync(file, later, later);
			try {
				expect(thing(await stage('again-3'))).toBe('module.exports = [];\n');
			} finally {
				fs.writeFileSync(file, 'module.exports = {};\n');
			}
		});

		test('refuses a package n8n would not load, and one whose n8n files are missing from the tarball', async () => {
			const other = path.join(tmp, 'other');
			fs.mkdirSync(other, { recursive: true });
			fs.writeFileSync(
				path.join(other, 'package.json'),
				JSON.stringify({ name: 'not-a-node-package', version: '1.0.0' }),
			);
			await expect(stageCommunityPackage(other, path.join(tmp, 'x'), { n8nDir })).rejects.toThrow(
				/n8n-nodes-/,
			);
			const unbuilt = path.join(tmp, 'unbuilt');
			fs.mkdirSync(unbuilt, { recursive: true });
			fs.writeFileSync(
				path.join(unbuilt, 'package.json'),
				JSON.stringify({
					name: 'n8n-nodes-unbuilt',
					version: '1.0.0',
					files: ['dist'],
					n8n: { nodes: ['dist/A.node.js'] },
				}),
			);
			await expect(
				stageCommunityPackage(unbuilt, path.join(tmp, 'y'), { n8nDir, packAttempts: 1 }),
			).rejects.toThrow(/build the package first/);
		}, 30000);
	},
);
