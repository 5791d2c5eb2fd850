'use strict';
/**
 * The n8n editor with this package, ready to click through, as one function for `npm run dev`, the README
 * screenshots and the browser test: the Juspay Payout emulator with the editor story's orders, real n8n (the
 * default of ../n8n/versions.js) with this package staged as a community package, an owner account, the
 * credential "Juspay Payout (emulator)" pointing at the emulator, and the examples imported with live
 * fulfillment ids ("cancel, then notify"; with { staleExample: true } also the scheduled cancel; with
 * { aiAssistant: true } also the AI payout assistant, its chat model on a scripted OpenAI-compatible model
 * on 127.0.0.1 (../openai-scripted), so its chat works in the editor with no model account).
 *
 *   const stack = await startEditorStack();
 *   // stack.baseUrl, stack.owner, stack.workflowUrl, stack.workflows, stack.list, stack.emulator, stack.n8n
 *   await stack.stop(); // idempotent; stack.stopSync() for a process.on('exit') handler
 *
 * The orders, timings, owner and credential come from ./editor-story.js.
 */
const fs = require('node:fs');
const path = require('node:path');

const { createCleanupStack } = require('../lifecycle');
const { createN8nInstance, DEFAULT_VERSION } = require('../n8n');
const { startEmulator } = require('../emulator');
const { startScriptedModel } = require('../openai-scripted');
const { AI_ASSISTANT, loadAiAssistant, scriptedModelCredential } = require('./ai-payout-assistant');
const { loadExample, CANCEL_THEN_NOTIFY, SCHEDULED_CANCEL } = require('./examples');
const { REPO_DIR } = require('./fixtures');
const {
	EDITOR_API_KEY,
	EDITOR_MERCHANT_ID,
	EDITOR_OWNER,
	EDITOR_TIMINGS,
	createEditorStory,
	editorCredential,
} = require('./editor-story');
const { editorWebhookCredential, triggerWorkflows, activateTrigger } = require('./editor-webhooks');

const OWNER = EDITOR_OWNER;
const API_KEY = EDITOR_API_KEY;
const MERCHANT_ID = EDITOR_MERCHANT_ID;
/** Fixed ids: a second start on the same user folder updates the examples instead of adding copies. */
const WORKFLOW_IDS = Object.freeze({
	[CANCEL_THEN_NOTIFY.file]: 'JuspayCancelNotfy',
	[SCHEDULED_CANCEL.file]: 'JuspayStaleCancel',
	[AI_ASSISTANT.file]: 'JuspayAiAssistant',
});
const WORKFLOW_ID = WORKFLOW_IDS[CANCEL_THEN_NOTIFY.file];

