'use strict';
/**
 * N8nInstance methods that run the n8n CLI: one cold n8n process per command (about 2-3.5 s each), in
 * the instance's user folder and process group. Installed on N8nInstance.prototype by ./instance.js.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { freePort, killGroup, tail } = require('../process');
const { buildRun, parseExecutionOutput } = require('./output');

/** A random id of n8n's shape (letters and digits). */
function randomId(len = 16) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(len);
	let s = '';
	for (let i = 0; i < len; i++) s += alphabet[bytes[i] % alphabet.length];
	return s;
}

/** A copy of a workflow with everything n8n's import needs: ids, name, node defaults, settings. */
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

const cliMethods = {
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
	},

	async cliOrThrow(args, what) {
		const r = await this.cli(args);
		if (r.exitCode !== 0) {
			throw new Error(
				`${what} failed (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
			);
		}
		return r;
	},

	/** `n8n <command> --input=<file>` with `value` in a private temporary JSON file. */
	async importFile(command, value) {
		const file = path.join(this.userFolder, `${command.replace(/\W/g, '-')}-${randomId(8)}.json`);
		fs.writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
		try {
			await this.cliOrThrow([command, `--input=${file}`], `n8n ${command}`);
		} finally {
			fs.rmSync(file, { force: true });
		}
	},

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
		await this.importFile('import:credentials', list);
		return list.map(({ id, name, type }) => ({ id, name, type }));
	},

	/**
	 * Import workflows (one or an array); assigns ids where missing. Returns the ids in order. Through the
	 * REST API while a server runs, unless { via: 'cli' }.
	 */
	async importWorkflows(workflows, { via } = {}) {
		const list = (Array.isArray(workflows) ? workflows : [workflows]).map(normalizeWorkflow);
		if (this.server && via !== 'cli') {
			for (const wf of list) {
				// n8n 1.x gives the workflow an id of its own: return the one it saved
				const saved = await this.rest('POST', '/rest/workflows', {
					id: wf.id,
					name: wf.name,
					active: false, // n8n 1.x requires it (NOT NULL); 2.x sets it itself and drops the field
					nodes: wf.nodes,
					connections: wf.connections,
					settings: wf.settings,
					pinData: wf.pinData,
				});
				if (saved && saved.id) wf.id = saved.id;
			}
		} else {
			await this.importFile('import:workflow', list);
		}
		return list.map((w) => w.id);
	},

	/** `n8n execute --id=ID --rawOutput`, its printed execution read back into a run result. */
	async executeViaCli(id, { timeoutMs } = {}) {
		// own task-broker port: a running server (or a parallel execute) holds the instance's one
		const env = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env });
		const execution = parseExecutionOutput(r.stdout);
		return buildRun({ ...r, via: 'cli', workflowId: id, execution });
	},
};

module.exports = { cliMethods, randomId };
