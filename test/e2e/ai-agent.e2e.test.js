'use strict';
/**
 * The package as an AI agent's tools, end to end and offline, in each n8n of TARGETS: n8n's own AI Agent
 * and OpenAI Chat Model nodes, the chat model's credential pointing at the scripted OpenAI-compatible
 * model (tools/openai-scripted) on 127.0.0.1, and the Juspay Payout tools of examples/ai-payout-assistant.json
 * against the Juspay Payout emulator. One `n8n start` per version.
 *
 * The scripted model makes exactly the tool calls each test scripts, so the emulator's request log is the
 * proof of what the agent did; the model's recorded requests show what it was told (tool schema, tool
 * results). The tool schema is kept in test/e2e/ai-agent/tool-schema.n8n-<version>.json: a change to it
 * fails here. After a deliberate change, rewrite the files with UPDATE_TOOL_SCHEMAS=1 and review the diff.
 */
const fs = require('node:fs');
const path = require('node:path');

const {
	createN8nInstance,
	DEFAULT_VERSION,
	NEWEST,
	NEWEST_1X,
	nodeOutputJson,
} = require('../../tools/n8n');
const { describeIfN8nInstalled } = require('../helpers/real-n8n');
const { EXAMPLE_CREDENTIAL } = require('../../tools/story/examples');
const {
	AI_ASSISTANT,
	TOOL_NAMES,
	scriptedModelCredential,
	loadAiAssistant,
	readOnlyAssistant,
	directToolsWorkflow,
} = require('../../tools/story/ai-payout-assistant');
const { startEmulator } = require('../../tools/emulator');
const { startScriptedModel, scripted } = require('../../tools/openai-scripted');
const { openChat, waitForChatPage, webSocketFromN8n } = require('../../tools/n8n-chat');
const {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	CANCEL_PATH,
	SCHEDULED_TEXT,
	credentialFor,
	orderBody,
	secretForms,
} = require('../../tools/story/fixtures');

/**
 * What differs between versions, pinned per target:
 *   agentVersion  the AI Agent's typeVersion (the example's 3.1; n8n 1.x has only up to 3)
 *   humanReview   n8n's human review for tool calls (Chat node "Approve" before a tool runs), n8n >= 2.6
 */
const TARGETS = [
	{ version: DEFAULT_VERSION, node: undefined, agentVersion: 3.1, humanReview: true },
	{ version: NEWEST.version, node: NEWEST.node, agentVersion: 3.1, humanReview: true },
	{ ...NEWEST_1X, agentVersion: 3, humanReview: false },
];
const SCHEMA_DIR = path.join(__dirname, 'ai-agent');
const UPDATE_SCHEMAS = /^(1|true|yes)$/i.test(process.env.UPDATE_TOOL_SCHEMAS || '');
const HITL_NODE_TYPE = '@n8n/n8n-nodes-langchain.chatHitlTool';

/** Tool results of the last request the model received, in order: [{ name, text, json }]. */
function toolResultsSeen(model) {
	const requests = model.completions();
	const last = model.conversationOf(requests[requests.length - 1]);
	return last.rounds.flatMap((round) => round.results);
}

/** The emulator's log as "METHOD path status" lines (query strings dropped). */
function juspayCalls(emulator) {
	return emulator.requestLog.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
}

/** The tool schema as recorded: name, description and parameters of each tool, sorted by name. */
function schemaOf(tools) {
	return [...tools].sort((a, b) => a.name.localeCompare(b.name));
}

function checkRecordedSchema(target, key, tools) {
	const file = path.join(SCHEMA_DIR, `tool-schema.n8n-${target.version}.json`);
	const recorded = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	if (UPDATE_SCHEMAS) {
		recorded[key] = schemaOf(tools);
		fs.mkdirSync(SCHEMA_DIR, { recursive: true });
		fs.writeFileSync(file, `${JSON.stringify(recorded, null, '\t')}\n`);
		return;
	}
	if (!recorded[key]) {
		throw new Error(
			`no recorded tool schema "${key}" in ${path.relative(REPO_DIR, file)}: run with UPDATE_TOOL_SCHEMAS=1 and review the file`,
		);
	}
	expect(schemaOf(tools)).toEqual(recorded[key]);
}

function describeTarget(target) {
	return describeIfN8nInstalled(target.version, { node: target.node });
}