/** The examples with the story's orders in their lists; the scheduled one gets a few stale orders. */
function exampleWorkflows({ list, create }, { maxWaitSeconds, staleExample }) {
	const cancelThenNotify = loadExample(CANCEL_THEN_NOTIFY.file, {
		list: list.map(({ expected, ...item }) => item), // `expected` is for tests
		...(maxWaitSeconds === undefined ? {} : { maxWaitSeconds }),
	});
	cancelThenNotify.id = WORKFLOW_IDS[CANCEL_THEN_NOTIFY.file];
	if (!staleExample) return [cancelThenNotify];
	const stale = [
		{ fulfillmentId: create('cust_7').fulfillmentId, customerId: 'cust_7' },
		{ fulfillmentId: create('cust_8').fulfillmentId, customerId: 'cust_8' },
		{ fulfillmentId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9-f1', customerId: 'cust_9' },
	];
	const scheduled = loadExample(SCHEDULED_CANCEL.file, { list: stale });
	scheduled.id = WORKFLOW_IDS[SCHEDULED_CANCEL.file];
	return [cancelThenNotify, scheduled];
}

/**
 * Start everything. Options: { version, trigger (also the webhook examples, "notify on payout status"
 * active and the emulator's webhooks pointed at it), maxWaitSeconds (Max Wait of the example's Cancel; the example's
 * own 10 s when not given), emulatorPort and n8nPort (0: a free one), userFolder (a persistent
 * N8N_USER_FOLDER, never deleted; default a temporary one), staleExample, waitForBank (return only once the
 * emulator's bank has answered the story's picked payouts; default true), aiAssistant (also the AI payout
 * assistant on a scripted model: `stack.assistant` = { url, orderId, fulfillmentId, modelUrl }), log (function for progress lines),
 * cleanups (a clean-up stack, ../lifecycle.js, or a program: what starts is deferred on it at once, so a
 * Ctrl-C while n8n starts stops it too; default the stack's own) }.
 */
async function startEditorStack({
	version = DEFAULT_VERSION,
	maxWaitSeconds,
	emulatorPort = 0,
	n8nPort = 0,
	userFolder,
	staleExample = false,
	trigger = false,
	waitForBank = true,
	aiAssistant = false,
	log = () => {},
	cleanups = createCleanupStack({ onError: (e) => log(`cleanup: ${e.message}`) }),
} = {}) {
	try {
		const emulator = await startEmulator({
			port: emulatorPort,
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			...EDITOR_TIMINGS,
		});
		cleanups.defer(() => emulator.close());
		const story = await createEditorStory(emulator, { waitForBank });
		log(`emulator on ${emulator.url} with ${story.list.length} fulfillments for the example`);

		if (userFolder) {
			// a fresh copy of the package each start: the build may have changed (and dropped files) since the last
			const name = require(path.join(REPO_DIR, 'package.json')).name;
			const staged = path.join(userFolder, '.n8n', 'nodes', 'node_modules', name);
			fs.rmSync(staged, { recursive: true, force: true });
		}
		const n8n = await createN8nInstance({
			version,
			communityPackages: [REPO_DIR],
			owner: OWNER,
			userFolder,
		});
		cleanups.defer(
			() => n8n.dispose(),
			() => n8n.disposeSync(),
		);
		log(`package staged in ${n8n.userFolder}`);
		const credentials = [editorCredential(emulator.url), ...(trigger ? [editorWebhookCredential()] : [])];
		const workflows = exampleWorkflows(story, { maxWaitSeconds, staleExample });
		// { trigger: true }: the webhook examples too, the notify one active and fed by the emulator
		if (trigger) workflows.push(...triggerWorkflows(story.create));
		let assistant;
		if (aiAssistant) {
			// a scripted stand-in for the chat model: it reads the question and calls the Juspay tools
			const model = await startScriptedModel();
			cleanups.defer(() => model.close());
			credentials.push(scriptedModelCredential(model));
			const workflow = loadAiAssistant({ model });
			workflow.id = WORKFLOW_IDS[AI_ASSISTANT.file];
			workflows.push(workflow);
			// a payout of its own, so trying the other examples leaves it cancellable
			assistant = { ...story.create('cust_nisha'), modelUrl: model.baseUrl, id: workflow.id };
			log(`scripted chat model on ${model.baseUrl} (a fake key; no model account needed)`);
		}
		// Before `n8n start`, through the CLI: fixed ids, so the examples find their credentials.
		await n8n.importCredentials(credentials);
		await n8n.importWorkflows(workflows, { via: 'cli' });
		const server = await n8n.startServer({ port: n8nPort || undefined });
		log(
			`n8n ${version} editor on ${server.baseUrl} (started in ${(server.startMs / 1000).toFixed(1)} s)`,
		);
		const triggerUrl = trigger ? await activateTrigger(n8n, emulator, workflows) : undefined;
		if (triggerUrl)
			log(`Juspay Payout Trigger active on ${triggerUrl}; the emulator's webhooks go there`);
		const url = (wf) => `${server.baseUrl}/workflow/${wf.id}`;
		return {
			n8n,
			emulator,
			list: story.list,
			owner: OWNER,
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			baseUrl: server.baseUrl,
			startMs: server.startMs,
			workflowId: WORKFLOW_ID,
			workflowName: workflows[0].name,
			workflowUrl: url(workflows[0]),
			workflows: workflows.map((wf) => ({ id: wf.id, name: wf.name, url: url(wf) })),
			triggerUrl,
			assistant: assistant && { ...assistant, url: url(assistant) },
			stop: () => cleanups.stop(),
			stopSync: () => cleanups.stopSync(),
		};
	} catch (e) {
		await cleanups.stop();
		throw e;
	}
}

module.exports = {
	startEditorStack,
	OWNER,
	API_KEY,
	MERCHANT_ID,
	WORKFLOW_ID,
	WORKFLOW_IDS,
};
