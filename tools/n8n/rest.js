'use strict';
/**
 * N8nInstance methods that talk to the running `n8n start` (./server.js) over its REST API, as the editor
 * does: runs through `POST /rest/workflows/:id/run` (the editor's "Execute workflow", tens of milliseconds per
 * run; execution mode 'manual' instead of 'cli', the same engine), credential tests, loaded types,
 * activation. Installed on N8nInstance.prototype by ./instance.js.
 */
const path = require('node:path');
const { createRequire } = require('node:module');

const { waitFor } = require('../process');
const { randomId } = require('./cli');
const { buildRun } = require('./output');

/** The node a manual run starts from: a Manual Trigger, else the first enabled trigger. */
function pickTrigger(nodes) {
	const enabled = (nodes || []).filter((n) => !n.disabled);
	return (
		enabled.find((n) => /manualTrigger$/.test(n.type)) ||
		enabled.find((n) => /[Tt]rigger$/.test(n.type)) ||
		undefined
	);
}

const restMethods = {
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
	},

	/** Run an imported workflow as the editor's "Execute workflow" does and wait for its execution. */
	async executeViaServer(id, { timeoutMs = this.defaultTimeoutMs } = {}) {
		const started = Date.now();
		const workflowData = await this.rest('GET', `/rest/workflows/${encodeURIComponent(id)}`);
		const trigger = pickTrigger(workflowData.nodes);
		const payload = { workflowData };
		if (trigger) payload.triggerToStartFrom = { name: trigger.name };
		const runStarted = await this.rest(
			'POST',
			`/rest/workflows/${encodeURIComponent(id)}/run`,
			payload,
		);
		if (!runStarted || !runStarted.executionId) {
			throw new Error(
				`workflow ${id} did not start: ${JSON.stringify(runStarted)} (a trigger waiting for a webhook?)`,
			);
		}
		const executionId = runStarted.executionId;
		let exec;
		let data;
		await waitFor(
			async () => {
				exec = await this.rest('GET', `/rest/executions/${executionId}`);
				const done =
					exec &&
					exec.finished !== undefined &&
					!['new', 'running', 'waiting'].includes(exec.status) &&
					exec.stoppedAt;
				if (!done) return false;
				data = typeof exec.data === 'string' ? this.flatted().parse(exec.data) : exec.data;
				// n8n 1.x saves an execution's status before its data: a finished run with no node run and
				// no error is one whose data is not written yet.
				const result = data && data.resultData;
				return Boolean(result && (result.error || Object.keys(result.runData || {}).length));
			},
			timeoutMs,
			`execution ${executionId} to finish`,
			25,
		);
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
	},

	/** n8n's own `flatted`, which stored executions' `data` is serialised with. */
	flatted() {
		if (!this._flatted)
			this._flatted = createRequire(
				path.join(this.installDir, 'node_modules', 'n8n', 'package.json'),
			)('flatted');
		return this._flatted;
	},

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
	},

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
	},

	/**
	 * Activate (publish) a workflow through the running server so its production webhooks and triggers are
	 * registered: n8n 2.8.4's `POST /rest/workflows/:id/activate` with the workflow's current versionId.
	 */
	async activateWorkflow(id) {
		const wf = await this.rest('GET', `/rest/workflows/${encodeURIComponent(id)}`);
		return this.rest('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, {
			versionId: wf.versionId,
		});
	},
};

module.exports = { restMethods };
