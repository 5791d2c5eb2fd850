'use strict';
/**
 * A scripted OpenAI-compatible model on 127.0.0.1, so that n8n's AI Agent and OpenAI Chat Model nodes run
 * offline: point the OpenAI credential's Base URL at `model.baseUrl`.
 *
 *   const { startScriptedModel, scripted } = require('<repo>/tools/openai-scripted');
 *   const model = await startScriptedModel({
 *     behaviour: scripted([
 *       { call: { tool: 'Get_order', arguments: { Order_ID: 'refund_7781' } } },
 *       { answer: (c) => `Status: ${c.lastResults[0].json[0].status}` },
 *     ]),
 *   });
 *   model.baseUrl;            // http://127.0.0.1:<port>/v1  (the credential's Base URL)
 *   model.apiKey;             // the only key it accepts (a fake string; no real provider's key is ever used)
 *   model.requests;           // every request: { method, path, body, stream, authorized, reply, at }
 *   model.completions();      // only the chat completion requests
 *   model.toolsOffered();     // the tools of the first completion request: [{ name, description, parameters }]
 *   model.setBehaviour(fn);   // swap the script between runs
 *   await model.close();
 *
 * Serves: POST /v1/chat/completions (a JSON answer, or server-sent events when the body says
 * `stream: true`), GET /v1/models (the editor's model list and the credential test). Everything else is an
 * OpenAI-shaped 404. The Responses API (/v1/responses) is not served: use the OpenAI Chat Model node with
 * "Use Responses API" off (it is a version 1.3 option; version 1.2 and older never use it).
 */
const http = require('node:http');

const { readConversation } = require('./conversation');
const { scripted, payoutAssistant, describeToolResult } = require('./behaviours');
const { createIds, completionObject, completionChunks, errorBody, modelList } = require('./wire');

const DEFAULT_MODEL = 'scripted-payout-model';
/** A fake key: the server checks that the credential's key arrives, nothing else. */
const DEFAULT_API_KEY = 'sk-scripted-model-not-a-real-key';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

function sendJson(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

function sendEvents(res, chunks) {
	res.writeHead(200, {
		'content-type': 'text/event-stream',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
	});
	for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
	res.end('data: [DONE]\n\n');
}

/** Behaviour replies in one shape: { content } | { toolCalls: [{ id, name, arguments: string }] } | { error }. */
function normaliseReply(reply, ids) {
	if (!reply || typeof reply !== 'object')
		return { error: 'scripted model: the behaviour returned nothing' };
	if (reply.error !== undefined) return { error: String(reply.error), status: reply.status || 400 };
	if (Array.isArray(reply.toolCalls) && reply.toolCalls.length) {
		return {
			toolCalls: reply.toolCalls.map((c) => ({
				id: c.id || ids.call(),
				name: c.name,
				arguments:
					typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}),
			})),
		};
	}
	return { content: String(reply.content ?? '') };
}

async function startScriptedModel({
	behaviour = payoutAssistant(),
	apiKey = DEFAULT_API_KEY,
	models = [DEFAULT_MODEL],
	port = 0,
	host = '127.0.0.1',
} = {}) {
	let current = behaviour;
	const requests = [];
	const ids = createIds();
	// which reply issued each tool call, so calls made together count as one round (see readConversation)
	const batches = new Map();
	let batchCount = 0;
	const batchOf = (callId) => batches.get(callId);
	const created = Math.floor(Date.now() / 1000);

	const handle = (req, res, raw) => {
		const url = new URL(req.url, 'http://scripted.invalid');
		const authorized = req.headers.authorization === `Bearer ${apiKey}`;
		const record = { method: req.method, path: url.pathname, authorized, at: Date.now() };
		requests.push(record);
		if (!authorized) {
			record.status = 401;
			return sendJson(
				res,
				401,
				errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
			);
		}
		if (req.method === 'GET' && /^\/(v1\/)?models$/.test(url.pathname)) {
			record.status = 200;
			return sendJson(res, 200, modelList(models, created));
		}
		if (req.method !== 'POST' || !/^\/(v1\/)?chat\/completions$/.test(url.pathname)) {
			record.status = 404;
			return sendJson(
				res,
				404,
				errorBody(
					`scripted model: no route ${req.method} ${url.pathname}`,
					'invalid_request_error',
					'unknown_url',
				),
			);
		}
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			record.status = 400;
			return sendJson(res, 400, errorBody('scripted model: the body is not JSON'));
		}
		record.body = body;
		record.stream = body.stream === true;
		let reply;
		try {
			reply = normaliseReply(current(readConversation(body, { batchOf })), ids);
			if (reply.toolCalls) {
				const batch = ++batchCount;
				for (const c of reply.toolCalls) batches.set(c.id, batch);
			}
		} catch (e) {
			reply = { error: `scripted model: the behaviour threw: ${e && e.message}`, status: 500 };
		}
		record.reply = reply;
		if (reply.error !== undefined) {
			record.status = reply.status;
			return sendJson(res, reply.status, errorBody(reply.error, 'scripted_error'));
		}
		record.status = 200;
		const meta = {
			id: ids.completion(),
			model: body.model || models[0],
			created: Math.floor(Date.now() / 1000),
			requestBody: body,
		};
		if (record.stream) return sendEvents(res, completionChunks(reply, meta));
		return sendJson(res, 200, completionObject(reply, meta));
	};

	const server = http.createServer((req, res) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= MAX_BODY_BYTES) chunks.push(c);
		});
		req.on('end', () => {
			if (size > MAX_BODY_BYTES)
				return sendJson(res, 413, errorBody('scripted model: body too large'));
			handle(req, res, Buffer.concat(chunks).toString('utf8'));
		});
	});
	const sockets = new Set();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const origin = `http://${host}:${server.address().port}`;
	const completions = () => requests.filter((r) => r.body !== undefined);
	return {
		origin,
		baseUrl: `${origin}/v1`,
		port: server.address().port,
		apiKey,
		model: models[0],
		requests,
		completions,
		/** The model's view of a recorded request (rounds of calls made together stay together). */
		conversationOf: (request) => readConversation(request.body, { batchOf }),
		toolsOffered: (index = 0) => {
			const first = completions()[index];
			return first ? readConversation(first.body, { batchOf }).tools : undefined;
		},
		setBehaviour: (next) => {
			current = next;
		},
		clear: () => {
			requests.length = 0;
		},
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

module.exports = {
	startScriptedModel,
	scripted,
	payoutAssistant,
	describeToolResult,
	readConversation,
	DEFAULT_MODEL,
	DEFAULT_API_KEY,
};
