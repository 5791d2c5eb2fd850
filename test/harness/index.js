'use strict';
// Runs workflows in n8n-core's real WorkflowExecute, with a community package loaded the way
// n8n loads an installed one. See README.md in this folder for the API and what it relies on.
const { userFolder, removeUserFolder } = require('./env'); // first: sets N8N_USER_FOLDER before n8n-core loads

const { WorkflowExecute } = require('n8n-core');
const { Workflow, Expression } = require('n8n-workflow');

const { createAdditionalData } = require('./additional-data');
const { HarnessCredentialsHelper } = require('./credentials-helper');
const { loadPackage, createNodeTypes, createCredentialTypes } = require('./node-types');
const { nodeOutput, nodeOutputs } = require('../../tools/n8n/output');
const { getStopError } = require('./results');
const { TRIGGER_TYPE } = require('./trigger-node');

let executionCounter = 0;

/**
 * Wraps the package's node types so the harness can keep the Error instance a node's execute()
 * throws: n8n-core only records a plain-object copy of it. The wrapper inherits everything from
 * the real type (Object.create) and rethrows the same error, so n8n sees no difference.
 */
function recordingNodeTypes(nodeTypes, packageName, thrownErrors) {
	const wrapped = new Map();
	return {
		...nodeTypes,
		getByNameAndVersion(type, version) {
			const real = nodeTypes.getByNameAndVersion(type, version);
			if (!type.startsWith(`${packageName}.`) || typeof real.execute !== 'function') return real;
			if (!wrapped.has(real)) {
				const wrapper = Object.create(real);
				const execute = real.execute;
				wrapper.execute = async function (...args) {
					try {
						return await execute.apply(this, args);
					} catch (error) {
						thrownErrors.push(error);
						throw error;
					}
				};
				wrapped.set(real, wrapper);
			}
			return wrapped.get(real);
		},
	};
}

/** { type: {id, name?, data} } or the runNode shorthand { type: data } -> { type: {id, name, data} } */
function normalizeCredentials(credentials = {}) {
	const out = {};
	for (const [type, value] of Object.entries(credentials)) {
		const full = value && typeof value === 'object' && 'data' in value;
		const id = (full && value.id) || `${type}-1`;
		out[type] = {
			id,
			name: (full && value.name) || `${type} (harness)`,
			data: full ? value.data : value,
		};
	}
	return out;
}

function normalizeNodes(nodes) {
	return nodes.map((node, i) => ({
		id: node.id ?? `node-${i + 1}`,
		typeVersion: 1,
		position: [i * 220, 0],
		parameters: {},
		...node,
	}));
}

/** The node a run starts from: the harness trigger if present, else n8n's own choice. */
function findStartNode(workflow) {
	const trigger = Object.values(workflow.nodes).find((n) => n.type === TRIGGER_TYPE && !n.disabled);
	return trigger ?? workflow.getStartNode();
}