describe.each(TARGETS)('AI agent with Juspay tools in n8n $version', (target) => {
	describeTarget(target)(
		`n8n ${target.version}${target.node ? ` on Node ${target.node}` : ''}`,
		() => {
			let n8n;
			let emulator;
			let model;
			let orderSeq = 0;
			const ids = {};

			/** An order whose one fulfillment stays CREATED for 10 minutes, so a cancel takes effect. */
			function newOrder() {
				const orderId = `ai_${target.version.replace(/\./g, '')}_${++orderSeq}`;
				const order = emulator.createOrder(orderBody(orderId));
				return { orderId, fulfillmentId: order.fulfillments[0].id };
			}

			/** Runs the direct-tools workflow (imported before the start) with this script; resolves to the run. */
			async function runAgent(workflowKey, steps) {
				model.setBehaviour(scripted(steps));
				model.clear();
				emulator.clearLog();
				const run = await n8n.executeWorkflow(ids[workflowKey]);
				return { run, answer: (nodeOutputJson(run, AI_ASSISTANT.agent) || [])[0] };
			}

			beforeAll(async () => {
				emulator = await startEmulator({
					port: 0,
					apiKey: API_KEY,
					merchantId: MERCHANT_ID,
					pickDelayMs: 600000,
					cancelDelayMs: 20,
				});
				model = await startScriptedModel();
				n8n = await createN8nInstance({
					version: target.version,
					node: target.node,
					communityPackages: [REPO_DIR],
					secrets: [API_KEY, model.apiKey],
				});
				await n8n.importCredentials([
					{ ...EXAMPLE_CREDENTIAL, type: 'juspayPayoutApi', data: credentialFor(emulator.url) },
					scriptedModelCredential(model),
				]);
				// Every workflow goes in before the start, through the CLI: one import, and the same on n8n 1.x.
				// Their prompts are fixed; the scripts, set per test, decide what the model does.
				const workflows = {
					cancel: directToolsWorkflow({
						model,
						agentVersion: target.agentVersion,
						prompt: 'Cancel the payout of my order, then tell me where it stands.',
					}),
					wrongIds: directToolsWorkflow({
						model,
						agentVersion: target.agentVersion,
						prompt: 'Cancel payout refund_7781 (I do not remember its ID).',
					}),
					readOnly: directToolsWorkflow({
						model,
						agentVersion: target.agentVersion,
						prompt: 'How much can we pay out, and is any bank down?',
					}),
				};
				if (target.humanReview) {
					workflows.chat = loadAiAssistant({ model, publicChat: true });
					workflows.readOnlyChat = readOnlyAssistant({
						model,
						publicChat: true,
						streaming: true,
						name: 'Read-only payout assistant (streamed)',
					});
				}
				const list = Object.entries(workflows);
				const imported = await n8n.importWorkflows(
					list.map(([, wf]) => wf),
					{ via: 'cli' },
				);
				list.forEach(([key], i) => (ids[key] = imported[i]));
				await n8n.startServer();
			}, 240000);

			afterAll(async () => {
				if (n8n) await n8n.dispose();
				if (model) await model.close();
				if (emulator) await emulator.close();
			});

			test('the tool schema the model receives is the recorded one (names, descriptions, parameters)', async () => {
				const { run, answer } = await runAgent('cancel', [{ answer: 'Nothing to do.' }]);
				expect(run.ok).toBe(true);
				expect(answer.output).toBe('Nothing to do.');
				const tools = model.toolsOffered();
				expect(tools.map((t) => t.name).sort()).toEqual(Object.values(TOOL_NAMES).sort());
				// what the package itself says: each tool's description is its operation's Tool Description
				const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
				expect(byName[TOOL_NAMES.order].description).toMatch(
					/merchant's own order ID.*not a fulfillment ID ending in -f1/,
				);
				expect(byName[TOOL_NAMES.cancel].description).toMatch(
					/Juspay's fulfillment ID, which ends in -f1.*only schedules the cancellation/,
				);
				expect(byName[TOOL_NAMES.balance].description).toMatch(
					/^Get the merchant's payout balance.*Read-only/,
				);
				expect(byName[TOOL_NAMES.outage].description).toMatch(/down or fluctuating.*Read-only/);
				checkRecordedSchema(target, 'direct', tools);
			});

			test('Order → Get and Fulfillment → Cancel: Juspay sees exactly the calls the model made; the answer carries its status', async () => {
				const { orderId, fulfillmentId } = newOrder();
				const { run, answer } = await runAgent('cancel', [
					{ call: { tool: TOOL_NAMES.order, arguments: { order_id: orderId } } },
					// the fulfillment ID the model cancels is the one the order lookup returned
					{
						call: {
							tool: TOOL_NAMES.cancel,
							arguments: (c) => ({ fulfillment_id: c.lastResults[0].json[0].fulfillments[0].id }),
						},
					},
					{ call: { tool: TOOL_NAMES.order, arguments: { order_id: orderId } } },
					{
						answer: (c) => {
							const [lookup, cancel, after] = c.rounds.map((r) => r.results[0].json[0]);
							return `Before: ${lookup.fulfillments[0].status}. Juspay: ${cancel.status} Now: ${after.fulfillments[0].status}.`;
						},
					},
				]);
				expect(run.ok).toBe(true);
				expect(juspayCalls(emulator)).toEqual([
					`GET /payout/merchant/v1/orders/${orderId} 200`,
					`POST ${CANCEL_PATH(fulfillmentId)} 200`,
					`GET /payout/merchant/v1/orders/${orderId} 200`,
				]);
				expect(answer.output).toBe(`Before: CREATED. Juspay: ${SCHEDULED_TEXT} Now: CANCELLED.`);
				expect(model.completions()).toHaveLength(4);
				const results = toolResultsSeen(model);
				expect(results.map((r) => r.name)).toEqual([
					TOOL_NAMES.order,
					TOOL_NAMES.cancel,
					TOOL_NAMES.order,
				]);
				expect(results[1].json).toEqual([
					{ fulfillmentId, status: SCHEDULED_TEXT, cancellationScheduled: true, tries: 1 },
				]);
			});

			test('read-only tools: balance and outages asked for in one turn (two tool calls at once)', async () => {
				const { run, answer } = await runAgent('readOnly', [
					{
						calls: [
							{ tool: TOOL_NAMES.balance, arguments: {} },
							{ tool: TOOL_NAMES.outage, arguments: {} },
						],
					},
					{
						answer: (c) =>
							c.lastResults
								.map((r) => `${r.name}: ${Object.keys(r.json[0]).sort().join(',')}`)
								.join(' | '),
					},
				]);
				expect({ ok: run.ok, error: run.error && run.error.message }).toEqual({
					ok: true,
					error: undefined,
				});
				expect(juspayCalls(emulator).sort()).toEqual([
					'GET /payout/merchant/v1/getways/balance 200',
					'GET /payout/merchant/v1/outage 200',
				]);
				expect(answer.output).toMatch(
					new RegExp(`${TOOL_NAMES.balance}: balances,lastUpdated,raw`),
				);
				expect(answer.output).toMatch(new RegExp(`${TOOL_NAMES.outage}: `));
			});

			test('a wrong, made-up or malformed ID comes back to the model as a tool error it can act on; nothing is sent for a malformed one', async () => {
				const { orderId } = newOrder();
				const { run, answer } = await runAgent('wrongIds', [
					// the commonest model mistake: the merchant's order ID given as the fulfillment ID
					{ call: { tool: TOOL_NAMES.cancel, arguments: { fulfillment_id: orderId } } },
					{ call: { tool: TOOL_NAMES.order, arguments: { order_id: 'refund_made_up_404' } } },
					{ call: { tool: TOOL_NAMES.cancel, arguments: { fulfillment_id: '../orders/x y-f1' } } },
					{ answer: (c) => `Seen ${c.rounds.length} tool errors.` },
				]);
				// the agent run goes on: no crash, the model gets a fourth turn and answers
				expect(run.ok).toBe(true);
				expect(answer.output).toBe('Seen 3 tool errors.');
				expect(juspayCalls(emulator)).toEqual([
					`POST ${CANCEL_PATH(orderId)} 404`,
					'GET /payout/merchant/v1/orders/refund_made_up_404 404',
				]);
				const [wrongKind, madeUp, malformed] = toolResultsSeen(model).map((r) => r.json[0]);
				expect(wrongKind.error.message).toMatch(
					new RegExp(`Juspay has no fulfillment "${orderId}" \\(HTTP 404`),
				);
				expect(wrongKind.error.description).toMatch(/ending in -f1.*not your own order ID/);
				expect(madeUp.error.message).toMatch(/Juspay has no order "refund_made_up_404" \(HTTP 404/);
				expect(malformed.error.message).toMatch(/^Nothing was sent for fulfillment/);
				expect(malformed.error.description).toMatch(/No request was made/);
				for (const toolError of [wrongKind, madeUp, malformed])
					expect(JSON.stringify(toolError)).not.toContain(API_KEY);
			});

			test("no key in n8n's logs, and the model never receives the Juspay key", () => {
				const logs = n8n.serverLogs({ redacted: false });
				const toModel = JSON.stringify(model.requests);
				for (const secret of secretForms(API_KEY)) {
					expect(logs).not.toContain(secret);
					expect(toModel).not.toContain(secret);
				}
				expect(logs).not.toContain(model.apiKey);
			});

			test(`human review for tool calls (Chat "Approve"): ${target.humanReview ? 'available' : 'not in this version'}`, async () => {
				const { nodes } = await n8n.loadedTypes();
				expect(nodes.some((n) => n.name === HITL_NODE_TYPE)).toBe(target.humanReview);
			});

			if (target.humanReview) {
				test('read-only assistant in a streamed chat: n8n asks the model for streams; only the three read-only tools are offered', async () => {
					const { orderId } = newOrder();
					model.setBehaviour(
						scripted([
							{ call: { tool: TOOL_NAMES.order, arguments: { order_id: orderId } } },
							{ answer: (c) => `${orderId}: ${c.lastResults[0].json[0].fulfillments[0].status}` },
						]),
					);
					model.clear();
					emulator.clearLog();
					await n8n.activateWorkflow(ids.readOnlyChat);
					const trigger = readOnlyAssistant().nodes.find((n) => n.name === AI_ASSISTANT.trigger);
					const chatUrl = `${n8n.server.baseUrl}/webhook/${trigger.webhookId}/chat`;
					await waitForChatPage(chatUrl, 30000);
					const res = await fetch(chatUrl, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({
							action: 'sendMessage',
							sessionId: 'read-only',
							chatInput: `Where is ${orderId}?`,
						}),
					});
					expect(res.status).toBe(200);
					// n8n streams the agent's answer as JSON lines: begin, item (a piece of the text), end
					const events = (await res.text())
						.trim()
						.split('\n')
						.map((line) => JSON.parse(line));
					const pieces = events.filter((e) => e.type === 'item').map((e) => e.content);
					expect(pieces.join('')).toBe(`${orderId}: CREATED`);
					expect(pieces.length).toBeGreaterThan(1);
					expect(model.completions().map((r) => r.stream)).toEqual([true, true]);
					expect(
						model
							.toolsOffered()
							.map((t) => t.name)
							.sort(),
					).toEqual([TOOL_NAMES.balance, TOOL_NAMES.order, TOOL_NAMES.outage].sort());
					expect(juspayCalls(emulator)).toEqual([`GET /payout/merchant/v1/orders/${orderId} 200`]);
				});

				describe('the example in the chat, Cancel behind human review', () => {
					let chat;
					beforeAll(async () => {
						await n8n.activateWorkflow(ids.chat);
						const trigger = loadAiAssistant().nodes.find((n) => n.name === AI_ASSISTANT.trigger);
						chat = await openChat({
							baseUrl: n8n.server.baseUrl,
							webhookId: trigger.webhookId,
							WebSocket: webSocketFromN8n(n8n.installDir),
						});
					});
					afterAll(() => chat && chat.close());

					/** One chat turn in which the model asks to cancel `fulfillmentId`: resolves at the review message. */
					async function askToCancel(fulfillmentId) {
						model.setBehaviour(
							scripted([
								{
									call: {
										tool: TOOL_NAMES.cancel,
										arguments: {
											toolParameters: { fulfillment_id: fulfillmentId },
											hitlParameters: {},
										},
									},
								},
								{ answer: (c) => `Tool said: ${c.lastResults[0].text}` },
							]),
						);
						model.clear();
						emulator.clearLog();
						const turn = await chat.send(`Please cancel payout ${fulfillmentId}`);
						const review = await turn.nextMessage((m) => Boolean(m.buttons));
						return { turn, review };
					}

					test('nothing reaches Juspay until a person approves; then exactly that cancel; the answer in the chat carries its status', async () => {
						const { fulfillmentId } = newOrder();
						const { turn, review } = await askToCancel(fulfillmentId);
						expect(review.text).toContain(fulfillmentId);
						expect(review.buttons.map((b) => b.text)).toEqual(['Cancel the payout', 'Keep it']);
						expect(juspayCalls(emulator)).toEqual([]);
						// the model saw the Cancel tool wrapped by the review: its parameters under toolParameters
						checkRecordedSchema(target, 'example with human review', model.toolsOffered());

						const approve = await chat.click(
							review.buttons.find((b) => b.text === 'Cancel the payout'),
						);
						expect(approve.status).toBe(200);
						const answer = await turn.nextMessage((m) => !m.buttons);
						expect(answer.text).toContain(SCHEDULED_TEXT);
						await turn.closed;
						expect(juspayCalls(emulator)).toEqual([`POST ${CANCEL_PATH(fulfillmentId)} 200`]);
					});

					test('declined: nothing is sent, and the model is told the person rejected the call', async () => {
						const { fulfillmentId } = newOrder();
						const { turn, review } = await askToCancel(fulfillmentId);
						await chat.click(review.buttons.find((b) => b.text === 'Keep it'));
						const answer = await turn.nextMessage((m) => !m.buttons);
						expect(answer.text).toMatch(/rejected the tool call to Cancel payout/);
						await turn.closed;
						expect(juspayCalls(emulator)).toEqual([]);
					});
				});
			}
		},
	);
});
