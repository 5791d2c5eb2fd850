'use strict';
/**
 * The scripted OpenAI-compatible model (tools/openai-scripted) over real HTTP on 127.0.0.1: the wire format
 * n8n's OpenAI Chat Model node reads (plain and streamed), the key check, the models list, scripted steps
 * and the payout assistant's choices.
 */
const {
	startScriptedModel,
	scripted,
	payoutAssistant,
	readConversation,
	describeToolResult,
} = require('../../tools/openai-scripted');

const TOOLS = [
	{
		type: 'function',
		function: {
			name: 'Get_order',
			description:
				'Look up a payout order by the merchant order ID; also tells whether a cancellation took effect',
			parameters: {
				type: 'object',
				properties: { Order_ID: { type: 'string' } },
				required: ['Order_ID'],
			},
		},
	},
	{
		type: 'function',
		function: {
			name: 'Cancel_payout',
			description: "Request cancellation of a payout by Juspay's fulfillment ID",
			parameters: {
				type: 'object',
				properties: { Fulfillment_ID: { type: 'string' }, note: { type: 'boolean' } },
				required: ['Fulfillment_ID', 'note'],
			},
		},
	},
	{
		type: 'function',
		function: {
			name: 'Balance',
			description: 'Get the payout balance',
			parameters: { type: 'object', properties: {} },
		},
	},
];

let model;
afterEach(async () => {
	if (model) await model.close();
	model = undefined;
});

