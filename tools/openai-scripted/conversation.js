'use strict';
/**
 * Reads a Chat Completions request the way a model would: the system prompt, the user's last message,
 * the tool calls made since then with their results, and the tools on offer (name, description, JSON
 * schema of the parameters). Behaviours decide on this, never on the raw body.
 */

/** A message's text, whether `content` is a string or a list of parts. */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) => (typeof part === 'string' ? part : part && part.text) || '')
			.join('');
	}
	return '';
}

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The tools of a request as { name, description, parameters } (OpenAI's `tools[].function`). */
function offeredTools(body) {
	return (body.tools || [])
		.filter((t) => t && t.type === 'function' && t.function)
		.map((t) => ({
			name: t.function.name,
			description: t.function.description ?? '',
			parameters: t.function.parameters ?? {},
		}));
}

/**
 * {
 *   system, lastUserMessage,
 *   rounds: [{ calls: [{ id, name, arguments }], results: [{ callId, name, text, json }] }]  (since the last user message)
 *   lastResults: the results of the last round ([] when none), tools, model
 * }
 * `batchOf(callId)`, when given, says which of the model's replies issued a call: calls one reply made
 * together stay one round even when the client replays them as one assistant message each (n8n's AI
 * Agent 3.x does).
 */
function readConversation(body, { batchOf } = {}) {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const system = messages
		.filter((m) => m.role === 'system' || m.role === 'developer')
		.map((m) => textOf(m.content))
		.join('\n');
	let lastUserIndex = -1;
	messages.forEach((m, i) => {
		if (m.role === 'user') lastUserIndex = i;
	});
	const lastUserMessage = lastUserIndex >= 0 ? textOf(messages[lastUserIndex].content) : '';
	const rounds = [];
	const callNames = new Map();
	for (const m of messages.slice(lastUserIndex + 1)) {
		if (m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length) {
			const calls = m.tool_calls.map((c) => {
				const name = c.function && c.function.name;
				callNames.set(c.id, name);
				const args = c.function && c.function.arguments;
				return { id: c.id, name, arguments: typeof args === 'string' ? parseJson(args) : args };
			});
			const previous = rounds[rounds.length - 1];
			const batch = batchOf ? batchOf(calls[0].id) : undefined;
			if (previous && batch !== undefined && previous.batch === batch)
				previous.calls.push(...calls);
			else rounds.push({ calls, results: [], batch });
		} else if (m.role === 'tool' && rounds.length) {
			const text = textOf(m.content);
			rounds[rounds.length - 1].results.push({
				callId: m.tool_call_id,
				name: callNames.get(m.tool_call_id),
				text,
				json: parseJson(text),
			});
		}
	}
	return {
		system,
		lastUserMessage,
		rounds,
		lastResults: rounds.length ? rounds[rounds.length - 1].results : [],
		tools: offeredTools(body),
		model: body.model,
	};
}

/**
 * The offered tool that `selector` names: an exact name, a RegExp tried on the name and then on the
 * description, or a predicate on { name, description, parameters }.
 */
function findTool(tools, selector) {
	if (typeof selector === 'string') return tools.find((t) => t.name === selector);
	if (selector instanceof RegExp) {
		return (
			tools.find((t) => selector.test(t.name)) || tools.find((t) => selector.test(t.description))
		);
	}
	if (typeof selector === 'function') return tools.find(selector);
	return undefined;
}

/** Names of a tool's parameters (at the top level of its schema), required ones first. */
function parameterNames(tool) {
	const props = Object.keys((tool.parameters && tool.parameters.properties) || {});
	const required = (tool.parameters && tool.parameters.required) || [];
	return [
		...required.filter((r) => props.includes(r)),
		...props.filter((p) => !required.includes(p)),
	];
}

/** Every parameter name of a tool, nested objects included (n8n's human review nests them). */
function allParameterNames(schema) {
	const props = (schema && schema.properties) || {};
	return Object.entries(props).flatMap(([name, prop]) =>
		prop && prop.type === 'object' ? [name, ...allParameterNames(prop)] : [name],
	);
}

module.exports = {
	readConversation,
	findTool,
	parameterNames,
	allParameterNames,
	textOf,
	parseJson,
};
