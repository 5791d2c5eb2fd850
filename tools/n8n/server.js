'use strict';
/**
 * N8nInstance methods for one long-lived `n8n start` on a loopback port (about 3-5 s to start, once): the
 * process, its owner login, its logs. Installed on N8nInstance.prototype by ./instance.js; the REST calls
 * made through it are in ./rest.js.
 */
const { freePort, stopGroup } = require('../process');

/** The `n8n-auth` cookie a login or owner setup answer sets, if any. */
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

/** POST JSON to the running server without a session (owner setup, login). */
function postJson(server, urlPath, body) {
	return fetch(`${server.baseUrl}${urlPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': 'n8n-e2e' },
		body: JSON.stringify(body),
	});
}

const serverMethods = {
	/**
	 * Start `n8n start` on a free loopback port, set up the owner and log in. Resolves to
	 * { baseUrl, port, startMs, readyMs }. Later executeWorkflow/importWorkflows use the REST API.
	 * Options: { timeoutMs, port, env (extra variables for this process only) }.
	 */
	async startServer({ timeoutMs = 90000, port, env: processEnv = {} } = {}) {
		this.assertAlive();
		if (this.server) return this.server.info;
		const started = Date.now();
		port = port || (await freePort());
		const server = this.startProcess(['start'], {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			...processEnv, // e.g. a marker only the main process has (queue-mode test)
		});
		Object.assign(server, { port, baseUrl: `http://127.0.0.1:${port}` });
		this.server = server;
		try {
			await this.untilReady(server, /Editor is now accessible via/, timeoutMs, 'n8n start');
			const readyMs = Date.now() - started;
			await this.setupOwner();
			server.info = { baseUrl: server.baseUrl, port, startMs: Date.now() - started, readyMs };
			return server.info;
		} catch (e) {
			await this.stopServer();
			throw this.errorWithLogs(e, server);
		}
	},

	/** Set up the owner account, or log in as it when the user folder already has one; keeps the cookie. */
	async setupOwner() {
		const res = await postJson(this.server, '/rest/owner/setup', this.owner);
		let cookie = authCookie(res);
		if (!res.ok || !cookie) {
			// already set up (a second startServer on the same folder): log in instead
			const login = await postJson(this.server, '/rest/login', {
				emailOrLdapLoginId: this.owner.email,
				password: this.owner.password,
			});
			cookie = authCookie(login);
			if (!login.ok || !cookie)
				throw new Error(
					`owner setup/login failed: ${res.status} / ${login.status} ${await login.text()}`,
				);
		}
		this.server.cookie = cookie;
	},

	/** SIGTERM the server's process group, SIGKILL after 10 s; the task runner's leftovers too. */
	async stopServer() {
		const s = this.server;
		this.server = null;
		if (!s || s.exited) return;
		await stopGroup(s.child, { graceMs: 10000 });
	},

	/**
	 * Last lines (up to 200 kB) of the server's stdout and stderr, secrets masked. Pass { redacted: false } to
	 * check that n8n itself wrote no secret (the masking would hide it).
	 */
	serverLogs({ redacted = true } = {}) {
		if (!this.server) return '';
		const text = `${this.server.stdout}\n${this.server.stderr}`;
		return redacted ? this.redact(text) : text;
	},

	/** Production webhook URL of the running server for a Webhook node's `path`. */
	webhookUrl(webhookPath) {
		if (!this.server) throw new Error('server not started: call startServer() first');
		return `${this.server.baseUrl}/webhook/${String(webhookPath).replace(/^\/+/, '')}`;
	},
};

module.exports = { serverMethods };
