'use strict';
/**
 * What the scripted model answers. A behaviour is a function (conversation) → reply, where the
 * conversation is readConversation()'s view of the request and the reply is one of
 *   { toolCalls: [{ name, arguments }] }   call tools (arguments: an object)
 *   { content: '…' }                      the final answer
 *   { error: '…', status? }               answer with an OpenAI error (HTTP 400 by default)
 *
 * scripted(steps): for tests. Step k answers the request that follows k rounds of tool calls since the
 *   user's last message, so the script is exactly the calls the test expects, then the answer.
 * payoutAssistant(): for trying the package in the editor's chat with no model account. It reads the
 *   user's message like a careful assistant would: an order ID → the order tool, a fulfillment ID and
 *   "cancel" → the cancel tool, "balance" / "outage" → those tools; then it answers from the result.
 */
const { findTool, parameterNames, allParameterNames } = require('./conversation');

// ------------------------------------------------------------------------------------------ scripted

/**
 * steps: [step, …]; a step is
 *   { call: { tool, arguments } } or { calls: [{ tool, arguments }, …] }
 *       tool: a name, a RegExp (name, then description) or a predicate; arguments: object or (c) => object
 *   { answer: '…' | (conversation) => '…' }
 *   (conversation) => step
 * A request past the last step, or naming a tool that is not offered, gets an error reply that says so.
 */
function scripted(steps) {
	return (conversation) => {
		const index = conversation.rounds.length;
		let step = steps[index];
		if (typeof step === 'function') step = step(conversation);
		if (!step) {
			return {
				error: `scripted model: no step ${index + 1} (the script has ${steps.length}); the last tool results were ${JSON.stringify(conversation.lastResults.map((r) => r.text))}`,
			};
		}
		if (step.answer !== undefined) {
			const content = typeof step.answer === 'function' ? step.answer(conversation) : step.answer;
			return { content: String(content) };
		}
		const calls = step.calls || (step.call ? [step.call] : []);
		if (!calls.length)
			return { error: `scripted model: step ${index + 1} has no call and no answer` };
		const toolCalls = [];
		for (const call of calls) {
			const tool = findTool(conversation.tools, call.tool);
			if (!tool) {
				return {
					error: `scripted model: step ${index + 1} calls ${String(call.tool)}, which is not offered (offered: ${conversation.tools.map((t) => t.name).join(', ') || 'none'})`,
				};
			}
			const args =
				typeof call.arguments === 'function' ? call.arguments(conversation, tool) : call.arguments;
			toolCalls.push({ name: tool.name, arguments: args ?? {} });
		}
		return { toolCalls };
	};
}

// --------------------------------------------------------------------------------- payout assistant

const FULFILLMENT_ID = /[A-Za-z0-9_@-]+-f\d+\b/;
const ID_TOKEN = /[A-Za-z0-9_@-]{4,64}/g;
const CANCEL_WORDS = /\b(cancel|stop|halt|abort|revoke)\b/i;
const BALANCE_WORDS = /\b(balance|funds|money)\b/i;
const OUTAGE_WORDS = /\b(outages?|down|fluctuat\w*|banks? (are|is) (up|working))\b/i;

function firstOrderId(text) {
	const withoutFulfillments = text.replace(new RegExp(FULFILLMENT_ID.source, 'g'), ' ');
	for (const token of withoutFulfillments.match(ID_TOKEN) || []) {
		// an ID has a digit or an underscore; plain words ("order", "status") do not
		if (/[\d_@]/.test(token)) return token;
	}
	return undefined;
}

const mentions = (pattern) => (tool) => pattern.test(tool.name) || pattern.test(tool.description);
const hasParameter = (pattern) => (tool) =>
	allParameterNames(tool.parameters).some((p) => pattern.test(p));

/**
 * Fills every parameter of a JSON schema: ids where the name says which, empty values elsewhere. Nested
 * objects are filled the same way: n8n's human review wraps a tool's parameters as
 * { toolParameters: {…}, hitlParameters: {…} }.
 */
function argumentsFor(schema, ids) {
	const props = (schema && schema.properties) || {};
	const args = {};
	for (const name of parameterNames({ parameters: schema })) {
		const prop = props[name] || {};
		if (prop.type === 'object') args[name] = argumentsFor(prop, ids);
		else if (/fulfil/i.test(name) && ids.fulfillmentId) args[name] = ids.fulfillmentId;
		else if (/order/i.test(name) && ids.orderId) args[name] = ids.orderId;
		else if (prop.type === 'boolean') args[name] = false;
		else if (prop.type === 'number' || prop.type === 'integer') args[name] = 0;
		else args[name] = '';
	}
	return args;
}

