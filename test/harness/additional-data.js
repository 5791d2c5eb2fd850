'use strict';
// IWorkflowExecuteAdditionalData for one run: the object n8n's cli builds in
// WorkflowExecuteAdditionalData.getBase(). Real pieces where they exist in the published packages
// (n8n-core's ExecutionLifecycleHooks), explicit stubs that fail loudly for features a single
// community node under test must not reach (sub-workflows, task runners, agents).
const { ExecutionLifecycleHooks } = require('n8n-core');
const { UnexpectedError } = require('n8n-workflow');

const BASE_URL = 'http://localhost:5678';

const notInHarness = (what) => async () => {
	throw new UnexpectedError(`${what} is not available in the test harness`);
};

/**
 * @param {object} o
 * @param {import('./credentials-helper').HarnessCredentialsHelper} o.credentialsHelper
 * @param {string} o.executionId
 * @param {object} o.workflowData IWorkflowBase (id, name, nodes, connections, settings, ...)
 * @param {string} o.mode WorkflowExecuteMode
 * @param {object} [o.variables] $vars
 */
function createAdditionalData({
	credentialsHelper,
	executionId,
	workflowData,
	mode,
	variables = {},
}) {
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	return {
		hooks,
		credentialsHelper,
		executionId,
		workflowId: workflowData.id,
		workflowSettings: workflowData.settings,
		userId: 'harness-user',
		projectId: 'harness-project',
		variables,
		// n8n sets this only while the editor evaluates a node's parameters. When set, n8n-core
		// checks credential displayOptions against it instead of the node's parameters, so it must
		// stay undefined during a workflow run.
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		executionTimeoutTimestamp: undefined,
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		executeWorkflow: notInHarness('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notInHarness('A task runner (Code node)'),
		logAiEvent: () => {},
	};
}

module.exports = { createAdditionalData };
