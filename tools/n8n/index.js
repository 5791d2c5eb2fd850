'use strict';
/**
 * Headless runner for real n8n (installed by scripts/install-n8n.sh into .n8n-runtime/n8n-<version>/; the
 * pinned versions are in ./versions.js, `npm run n8n:install*` installs them).
 *
 *   const { createN8nInstance, nodeOutput } = require('./tools/n8n');
 *   const n8n = await createN8nInstance({ version: DEFAULT_VERSION, communityPackages: [repo] });
 *   await n8n.importCredentials([{ id: 'cred1', name: 'Juspay emulator', type: 'juspayPayoutApi', data: {...} }]);
 *   const run = await n8n.executeWorkflow(workflowJson);
 *   // run: { ok, exitCode, status, via, workflowId, executionId, execution, resultData, runData, error, stdout, stderr, durationMs }
 *   nodeOutput(run, 'Juspay Payout', 1); // items on the error output of that node
 *   await n8n.dispose();
 *
 * Two ways to execute:
 *  - CLI (default): `n8n execute --id=ID --rawOutput`, one cold n8n process per run (about 2-3.5 s each).
 *  - Server: after `await n8n.startServer()` (one `n8n start` on a loopback port, owner set up and logged in,
 *    about 3-5 s once), executeWorkflow() imports through the REST API and runs the workflow through
 *    `POST /rest/workflows/:id/run` (the editor's "Execute workflow"), then reads the execution from
 *    `GET /rest/executions/:id`: tens of milliseconds per run. Pass { via: 'cli' } to force the CLI.
 *
 * Loading a package under test: communityPackages: [packageDir, ...] stages each as n8n's own installer does
 * (./staging.js); customExtensions: [distDir, ...] (N8N_CUSTOM_EXTENSIONS) is quicker to set up, but node
 * types become `CUSTOM.<node name>`, which saved user workflows never contain.
 *
 * Options for a long-lived editor (scripts/dev.js): { userFolder } keeps the N8N_USER_FOLDER there (created if
 * missing, never deleted), { owner: { email, password, firstName, lastName } } replaces the owner
 * startServer() sets up or logs in as. Queue mode: { executionsMode: 'queue', redis, database } (./queue.js).
 *
 * | file          | what                                                                        |
 * | versions.js   | the pinned n8n versions (default, latest, 1x)                               |
 * | install.js    | `node tools/n8n/install.js <target>`: installs one of them                  |
 * | paths.js      | where installs live, whether one is complete                                |
 * | env.js        | the environment of every n8n process                                        |
 * | instance.js   | N8nInstance: create, stage, run, dispose                                    |
 * | cli.js        | the n8n CLI: imports, `n8n execute`                                         |
 * | server.js     | `n8n start`: process, owner login, logs                                     |
 * | rest.js       | the server's REST API: runs, credential tests, types, activation            |
 * | queue.js      | `n8n worker` processes (queue mode)                                         |
 * | staging.js    | a package staged as a community package                                     |
 * | output.js     | reading a run: node outputs, errors (also for the in-process harness)       |
 */
const { freePort } = require('../process');
const { TEST_ENCRYPTION_KEY, offlineEnv } = require('./env');
const { N8nInstance, createN8nInstance, OWNER } = require('./instance');
const outputReader = require('./output');
const { installCommand, installDir, isInstalled, nodeBinaryFor } = require('./paths');
const { stageCommunityPackage } = require('./staging');
const { DEFAULT_VERSION, N8N_TARGETS, NEWEST, NEWEST_1X } = require('./versions');

/** True when a CI system runs us (CI=true, CI=1, ...): then a missing n8n is an error, not a skip. */
function isCi() {
	const v = process.env.CI;
	return Boolean(v) && !/^(0|false|no)$/i.test(v);
}

module.exports = {
	createN8nInstance,
	N8nInstance,
	DEFAULT_VERSION,
	NEWEST,
	NEWEST_1X,
	N8N_TARGETS,
	nodeBinaryFor,
	OWNER,
	TEST_ENCRYPTION_KEY,
	installDir,
	installCommand,
	isInstalled,
	...outputReader, // nodeOutput, nodeOutputJson, nodeOutputs, nodeRan, nodeError, parseExecutionOutput, buildRun
	offlineEnv,
	stageCommunityPackage,
	isCi,
	freePort,
};