function offeredNames(tools) {
	return tools.length ? tools.map((t) => t.name).join(', ') : 'none';
}

function planFirstCall(conversation) {
	const { lastUserMessage: text, tools } = conversation;
	const fulfillmentMatch = FULFILLMENT_ID.exec(text);
	const fulfillmentId = fulfillmentMatch ? fulfillmentMatch[0] : undefined;
	const orderId = firstOrderId(text);
	const call = (tool, ids) => ({
		toolCalls: [{ name: tool.name, arguments: argumentsFor(tool.parameters, ids) }],
	});

	if (CANCEL_WORDS.test(text)) {
		const cancelTool = tools.find((t) => mentions(/cancel/i)(t) && hasParameter(/fulfil/i)(t));
		if (!cancelTool) {
			return {
				content: `I cannot cancel payouts here: this assistant has no cancel tool (its tools: ${offeredNames(tools)}). Ask a person with access to Juspay to cancel it.`,
			};
		}
		if (!fulfillmentId) {
			return {
				content:
					"To cancel a payout I need Juspay's fulfillment ID, which ends in -f1, -f2, …. Give me your order ID and I will look up its fulfillments first.",
			};
		}
		return call(cancelTool, { fulfillmentId, orderId });
	}
	if (BALANCE_WORDS.test(text)) {
		const tool = tools.find(mentions(/balance/i));
		if (tool) return call(tool, {});
	}
	if (OUTAGE_WORDS.test(text)) {
		const tool = tools.find(mentions(/outage/i));
		if (tool) return call(tool, {});
	}
	if (orderId || fulfillmentId) {
		// the order lookup takes an order ID and no fulfillment ID (its description may well mention cancelling)
		const orderTool = tools.find((t) => hasParameter(/order/i)(t) && !hasParameter(/fulfil/i)(t));
		if (!orderTool)
			return { content: `I have no tool to look up orders (my tools: ${offeredNames(tools)}).` };
		if (!orderId) {
			return {
				content: `${fulfillmentId} is a fulfillment ID. To see where it stands I need the order ID it belongs to (your own ID for the payout order).`,
			};
		}
		return call(orderTool, { orderId });
	}
	return {
		content:
			'I can look up a payout order (tell me its order ID), cancel a payout (tell me its fulfillment ID, ending in -f1, -f2, …), show the payout balance, or list bank and gateway outages.',
	};
}

/** Turns a tool's output (what n8n passes back: usually a JSON list of the node's items) into prose. */
function describeToolResult(result) {
	const value = result.json;
	const items = Array.isArray(value) ? value : value !== undefined ? [value] : [];
	if (!items.length) return `The tool answered: ${result.text.slice(0, 400)}`;
	return items.map(describeItem).join('\n');
}

function describeItem(item) {
	if (item === null || typeof item !== 'object')
		return `The tool answered: ${JSON.stringify(item)}`;
	if (item.error !== undefined) {
		const message =
			item.message || (typeof item.error === 'object' ? item.error.message : item.error);
		const fix =
			typeof item.error === 'object' && item.error.description ? ` ${item.error.description}` : '';
		return `That did not work: ${message}.${fix}`;
	}
	// n8n's human review, declined: the tool did not run
	if (typeof item.output === 'string' && /rejected the tool call/i.test(item.output)) {
		return 'The request was not approved, so nothing was sent to Juspay.';
	}
	if (item.fulfillmentId && item.cancellationScheduled) {
		const outcome = item.outcome ? ` Outcome: ${item.outcome}.` : '';
		return `Juspay has scheduled the cancellation of payout ${item.fulfillmentId} ("${item.status}").${outcome} A scheduled cancellation is not yet a cancelled payout: the order's status will show whether it was cancelled.`;
	}
	if (item.orderId && item.status && Array.isArray(item.fulfillments)) {
		const list = item.fulfillments
			.map(
				(f) =>
					`${f.id}: ${f.status}${f.amount !== undefined && f.amount !== null ? ` (${f.amount}${f.method ? ` via ${f.method}` : ''})` : ''}`,
			)
			.join('; ');
		return `Order ${item.orderId} is ${item.status}.${list ? ` Payouts: ${list}.` : ''}`;
	}
	return `Juspay says: ${JSON.stringify(item).slice(0, 600)}`;
}

function payoutAssistant() {
	return (conversation) => {
		if (!conversation.rounds.length) return planFirstCall(conversation);
		const results = conversation.lastResults;
		if (!results.length) return { content: 'The tool gave no answer.' };
		return { content: results.map(describeToolResult).join('\n') };
	};
}

module.exports = { scripted, payoutAssistant, describeToolResult };
