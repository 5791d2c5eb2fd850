'use strict';
/**
 * The AI payout assistant example (examples/ai-payout-assistant.json) for tests and `npm run dev`: its node
 * names, the credential of the scripted model (tools/openai-scripted) and the ways both use the example.
 *
 *   const wf = loadAiAssistant({ model });            // the example, its chat model on the scripted model
 *   const direct = directToolsWorkflow({ model, prompt: 'Where is refund_7781?' });
 *   // the example's four Juspay tools, Cancel without human review, on a manual trigger: one execution
 *
 * The example itself leaves the chat model's credential for the user to pick; nothing here writes to it.
 */
const { readExample } = require('./examples');

/** Node names the tests and `npm run dev` rely on. Renaming a node in the example means changing them here. */
const AI_ASSISTANT = Object.freeze({
	file: 'ai-payout-assistant.json',
	trigger: 'When chat message received',
	agent: 'Payout assistant',
	model: 'OpenAI Chat Model',
	orderTool: 'Look up payout order',
	balanceTool: 'Payout balance',
	outageTool: 'Payout outages',
	cancelTool: 'Cancel payout',
	review: 'Approve cancellation',
	answer: 'Answer in chat',
});

/**
 * The tool names the model sees: n8n names a tool after its node (nodeNameToToolName: every run of
 * characters other than letters, digits, _ and - becomes one _).
 */
const toolName = (nodeName) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');
const TOOL_NAMES = Object.freeze({
	order: toolName(AI_ASSISTANT.orderTool),
	balance: toolName(AI_ASSISTANT.balanceTool),
	outage: toolName(AI_ASSISTANT.outageTool),
	cancel: toolName(AI_ASSISTANT.cancelTool),
});

const READ_ONLY_CHAT_WEBHOOK_ID = 'c4d2e8f1-6a3b-4f9c-8e27-5b1d0a9c3e64';

/** The OpenAI credential that points at a scripted model: its key is the model's fake key. */
const SCRIPTED_MODEL_CREDENTIAL = Object.freeze({
	id: 'openai-scripted-model',
	name: 'Scripted model (127.0.0.1, no account)',
});

/** Credential to import (n8n's openAiApi type) for a started scripted model. */
function scriptedModelCredential(model) {
	return {
		...SCRIPTED_MODEL_CREDENTIAL,
		type: 'openAiApi',
		data: { apiKey: model.apiKey, url: model.baseUrl },
	};
}

function nodeNamed(workflow, name) {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`workflow "${workflow.name}" has no node "${name}"`);
	return node;
}

/** Points the example's chat model at the scripted model (its credential and model id). */
function wireToScriptedModel(workflow, model) {
	const node = nodeNamed(workflow, AI_ASSISTANT.model);
	node.credentials = {
		openAiApi: { id: SCRIPTED_MODEL_CREDENTIAL.id, name: SCRIPTED_MODEL_CREDENTIAL.name },
	};
	node.parameters.model = {
		__rl: true,
		mode: 'list',
		value: model.model,
		cachedResultName: model.model,
	};
	return workflow;
}

/**
 * A fresh copy of the example. `model`: wire its chat model to that scripted model. `publicChat`: make
 * the chat trigger's production URL answer (/webhook/<webhookId>/chat), for headless tests; the example
 * itself keeps its chat in the editor.
 */
function loadAiAssistant({ model, publicChat = false, name } = {}) {
	const workflow = readExample(AI_ASSISTANT.file);
	if (model) wireToScriptedModel(workflow, model);
	if (publicChat) nodeNamed(workflow, AI_ASSISTANT.trigger).parameters.public = true;
	if (name) workflow.name = name;
	return workflow;
}

/**
 * The read-only assistant the README describes: the example without Cancel payout and its human review,
 * so the agent can look up orders, balance and outages and nothing else. `streaming`: the chat trigger
 * streams the agent's answer (its Response Mode "Streaming"), instead of answering through "Answer in chat".
 */
function readOnlyAssistant({ model, publicChat = false, streaming = false, name } = {}) {
	const workflow = loadAiAssistant({ model, publicChat, name });
	const drop = new Set([AI_ASSISTANT.cancelTool, AI_ASSISTANT.review]);
	if (streaming) {
		drop.add(AI_ASSISTANT.answer);
		nodeNamed(workflow, AI_ASSISTANT.trigger).parameters.options.responseMode = 'streaming';
	}
	// its own chat URL: two active workflows cannot share one webhook path
	nodeNamed(workflow, AI_ASSISTANT.trigger).webhookId = READ_ONLY_CHAT_WEBHOOK_ID;
	workflow.nodes = workflow.nodes.filter((n) => !drop.has(n.name));
	for (const from of Object.keys(workflow.connections)) {
		if (drop.has(from)) delete workflow.connections[from];
		else
			for (const [type, outputs] of Object.entries(workflow.connections[from]))
				workflow.connections[from][type] = outputs.map((targets) =>
					targets.filter((t) => !drop.has(t.node)),
				);
	}
	return workflow;
}

/**
 * The example's agent, chat model and four Juspay tools on a manual trigger, with `prompt` as the user
 * message and Cancel connected straight to the agent (no human review, which needs a chat). The tool nodes
 * are the example's own, so the tool schema the model receives here is the example's.
 * `agentVersion`: the AI Agent's typeVersion (3.1 in the example; n8n 1.x knows only up to 3).
 */
function directToolsWorkflow({ model, prompt, agentVersion, name = 'AI agent with Juspay tools' }) {
	const example = loadAiAssistant({ model });
	const keep = [
		AI_ASSISTANT.agent,
		AI_ASSISTANT.model,
		AI_ASSISTANT.orderTool,
		AI_ASSISTANT.balanceTool,
		AI_ASSISTANT.outageTool,
		AI_ASSISTANT.cancelTool,
	];
	const nodes = keep.map((n) => JSON.parse(JSON.stringify(nodeNamed(example, n))));
	const agent = nodes[0];
	agent.parameters = { ...agent.parameters, promptType: 'define', text: prompt };
	if (agentVersion !== undefined) agent.typeVersion = agentVersion;
	const start = {
		id: 'a1c0e5d2-7b3f-4c8e-9d14-0000000000f0',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const toAgent = (type) => ({ [type]: [[{ node: AI_ASSISTANT.agent, type, index: 0 }]] });
	return {
		name,
		nodes: [start, ...nodes],
		connections: {
			Start: { main: [[{ node: AI_ASSISTANT.agent, type: 'main', index: 0 }]] },
			[AI_ASSISTANT.model]: toAgent('ai_languageModel'),
			[AI_ASSISTANT.orderTool]: toAgent('ai_tool'),
			[AI_ASSISTANT.balanceTool]: toAgent('ai_tool'),
			[AI_ASSISTANT.outageTool]: toAgent('ai_tool'),
			[AI_ASSISTANT.cancelTool]: toAgent('ai_tool'),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

module.exports = {
	AI_ASSISTANT,
	TOOL_NAMES,
	SCRIPTED_MODEL_CREDENTIAL,
	scriptedModelCredential,
	wireToScriptedModel,
	loadAiAssistant,
	readOnlyAssistant,
	directToolsWorkflow,
	toolName,
};
