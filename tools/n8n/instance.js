'use strict';
/**
 * One real n8n to run workflows in: its own temporary N8N_USER_FOLDER (sqlite database included), the test
 * encryption key, free loopback ports, every phone-home feature off (./env.js), the packages under test staged
 * (./staging.js). Its methods live with what they drive and are installed on the prototype here: the CLI
 * (./cli.js), the server (./server.js) and its REST API (./rest.js), queue-mode workers (./queue.js).
 * Known secret values (credential fields named like key/secret/password/token) are masked in stdout/stderr
 * and in errors.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { freePort, keepTail, killGroup, tail, waitFor } = require('../process');
const { cliMethods } = require('./cli');
const { instanceEnv } = require('./env');
const { installCommand, installDir, nodeBinaryFor } = require('./paths');
const { queueMethods } = require('./queue');
const { restMethods } = require('./rest');
const { serverMethods } = require('./server');
const { stageCommunityPackage } = require('./staging');
const { DEFAULT_VERSION } = require('./versions');

/** The owner startServer() sets up or logs in as, unless { owner } says otherwise: a fake local account. */
const OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-Passw0rd',
});

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

	/** Check the install, stage the community packages, take a task-broker port. */
	async init() {
		const missing = [this.n8nBin, this.nodeBinary].find((file) => !fs.existsSync(file));
		if (missing === this.n8nBin)
			throw new Error(
				`n8n ${this.version} is not installed in ${this.installDir}: run ${installCommand(this.version, this.nodeMajor)}`,
			);
		if (missing)
			throw new Error(
				`node ${this.nodeBinary} does not exist: run ${installCommand(this.version, this.nodeMajor)}`,
			);
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

	/** The environment every n8n process of this instance gets, plus `extra`. */
	env(extra = {}) {
		return instanceEnv(this, extra);
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

	assertAlive() {
		if (this.disposed) throw new Error('n8n instance already disposed');
	}

	/**
	 * Start a long-running n8n process (`n8n start`, `n8n worker`) in its own process group (its task runner
	 * dies with it). Returns { child, pid, stdout, stderr, exited }: the last `keepStdout` characters of its
	 * output (200 kB of stderr) and, once it is gone, its { code, signal }.
	 */
	startProcess(args, env, { keepStdout = 200000 } = {}) {
		const child = spawn(this.nodeBinary, [this.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env(env),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.children.add(child);
		const proc = { child, pid: child.pid, stdout: '', stderr: '', exited: null };
		const text = (b) => b.toString('utf8');
		child.stdout.on('data', (b) => (proc.stdout = keepTail(proc.stdout + text(b), keepStdout)));
		child.stderr.on('data', (b) => (proc.stderr = keepTail(proc.stderr + text(b))));
		child.on('exit', (code, signal) => {
			proc.exited = { code, signal };
			this.children.delete(child);
		});
		return proc;
	}

	/** Wait until a process of startProcess() prints `ready`; throws when it exits first or `timeoutMs` passes. */
	async untilReady(proc, ready, timeoutMs, what) {
		await waitFor(
			() => {
				if (proc.exited) throw new Error(`${what} exited (${JSON.stringify(proc.exited)})`);
				return ready.test(proc.stdout);
			},
			timeoutMs,
			`${what} to be ready`,
		);
	}

	/** `error` with the last lines of a process's output, secrets masked: why it did not start. */
	errorWithLogs(error, proc) {
		return new Error(this.redact(`${error.message}\n${tail(proc.stdout)}\n${tail(proc.stderr)}`));
	}

	/**
	 * Import (when given a workflow object) and run one workflow; resolves to a run result (./output.js,
	 * buildRun). `workflowOrId` may be an id of an imported workflow. Options: { via: 'cli' | 'server',
	 * timeoutMs }; through the server when one runs, else `n8n execute`.
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

	/** Stop the workers and the server, kill what is left, remove the temporary user folder. */
	async dispose() {
		if (this.disposed) return;
		await this.stopWorkers();
		await this.stopServer();
		for (const child of this.children) killGroup(child, 'SIGKILL');
		this.disposed = true;
		if (!this.keepUserFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

Object.assign(N8nInstance.prototype, cliMethods, serverMethods, restMethods, queueMethods);

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

module.exports = { N8nInstance, createN8nInstance, OWNER };