async function complete(body, { apiKey = model.apiKey } = {}) {
	const res = await fetch(`${model.baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model: model.model, ...body }),
	});
	return {
		status: res.status,
		contentType: res.headers.get('content-type'),
		text: await res.text(),
	};
}

/** Folds a server-sent event stream back into one message, the way OpenAI clients do. */
function foldStream(text) {
	const events = text
		.split('\n\n')
		.filter((e) => e.startsWith('data: '))
		.map((e) => e.slice(6));
	expect(events[events.length - 1]).toBe('[DONE]');
	const message = { content: '', toolCalls: [] };
	let finishReason;
	let usage;
	for (const data of events.slice(0, -1)) {
		const chunk = JSON.parse(data);
		expect(chunk.object).toBe('chat.completion.chunk');
		if (chunk.usage) usage = chunk.usage;
		for (const choice of chunk.choices) {
			if (choice.finish_reason) finishReason = choice.finish_reason;
			if (choice.delta.content) message.content += choice.delta.content;
			for (const call of choice.delta.tool_calls || []) {
				const slot = (message.toolCalls[call.index] ||= { arguments: '' });
				if (call.id) slot.id = call.id;
				if (call.function && call.function.name) slot.name = call.function.name;
				if (call.function && call.function.arguments) slot.arguments += call.function.arguments;
			}
		}
	}
	return { message, finishReason, usage };
}

const userAsks = (text) => [
	{ role: 'system', content: 'You help with payouts.' },
	{ role: 'user', content: text },
];

describe('scripted steps', () => {
	const script = () =>
		scripted([
			{ call: { tool: /cancel/i, arguments: { Fulfillment_ID: 'abc-f1', note: false } } },
			{ answer: (c) => `status: ${c.lastResults[0].json[0].status}` },
		]);

	test('a tool call, then an answer from the tool result; every request recorded', async () => {
		model = await startScriptedModel({ behaviour: script() });
		const first = await complete({ messages: userAsks('stop abc-f1'), tools: TOOLS });
		expect(first.status).toBe(200);
		const call = JSON.parse(first.text);
		expect(call.object).toBe('chat.completion');
		expect(call.choices[0].finish_reason).toBe('tool_calls');
		const toolCall = call.choices[0].message.tool_calls[0];
		expect(toolCall).toMatchObject({ type: 'function', function: { name: 'Cancel_payout' } });
		expect(JSON.parse(toolCall.function.arguments)).toEqual({
			Fulfillment_ID: 'abc-f1',
			note: false,
		});

		const second = await complete({
			messages: [
				...userAsks('stop abc-f1'),
				{ role: 'assistant', content: '', tool_calls: call.choices[0].message.tool_calls },
				{ role: 'tool', tool_call_id: toolCall.id, content: '[{"status":"scheduled"}]' },
			],
			tools: TOOLS,
		});
		const answer = JSON.parse(second.text);
		expect(answer.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: { role: 'assistant', content: 'status: scheduled' },
		});
		expect(model.completions()).toHaveLength(2);
		expect(model.toolsOffered().map((t) => t.name)).toEqual([
			'Get_order',
			'Cancel_payout',
			'Balance',
		]);
		expect(model.requests.every((r) => r.authorized)).toBe(true);
	});

	test('streamed answers fold into the same tool call and the same text', async () => {
		model = await startScriptedModel({ behaviour: script() });
		const first = await complete({
			messages: userAsks('stop abc-f1'),
			tools: TOOLS,
			stream: true,
			stream_options: { include_usage: true },
		});
		expect(first.contentType).toMatch(/^text\/event-stream/);
		const folded = foldStream(first.text);
		expect(folded.finishReason).toBe('tool_calls');
		expect(folded.usage.total_tokens).toBeGreaterThan(0);
		expect(folded.message.toolCalls).toHaveLength(1);
		expect(folded.message.toolCalls[0].name).toBe('Cancel_payout');
		expect(JSON.parse(folded.message.toolCalls[0].arguments)).toEqual({
			Fulfillment_ID: 'abc-f1',
			note: false,
		});

		const second = await complete({
			stream: true,
			messages: [
				...userAsks('stop abc-f1'),
				{
					role: 'assistant',
					content: null,
					tool_calls: [
						{
							id: folded.message.toolCalls[0].id,
							type: 'function',
							function: { name: 'Cancel_payout', arguments: '{}' },
						},
					],
				},
				{
					role: 'tool',
					tool_call_id: folded.message.toolCalls[0].id,
					content: [{ type: 'text', text: '[{"status":"a long status text that spans chunks"}]' }],
				},
			],
			tools: TOOLS,
		});
		const answer = foldStream(second.text);
		expect(answer.finishReason).toBe('stop');
		expect(answer.usage).toBeUndefined(); // only sent when stream_options.include_usage asks for it
		expect(answer.message.content).toBe('status: a long status text that spans chunks');
	});

	test('calls made in one reply stay one round when the client replays them one message each (n8n does)', async () => {
		model = await startScriptedModel({
			behaviour: scripted([
				{
					calls: [
						{ tool: 'Balance', arguments: {} },
						{ tool: 'Get_order', arguments: { Order_ID: 'r1' } },
					],
				},
				{
					answer: (c) =>
						`${c.rounds.length} round, results ${c.lastResults.map((r) => r.name).join('+')}`,
				},
			]),
		});
		const first = JSON.parse((await complete({ messages: userAsks('both'), tools: TOOLS })).text);
		const [a, b] = first.choices[0].message.tool_calls;
		const replayed = [
			...userAsks('both'),
			{ role: 'assistant', content: '', tool_calls: [a] },
			{ role: 'tool', tool_call_id: a.id, content: '[{}]' },
			{ role: 'assistant', content: '', tool_calls: [b] },
			{ role: 'tool', tool_call_id: b.id, content: '[{}]' },
		];
		const second = JSON.parse((await complete({ messages: replayed, tools: TOOLS })).text);
		expect(second.choices[0].message.content).toBe('1 round, results Balance+Get_order');
	});

	test('a step naming a tool that is not offered, or a request past the script, is an error that says why', async () => {
		model = await startScriptedModel({
			behaviour: scripted([{ call: { tool: 'Delete_everything', arguments: {} } }]),
		});
		const res = await complete({ messages: userAsks('hi'), tools: TOOLS });
		expect(res.status).toBe(400);
		expect(JSON.parse(res.text).error.message).toMatch(
			/Delete_everything, which is not offered \(offered: Get_order, Cancel_payout, Balance\)/,
		);

		model.setBehaviour(scripted([]));
		const past = await complete({ messages: userAsks('hi'), tools: TOOLS });
		expect(past.status).toBe(400);
		expect(JSON.parse(past.text).error.message).toMatch(/no step 1 \(the script has 0\)/);
	});
});

describe('the HTTP surface', () => {
	test('a wrong key is refused like OpenAI does; the key is never recorded', async () => {
		model = await startScriptedModel();
		const res = await complete({ messages: userAsks('hi') }, { apiKey: 'sk-wrong' });
		expect(res.status).toBe(401);
		expect(JSON.parse(res.text).error.code).toBe('invalid_api_key');
		expect(model.requests[0]).toMatchObject({ authorized: false, status: 401 });
		expect(JSON.stringify(model.requests)).not.toContain(model.apiKey);
	});

	test('GET /v1/models lists the model (the editor list and the credential test)', async () => {
		model = await startScriptedModel();
		const res = await fetch(`${model.baseUrl}/models`, {
			headers: { authorization: `Bearer ${model.apiKey}` },
		});
		expect(res.status).toBe(200);
		expect((await res.json()).data.map((m) => m.id)).toEqual([model.model]);
	});

	test('other paths (the Responses API too) are an OpenAI-shaped 404; a body that is not JSON is a 400', async () => {
		model = await startScriptedModel();
		const res = await fetch(`${model.baseUrl}/responses`, {
			method: 'POST',
			headers: { authorization: `Bearer ${model.apiKey}` },
			body: '{}',
		});
		expect(res.status).toBe(404);
		expect((await res.json()).error.message).toMatch(/no route POST \/v1\/responses/);
		const bad = await fetch(`${model.baseUrl}/chat/completions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${model.apiKey}` },
			body: 'not json',
		});
		expect(bad.status).toBe(400);
	});

	test('listens on 127.0.0.1 only', async () => {
		model = await startScriptedModel();
		expect(model.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
	});
});

describe('payout assistant', () => {
	const ask = (text, tools = TOOLS) =>
		payoutAssistant()(readConversation({ messages: userAsks(text), tools }));

	test.each([
		['Where is my refund refund_7781?', 'Get_order', { Order_ID: 'refund_7781' }],
		[
			'Please cancel payout 9f2c-f1 now',
			'Cancel_payout',
			{ Fulfillment_ID: '9f2c-f1', note: false },
		],
		['What balance do we have?', 'Balance', {}],
	])('%s → %s', (text, name, args) => {
		expect(ask(text)).toEqual({ toolCalls: [{ name, arguments: args }] });
	});

	test("a tool behind n8n's human review: fills the nested toolParameters", () => {
		const gated = {
			type: 'function',
			function: {
				name: 'Cancel_payout',
				description: 'Cancel a payout',
				parameters: {
					type: 'object',
					properties: {
						toolParameters: {
							type: 'object',
							properties: { Fulfillment_ID: { type: 'string' } },
							required: ['Fulfillment_ID'],
						},
						hitlParameters: { type: 'object', properties: {} },
					},
					required: ['toolParameters', 'hitlParameters'],
				},
			},
		};
		expect(ask('cancel 9f2c-f1', [gated])).toEqual({
			toolCalls: [
				{
					name: 'Cancel_payout',
					arguments: { toolParameters: { Fulfillment_ID: '9f2c-f1' }, hitlParameters: {} },
				},
			],
		});
	});

	test('no cancel tool offered: it says it cannot cancel instead of calling anything', () => {
		const reply = ask(
			'cancel 9f2c-f1',
			TOOLS.filter((t) => t.function.name !== 'Cancel_payout'),
		);
		expect(reply.content).toMatch(/cannot cancel payouts here.*Get_order, Balance/);
	});

	test('cancel without a fulfillment ID: it asks for one, explaining the -f1 form', () => {
		expect(ask('cancel my refund refund_7781').content).toMatch(
			/fulfillment ID, which ends in -f1/,
		);
	});

	test('answers from a tool result: an order, a scheduled cancellation, an error item', () => {
		const order = describeToolResult({
			json: [
				{
					orderId: 'r1',
					status: 'FULFILLMENTS_CANCELLED',
					fulfillments: [{ id: 'x-f1', status: 'CANCELLED', amount: 1, method: 'DUMMY_IMPS' }],
				},
			],
		});
		expect(order).toBe(
			'Order r1 is FULFILLMENTS_CANCELLED. Payouts: x-f1: CANCELLED (1 via DUMMY_IMPS).',
		);
		const cancel = describeToolResult({
			json: [{ fulfillmentId: 'x-f1', status: 'scheduled', cancellationScheduled: true }],
		});
		expect(cancel).toMatch(/scheduled the cancellation of payout x-f1.*not yet a cancelled payout/);
		const failed = describeToolResult({
			json: [
				{
					error: { message: 'Juspay has no fulfillment "y"', description: 'Check the ID.' },
					message: 'Juspay has no fulfillment "y"',
				},
			],
		});
		expect(failed).toBe('That did not work: Juspay has no fulfillment "y". Check the ID.');
		const declined = describeToolResult({
			json: [
				{
					output:
						'User rejected the tool call to Cancel payout (id: call_1). STOP what you are doing',
				},
			],
		});
		expect(declined).toBe('The request was not approved, so nothing was sent to Juspay.');
	});
});