async function createHarness({ packageDir }) {
	const loader = await loadPackage(packageDir);
	const packageName = loader.packageName;
	const nodeTypes = createNodeTypes(loader);
	const credentialTypes = createCredentialTypes(loader);

	/**
	 * Run a workflow (n8n's JSON: nodes, connections, settings?) to the end.
	 * @param {object} workflowJson
	 * @param {object} [options]
	 * @param {object} [options.credentials] { [credentialType]: { id, name?, data } }
	 * @param {string} [options.nodeName] node whose outputs fill result.main / result.error
	 *   (default: the first node of the loaded package, else the last node that ran)
	 * @param {string} [options.mode] WorkflowExecuteMode, default 'manual'
	 * @param {object} [options.variables] $vars
	 * @param {number} [options.cancelAfterMs] cancel the execution this long after it starts, as the
	 *   editor's Stop button or an execution timeout does (n8n-core aborts the nodes' cancel signal)
	 */
	async function runWorkflow(workflowJson, options = {}) {
		const mode = options.mode ?? 'manual';
		const executionId = String(++executionCounter);
		const thrownErrors = [];
		const workflowData = {
			id: workflowJson.id ?? `harness-wf-${executionId}`,
			name: workflowJson.name ?? 'Harness workflow',
			active: false,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: normalizeNodes(workflowJson.nodes),
			connections: workflowJson.connections ?? {},
			// v1 is what every workflow created in n8n 1.x/2.x has.
			settings: { executionOrder: 'v1', ...(workflowJson.settings ?? {}) },
			staticData: workflowJson.staticData,
			pinData: workflowJson.pinData,
		};
		const workflow = new Workflow({
			...workflowData,
			nodeTypes: recordingNodeTypes(nodeTypes, packageName, thrownErrors),
		});
		const credentialsHelper = new HarnessCredentialsHelper(
			credentialTypes,
			normalizeCredentials(options.credentials),
		);
		const additionalData = createAdditionalData({
			credentialsHelper,
			executionId,
			workflowData,
			mode,
			variables: options.variables,
		});

		const startedAt = Date.now();
		const running = new WorkflowExecute(additionalData, mode).run({
			workflow,
			startNode: findStartNode(workflow),
			pinData: workflowData.pinData,
		});
		const cancelTimer =
			options.cancelAfterMs === undefined
				? undefined
				: setTimeout(() => running.cancel(), options.cancelAfterMs);
		const run = await running.finally(() => clearTimeout(cancelTimer));
		const durationMs = Date.now() - startedAt;

		const nodeName =
			options.nodeName ??
			workflowData.nodes.find((n) => n.type.startsWith(`${packageName}.`))?.name ??
			run.data.resultData.lastNodeExecuted;
		const node = workflowData.nodes.find((n) => n.name === nodeName);
		return {
			main: nodeOutput(run, nodeName, 0),
			error: node?.onError === 'continueErrorOutput' ? nodeOutput(run, nodeName, 1) : [],
			runData: run.data.resultData.runData,
			status: run.status,
			stopError: getStopError(run, thrownErrors),
			nodeName,
			run,
			durationMs,
			credentialsHelper,
		};
	}

	/**
	 * Shorthand: [Items Trigger] -> [node under test], main -> main.
	 * @param {object} o
	 * @param {string} o.nodeType node name inside the package ('juspayPayout') or a full type
	 * @param {object} o.parameters the node's parameters (expressions like '={{ $json.id }}' allowed)
	 * @param {Array<{json: object}>} o.items items the trigger emits into the node
	 * @param {'stopWorkflow'|'continueRegularOutput'|'continueErrorOutput'} [o.onError]
	 * @param {object} [o.credentials] { [credentialType]: data } or { [credentialType]: {id, data} }
	 * @param {number} [o.typeVersion]
	 * @param {object} [o.nodeOptions] extra INode fields (retryOnFail, alwaysOutputData, ...)
	 */
	async function runNode({
		nodeType,
		parameters = {},
		items = [{ json: {} }],
		onError = 'stopWorkflow',
		credentials = {},
		typeVersion = 1,
		nodeOptions = {},
		...options
	}) {
		const credentialsRef = {};
		const normalized = normalizeCredentials(credentials);
		for (const [type, { id, name }] of Object.entries(normalized))
			credentialsRef[type] = { id, name };
		const type = nodeType.includes('.') ? nodeType : `${packageName}.${nodeType}`;
		const workflowJson = {
			nodes: [
				{ name: 'Items Trigger', type: TRIGGER_TYPE, parameters: { items: JSON.stringify(items) } },
				{
					name: 'Node Under Test',
					type,
					typeVersion,
					parameters,
					credentials: credentialsRef,
					onError,
					...nodeOptions,
				},
			],
			connections: {
				'Items Trigger': { main: [[{ node: 'Node Under Test', type: 'main', index: 0 }]] },
			},
		};
		return await runWorkflow(workflowJson, {
			...options,
			credentials: normalized,
			nodeName: 'Node Under Test',
		});
	}

	return {
		packageName,
		loader,
		nodeTypes,
		runWorkflow,
		runNode,
		/** full node type name inside the loaded package */
		typeOf: (name) => `${packageName}.${name}`,
		/**
		 * Call in afterAll: removes this test file's temp N8N_USER_FOLDER. Runs hold no other
		 * resources (no timers, no pooled isolates with the legacy expression engine).
		 */
		close: async () => removeUserFolder(),
	};
}

module.exports = {
	createHarness,
	nodeOutput,
	nodeOutputs,
	/** Earlier names of nodeOutput and nodeOutputs. */
	getNodeOutput: nodeOutput,
	getNodeOutputs: nodeOutputs,
	getStopError,
	TRIGGER_TYPE,
	userFolder,
	/** 'legacy' on Node 20 (isolated-vm has no build for it); see README.md */
	expressionEngine: () => Expression.getActiveImplementation(),
};
