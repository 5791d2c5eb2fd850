'use strict';
// Calls a trigger node's webhook() the way n8n's production webhook path does (cli LiveWebhooks +
// WebhookHelpers.executeWebhook), inside n8n-core's real WebhookContext: node parameters with their
// defaults, credentials through the credentials helper, static data as n8n's ObservableObject.
//
// Static data round-trips like n8n's database: each call builds a fresh Workflow from the stored JSON,
// and after webhook() returns the data is written back only if n8n would (its __dataChanged flag).
// Two calls in flight at once therefore each load the same stored state, as two requests do in n8n.
const { removeUserFolder } = require('./env'); // first: sets N8N_USER_FOLDER before n8n-core loads

const { WebhookContext } = require('n8n-core');
const { NodeHelpers, Workflow } = require('n8n-workflow');

const { createAdditionalData } = require('./additional-data');
const { HarnessCredentialsHelper } = require('./credentials-helper');
const { loadPackage, createNodeTypes, createCredentialTypes } = require('./node-types');

let executionCounter = 0;

/** The express Request fields a webhook node reads. */
function fakeRequest({ headers = {}, body, method = 'POST' }) {
	const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
	return {
		method,
		headers: lower,
		body,
		params: {},
		query: {},
		header: (name) => lower[name.toLowerCase()],
	};
}

/** The express Response methods a webhook node may use to answer by itself. */
function fakeResponse() {
	const res = {
		statusCode: 200,
		headers: {},
		body: undefined,
		ended: false,
		setHeader(name, value) {
			res.headers[name.toLowerCase()] = value;
			return res;
		},
		status(code) {
			res.statusCode = code;
			return res;
		},
		json(body) {
			res.body = body;
			res.ended = true;
			return res;
		},
		send(body) {
			res.body = body;
			res.ended = true;
			return res;
		},
		end() {
			res.ended = true;
			return res;
		},
		writeHead(code, headers = {}) {
			res.statusCode = code;
			Object.assign(res.headers, headers);
			return res;
		},
	};
	return res;
}

/**
 * What n8n answers for a webhook() result, from cli WebhookHelpers.executeWebhook: the node's own answer
 * (noWebhookResponse), else 200 with webhookResponse or "Webhook call received" when nothing starts, else
 * 200 "Workflow was started" (response mode onReceived).
 */
function answerFor(result, res) {
	if (result.noWebhookResponse)
		return { status: res.statusCode, body: res.body, headers: res.headers };
	if (result.workflowData === undefined) {
		return { status: 200, body: result.webhookResponse ?? { message: 'Webhook call received' } };
	}
	return { status: 200, body: { message: 'Workflow was started' } };
}

/**
 * @param {object} o
 * @param {string} o.packageDir built package
 */
async function createWebhookHarness({ packageDir }) {
	const loader = await loadPackage(packageDir);
	const nodeTypes = createNodeTypes(loader);
	const credentialTypes = createCredentialTypes(loader);

	/**
	 * One saved workflow holding one trigger node.
	 * @param {object} o
	 * @param {string} o.nodeType node name inside the package, e.g. 'juspayPayoutTrigger'
	 * @param {object} [o.parameters] the node's parameters (defaults filled in as n8n does)
	 * @param {object} [o.credentials] { [credentialType]: data }
	 * @param {string} [o.workflowId]
	 */
	function savedWorkflow({ nodeType, parameters = {}, credentials = {}, workflowId }) {
		const type = `${loader.packageName}.${nodeType}`;
		const description = nodeTypes.getByNameAndVersion(type, 1).description;
		const credentialRefs = {};
		const credentialData = {};
		for (const [credType, data] of Object.entries(credentials)) {
			credentialRefs[credType] = { id: `${credType}-1`, name: credType };
			credentialData[credType] = { id: `${credType}-1`, name: credType, data };
		}
		const node = {
			id: 'trigger-node-1',
			name: 'Juspay Payout Trigger',
			type,
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'webhook-id-1',
			parameters: NodeHelpers.getNodeParameters(
				description.properties,
				parameters,
				true,
				false,
				null,
				null,
			),
			credentials: credentialRefs,
		};
		const id = workflowId ?? `webhook-wf-${++executionCounter}`;
		/** what n8n's database holds (JSON), written back after each call when changed */
		let storedStaticData = {};
		let saves = 0;

		/**
		 * One webhook call.
		 * @param {object} request { headers, body }
		 * @param {object} [options] { mode: 'webhook' (production, default) | 'manual' (test URL) }
		 */
		async function call(request, { mode = 'webhook' } = {}) {
			const workflowData = {
				id,
				name: 'Webhook workflow',
				active: true,
				nodes: [node],
				connections: {},
				settings: { executionOrder: 'v1' },
				staticData: JSON.parse(JSON.stringify(storedStaticData)),
			};
			const workflow = new Workflow({ ...workflowData, nodeTypes });
			const additionalData = createAdditionalData({
				credentialsHelper: new HarnessCredentialsHelper(credentialTypes, credentialData),
				executionId: String(++executionCounter),
				workflowData,
				mode,
			});
			const req = fakeRequest(request);
			const res = fakeResponse();
			additionalData.httpRequest = req;
			additionalData.httpResponse = res;
			const webhookData = {
				httpMethod: 'POST',
				node: node.name,
				path: `${node.webhookId}/webhook`,
				webhookDescription: description.webhooks[0],
				workflowId: id,
				workflowExecuteAdditionalData: additionalData,
				isTest: mode === 'manual',
			};
			const nodeType = nodeTypes.getByNameAndVersion(type, 1);
			const context = new WebhookContext(
				workflow,
				node,
				additionalData,
				mode,
				webhookData,
				[],
				null,
			);
			const result = await nodeType.webhook.call(context);
			if (workflow.staticData.__dataChanged === true) {
				storedStaticData = JSON.parse(JSON.stringify(workflow.staticData));
				saves++;
			}
			const items = result.workflowData?.[0] ?? [];
			return { ...answerFor(result, res), result, items, started: items.length > 0 };
		}

		return {
			call,
			staticData: () => storedStaticData,
			setStaticData: (data) => {
				storedStaticData = JSON.parse(JSON.stringify(data));
			},
			saves: () => saves,
		};
	}

	return { savedWorkflow, close: async () => removeUserFolder() };
}

module.exports = { createWebhookHarness };
