'use strict';
/**
 * A headless stand-in for n8n's hosted chat page, for workflows whose Chat Trigger answers "Using Response
 * Nodes" (the mode n8n's Chat node and its human review need). It does what the page does:
 *
 *   1. POST <n8n>/webhook/<webhookId>/chat { action: 'sendMessage', sessionId, chatInput }
 *      → { executionStarted: true, executionId, resumeToken? (n8n 2.41) }
 *   2. open the WebSocket <n8n>/chat?sessionId=…&executionId=…&isPublic=true(&token=<resumeToken>), answer
 *      n8n's heartbeats, and
 *      receive what the workflow sends into the chat: plain text, or a message with buttons (human review:
 *      each button is a signed link that resumes the waiting execution).
 *   3. "click" a button: GET its link, as the browser does.
 *
 *   const chat = await openChat({ baseUrl, webhookId, WebSocket });  // once the chat page opens
 *   const turn = await chat.send('cancel 123-f1');
 *   const review = await turn.nextMessage((m) => m.buttons);   // { text, buttons: [{ text, link, type }] }
 *   await chat.click(review.buttons.find((b) => /approve/i.test(b.text)));
 *   const answer = await turn.nextMessage((m) => typeof m.text === 'string' && !m.buttons);
 *   await turn.closed;                                            // n8n closes the socket when the run ends
 *   chat.close();
 *
 * n8n looks for news to send every 3 s, so each message takes up to 3 s to arrive. `WebSocket` is a
 * constructor with the `ws` package's API: n8n's own copy (see webSocketFromN8n), so nothing is installed.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { createRequire } = require('node:module');

const HEARTBEAT = 'n8n|heartbeat';
const HEARTBEAT_ACK = 'n8n|heartbeat-ack';
const CONTINUE = 'n8n|continue';
const BROWSER_USER_AGENT =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** The `ws` package of an installed n8n (its chat server uses it too). */
function webSocketFromN8n(n8nInstallDir) {
	return createRequire(path.join(n8nInstallDir, 'node_modules', 'n8n', 'package.json'))('ws');
}

/** A chat message as the page shows it: { text, buttons? , raw }. */
function parseChatMessage(raw) {
	try {
		const value = JSON.parse(raw);
		if (value && typeof value === 'object' && typeof value.text === 'string') {
			return {
				text: value.text,
				buttons: Array.isArray(value.buttons) ? value.buttons : undefined,
				raw,
			};
		}
	} catch {
		/* plain text */
	}
	return { text: raw, raw };
}

/**
 * Loads the hosted chat page (GET on the chat URL) like a user opening it, until n8n serves it: right
 * after activation n8n may still be registering the workflow's webhooks (n8n 2.41.1 was, here).
 */
async function waitForChatPage(url, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	for (;;) {
		const res = await fetch(url, { headers: { 'user-agent': BROWSER_USER_AGENT } });
		const text = await res.text();
		if (res.ok) return;
		last = `${res.status} ${text.slice(0, 300)}`;
		if (Date.now() > deadline) throw new Error(`the chat page at ${url} did not open: ${last}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

async function openChat({
	baseUrl,
	webhookId,
	WebSocket,
	sessionId = crypto.randomUUID(),
	timeoutMs = 60000,
}) {
	const sockets = new Set();
	await waitForChatPage(`${baseUrl}/webhook/${webhookId}/chat`, timeoutMs);

	/** Sends one user message; resolves to the turn: its execution id, messages, and waiting helpers. */
	async function send(chatInput) {
		const res = await fetch(`${baseUrl}/webhook/${webhookId}/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`chat message refused: ${res.status} ${text.slice(0, 500)}`);
		const started = JSON.parse(text);
		if (!started.executionId)
			throw new Error(`chat message started no execution: ${text.slice(0, 500)}`);
		return openTurn(started.executionId, started.resumeToken);
	}

	/** `resumeToken`: n8n 2.41 answers a chat message with one and admits the WebSocket only with it. */
	function openTurn(executionId, resumeToken) {
		const query = new URLSearchParams({ sessionId, executionId, isPublic: 'true' });
		if (resumeToken) query.set('token', resumeToken);
		const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/chat?${query}`;
		const socket = new WebSocket(wsUrl);
		sockets.add(socket);
		const messages = [];
		const waiters = new Set();
		let continues = 0;
		let closedResolve;
		const closed = new Promise((resolve) => (closedResolve = resolve));
		const settle = () => {
			for (const w of waiters) w.check();
		};
		socket.on('message', (data) => {
			const raw = data.toString('utf8');
			if (raw === HEARTBEAT) return socket.send(HEARTBEAT_ACK);
			if (raw === CONTINUE) {
				continues++;
				return undefined;
			}
			messages.push(parseChatMessage(raw));
			settle();
			return undefined;
		});
		socket.on('close', () => {
			sockets.delete(socket);
			closedResolve();
			settle();
		});
		socket.on('error', () => {
			/* the close event follows */
		});
		let seen = 0;
		return {
			executionId,
			messages,
			closed,
			get continues() {
				return continues;
			},
			/** The next message (after those already returned) that matches; rejects on timeout or close. */
			nextMessage(match = () => true, { timeout = timeoutMs } = {}) {
				return new Promise((resolve, reject) => {
					const waiter = {
						check: () => {
							while (seen < messages.length) {
								const m = messages[seen++];
								if (match(m)) {
									done();
									return resolve(m);
								}
							}
							if (socket.readyState === WebSocket.CLOSED) {
								done();
								reject(
									new Error(
										`chat closed without the message; got ${JSON.stringify(messages.map((m) => m.text))}`,
									),
								);
							}
							return undefined;
						},
					};
					const timer = setTimeout(() => {
						done();
						reject(
							new Error(
								`no chat message within ${timeout} ms; got ${JSON.stringify(messages.map((m) => m.text))}`,
							),
						);
					}, timeout);
					const done = () => {
						clearTimeout(timer);
						waiters.delete(waiter);
					};
					waiters.add(waiter);
					waiter.check();
				});
			},
		};
	}

	/**
	 * Follows a button's link like the browser does; resolves to { status, text }. With a browser's
	 * User-Agent: n8n ignores approval links fetched by bots (link previews), and Node's own User-Agent
	 * counts as one.
	 */
	async function click(button) {
		if (!button || !button.link) throw new Error(`not a chat button: ${JSON.stringify(button)}`);
		const res = await fetch(button.link, { headers: { 'user-agent': BROWSER_USER_AGENT } });
		return { status: res.status, text: await res.text() };
	}

	return {
		sessionId,
		send,
		click,
		close: () => {
			for (const s of sockets) s.terminate();
			sockets.clear();
		},
	};
}

module.exports = { openChat, waitForChatPage, webSocketFromN8n, parseChatMessage };
