'use strict';
/**
 * What `npm run dev` (scripts/dev.js) starts, as functions, for the browser test and the screenshots:
 * the Juspay Payout emulator with a few orders, real n8n (2.8.4 by default) in a temporary user folder with
 * this package staged as a community package, an owner account, the credential "Juspay Payout (emulator)"
 * pointing at the emulator, and the "cancel, then notify" example imported with live fulfillment ids.
 *
 *   const stack = await startEditorStack();
 *   // stack.baseUrl, stack.owner, stack.workflowUrl, stack.list, stack.emulator, stack.n8n
 *   await stack.stop(); // idempotent; stack.stopSync() for a process.on('exit') handler
 *
 * The orders, timings, owner and credential come from ../editor-story.js, shared with scripts/dev.js.
 */
const path = require('node:path');

const { createN8nInstance, isInstalled, installDir, DEFAULT_VERSION } = require('../n8n');
const { loadExample, CANCEL_THEN_NOTIFY } = require('../story/examples');
const { startEmulator } = require('../emulator');
const { REPO_DIR } = require('../story/fixtures');
const {
	EDITOR_API_KEY,
	EDITOR_MERCHANT_ID,
	EDITOR_OWNER,
	EDITOR_TIMINGS,
	createEditorStory,
	editorCredential,
	missingBuildFiles,
} = require('../story/editor-story');

const OWNER = EDITOR_OWNER;
const API_KEY = EDITOR_API_KEY;
const MERCHANT_ID = EDITOR_MERCHANT_ID;
const WORKFLOW_ID = 'JuspayCancelNotfy';
/** Why the stack cannot start here, or '' when it can (n8n installed and the package built). */
function missingPrerequisite(version = DEFAULT_VERSION) {
	if (!isInstalled(version))
		return `real n8n ${version} is not installed in ${installDir(version)}: run scripts/install-n8n.sh ${version} (npm test does)`;
	const missing = missingBuildFiles(require(path.join(REPO_DIR, 'package.json')));
	if (missing.length)
		return `the package is not built (${missing.join(', ')} missing): run npm run build`;
	return '';
}

/**
 * Start everything. Options: { version, maxWaitSeconds (Max Wait of the example's Cancel; the example's
 * own 10 s when not given), emulatorPort (0: a free one), log (function for progress lines) }.
 */
async function startEditorStack({
	version = DEFAULT_VERSION,
	maxWaitSeconds,
	emulatorPort = 0,
	log = () => {},
} = {}) {
	const cleanups = [];
	let n8n;
	let stopping = null;
	const stop = () => {
		if (!stopping) {
			stopping = (async () => {
				while (cleanups.length) {
					try {
						await cleanups.pop()();
					} catch (e) {
						log(`cleanup: ${e.message}`);
					}
				}
			})();
		}
		return stopping;
	};
	const stopSync = () => {
		if (n8n && !n8n.disposed) n8n.disposeSync();
	};
	try {
		const emulator = await startEmulator({
			port: emulatorPort,
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			...EDITOR_TIMINGS,
		});
		cleanups.push(() => emulator.close());
		const { list } = await createEditorStory(emulator, { waitForBank: true });
		log(`emulator on ${emulator.url} with ${list.length} fulfillments for the example`);

		n8n = await createN8nInstance({ version, communityPackages: [REPO_DIR], owner: OWNER });
		const instance = n8n;
		cleanups.push(() => instance.dispose());
		log(`package staged in ${n8n.userFolder}`);
		await n8n.importCredentials([editorCredential(emulator.url)]);
		const workflow = loadExample(CANCEL_THEN_NOTIFY.file, {
			list: list.map(({ expected, ...item }) => item), // `expected` is for the test
			...(maxWaitSeconds === undefined ? {} : { maxWaitSeconds }),
		});
		workflow.id = WORKFLOW_ID;
		await n8n.importWorkflows([workflow], { via: 'cli' });
		const server = await n8n.startServer();
		log(
			`n8n ${version} editor on ${server.baseUrl} (started in ${(server.startMs / 1000).toFixed(1)} s)`,
		);
		return {
			n8n,
			emulator,
			list,
			owner: OWNER,
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			baseUrl: server.baseUrl,
			startMs: server.startMs,
			workflowId: WORKFLOW_ID,
			workflowName: workflow.name,
			workflowUrl: `${server.baseUrl}/workflow/${WORKFLOW_ID}`,
			stop,
			stopSync,
		};
	} catch (e) {
		await stop();
		throw e;
	}
}

module.exports = {
	startEditorStack,
	missingPrerequisite,
	OWNER,
	API_KEY,
	MERCHANT_ID,
	WORKFLOW_ID,
};
