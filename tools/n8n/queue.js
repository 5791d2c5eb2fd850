'use strict';
/**
 * N8nInstance methods for queue mode (scaling): `n8n worker` processes next to the main. Only for an
 * instance created with { executionsMode: 'queue', redis: { host, port } } (and optionally a PostgreSQL
 * `database`); see ./env.js for what that sets. Installed on N8nInstance.prototype by ./instance.js.
 */
const { spawn } = require('node:child_process');

const { freePort, keepTail, stopGroup, tail, waitFor } = require('../process');

const queueMethods = {
	/**
	 * Start one `n8n worker` on this instance's user folder, database and encryption key, so it loads the same
	 * staged community packages and credentials as the main. Options: { name, concurrency (jobs at once,
	 * n8n's default 10), env (extra variables for this process only), timeoutMs }. The worker gets its own
	 * task-broker port on 127.0.0.1 and opens no other port (the health-check server stays off). Resolves to
	 * the worker: { name, pid, child, stdout, stderr, exited, info: { readyMs, concurrency } };
	 * `worker.logs()` gives its last output, secrets masked.
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
	},

	/** SIGTERM a worker's process group (n8n finishes running jobs up to its graceful timeout), SIGKILL after 15 s. */
	async stopWorker(worker, { graceMs = 15000 } = {}) {
		if (!worker) return;
		await stopGroup(worker.child, { graceMs, exited: Boolean(worker.exited) });
	},

	async stopWorkers(opts) {
		await Promise.all(this.workers.map((w) => this.stopWorker(w, opts)));
	},
};

module.exports = { queueMethods };
