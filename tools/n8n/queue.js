'use strict';
/**
 * N8nInstance methods for queue mode (scaling): `n8n worker` processes next to the main. Only for an
 * instance created with { executionsMode: 'queue', redis: { host, port } } (and optionally a PostgreSQL
 * `database`); see ./env.js for what that sets. Installed on N8nInstance.prototype by ./instance.js.
 */
const { freePort, stopGroup } = require('../process');

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
		const args = ['worker'];
		if (concurrency !== undefined) args.push(`--concurrency=${Number(concurrency)}`);
		const brokerPort = String(await freePort()); // the instance's own is the main's
		const worker = this.startProcess(
			args,
			{ N8N_RUNNERS_BROKER_PORT: brokerPort, ...env },
			{
				keepStdout: 2000000, // tests read which executions it ran from its log
			},
		);
		Object.assign(worker, {
			name: name || `worker-${this.workers.length + 1}`,
			info: undefined,
			logs: () => this.redact(`${worker.stdout}\n${worker.stderr}`),
		});
		this.workers.push(worker);
		try {
			await this.untilReady(
				worker,
				/n8n worker is now ready/,
				timeoutMs,
				`n8n worker ${worker.name}`,
			);
			const m = / \* Concurrency: (\d+)/.exec(worker.stdout);
			worker.info = { readyMs: Date.now() - started, concurrency: m ? Number(m[1]) : undefined };
			return worker;
		} catch (e) {
			await this.stopWorker(worker);
			throw this.errorWithLogs(e, worker);
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
