'use strict';
/**
 * The credential's Test button, inside the test process: what n8n's cli CredentialsTester
 * (packages/cli/src/services/credentials-tester.service.ts) does for a credential type with a
 * declarative `test` (re-implemented here, as the harness re-implements the cli's other parts):
 * a throw-away node whose one property routes `test.request`, run by n8n-core's RoutingNode in an
 * ExecuteContext with the credential; a failed answer whose status matches a `responseCode` rule
 * gives that rule's message, another non-2xx gives the status text, a network failure its code.
 * The end-to-end suite presses the real button in real n8n; this one lets mutation testing see it.
 */
const { ExecuteContext, RoutingNode } = require('n8n-core');
const { NodeHelpers, UnexpectedError, Workflow, createEmptyRunExecutionData } = require('n8n-workflow');

const { createAdditionalData } = require('../harness/additional-data');
const { HarnessCredentialsHelper } = require('../harness/credentials-helper');
const { createCredentialTypes } = require('../harness/node-types');

const TEST_NODE_TYPE = 'credentialTestNode';

/**
 * @param harness from createHarness()
 * @param {string} credentialType e.g. 'juspayPayoutApi'
 * @param {object} data the credential's fields as a user saved them (defaults are filled in)
 * @returns {Promise<{status: 'OK'|'Error', message: string}>}
 */
async function testCredential(harness, credentialType, data) {
	const credentialTypes = createCredentialTypes(harness.loader);
	const type = credentialTypes.getByName(credentialType);
	if (!type.test?.request) throw new UnexpectedError(`${credentialType} has no declarative test`);

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, {
		[credentialType]: { id: 'cred-under-test', name: 'Credential under test', data },
	});
	const node = {
		id: 'credential-test',
		name: 'Temp-Node',
		type: TEST_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: 'cred-under-test', name: 'Credential under test' } },
	};
	const nodeType = {
		description: {
			name: TEST_NODE_TYPE,
			displayName: 'Credential test',
			version: 1,
			group: ['transform'],
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: type.test.request } },
			],
		},
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeType, 1),
		getKnownTypes: () => ({}),
	};
	const workflowData = { id: 'credential-test', name: 'Credential test', nodes: [node], connections: {}, settings: {} };
	const workflow = new Workflow({ ...workflowData, active: false, nodeTypes });
	const additionalData = createAdditionalData({
		credentialsHelper,
		executionId: 'credential-test',
		workflowData,
		mode: 'internal',
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const decrypted = await credentialsHelper.getDecrypted(additionalData, node.credentials[credentialType], credentialType, 'internal');
	const routingNode = new RoutingNode(context, nodeType, { id: 'cred-under-test', name: 'Credential under test', type: credentialType, data: decrypted });
	try {
		await routingNode.runNode();
	} catch (error) {
		const response = error.cause?.response;
		if (response) {
			const rule = (type.test.rules ?? []).find(
				(r) => r.type === 'responseCode' && r.properties.value === response.status,
			);
			if (rule) return { status: 'Error', message: rule.properties.message };
			if (response.status < 199 || response.status > 299)
				return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

module.exports = { testCredential };
