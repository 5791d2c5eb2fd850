'use strict';
/**
 * The OpenAI Chat Completions wire format, as much of it as n8n's OpenAI Chat Model node (LangChain's
 * ChatOpenAI) reads: a `chat.completion` object, or the same answer as `chat.completion.chunk` server-sent
 * events when the request says `stream: true`. Nothing here decides what to answer; see behaviours.js.
 */

/** Ids that say where they come from, numbered per server so runs are reproducible. */
function createIds() {
	let completion = 0;
	let call = 0;
	return {
		completion: () => `chatcmpl-scripted-${++completion}`,
		call: () => `call_scripted_${++call}`,
	};
}

/** A rough token count (4 characters a token): clients only add these up. */
function roughTokens(value) {
	const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
	return Math.max(1, Math.ceil(text.length / 4));
}

function usageFor(requestBody, reply) {
	const prompt = roughTokens(requestBody.messages);
	const completion = roughTokens(reply.content ?? reply.toolCalls);
	return {
		prompt_tokens: prompt,
		completion_tokens: completion,
		total_tokens: prompt + completion,
	};
}

/**
 * `reply` is what a behaviour returned, normalised: { content } or { toolCalls: [{ id, name, arguments }] }
 * with `arguments` already a JSON string.
 */
function completionObject(reply, { id, model, created, requestBody }) {
	const message = reply.toolCalls
		? {
				role: 'assistant',
				content: null,
				tool_calls: reply.toolCalls.map((c) => ({
					id: c.id,
					type: 'function',
					function: { name: c.name, arguments: c.arguments },
				})),
			}
		: { role: 'assistant', content: reply.content };
	return {
		id,
		object: 'chat.completion',
		created,
		model,
		choices: [
			{
				index: 0,
				message,
				logprobs: null,
				finish_reason: reply.toolCalls ? 'tool_calls' : 'stop',
			},
		],
		usage: usageFor(requestBody, reply),
		system_fingerprint: 'scripted',
	};
}

/** Split a string into pieces of about `size` characters, so a stream has more than one delta. */
function pieces(text, size = 16) {
	const out = [];
	for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
	return out.length ? out : [''];
}

/** The same answer as the list of `chat.completion.chunk` objects a streaming request receives. */
function completionChunks(reply, { id, model, created, requestBody }) {
	const chunk = (delta, finishReason = null) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		system_fingerprint: 'scripted',
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
	});
	const chunks = [chunk({ role: 'assistant', content: reply.toolCalls ? null : '' })];
	if (reply.toolCalls) {
		reply.toolCalls.forEach((c, index) => {
			chunks.push(
				chunk({
					tool_calls: [
						{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } },
					],
				}),
			);
			for (const part of pieces(c.arguments)) {
				chunks.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
			}
		});
		chunks.push(chunk({}, 'tool_calls'));
	} else {
		for (const part of pieces(reply.content)) chunks.push(chunk({ content: part }));
		chunks.push(chunk({}, 'stop'));
	}
	if (requestBody.stream_options && requestBody.stream_options.include_usage) {
		chunks.push({
			id,
			object: 'chat.completion.chunk',
			created,
			model,
			system_fingerprint: 'scripted',
			choices: [],
			usage: usageFor(requestBody, reply),
		});
	}
	return chunks;
}

/** OpenAI's error body: { error: { message, type, param, code } }. */
function errorBody(message, type = 'invalid_request_error', code = null) {
	return { error: { message, type, param: null, code } };
}

function modelList(models, created) {
	return {
		object: 'list',
		data: models.map((id) => ({ id, object: 'model', created, owned_by: 'openai-scripted' })),
	};
}

module.exports = { createIds, completionObject, completionChunks, errorBody, modelList };
