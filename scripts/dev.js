#!/usr/bin/env node
'use strict';
/**
 * `npm run dev` (after `npm run build` and `npm run n8n:install`): the n8n editor with this package, ready
 * to click through.
 *
 *  - the Juspay Payout emulator on http://127.0.0.1:8787 (or a free port when 8787 is taken), in this
 *    process, with a few orders already in it;
 *  - real n8n 2.8.4 on http://127.0.0.1:5678 (or a free port), the package installed as a community package
 *    (the way Settings -> Community Nodes -> Install leaves it), its data kept in .n8n-runtime/dev-user/;
 *  - an owner account (printed below; a fake local password), the credential "Juspay Payout (emulator)"
 *    pointing at the emulator, and both examples imported with the emulator's orders in their lists, so
 *    "Execute workflow" works at once;
 *  - the AI payout assistant example wired to a scripted OpenAI-compatible model on 127.0.0.1
 *    (tools/openai-scripted, its credential "Scripted model (127.0.0.1, no account)"): open its chat in the
 *    editor and ask about the listed orders, with no model account anywhere.
 *
 * Runs until Ctrl-C, then stops n8n, the emulator and the scripted model. Every start re-imports the examples (the emulator
 * starts empty, so their lists need fresh IDs): save an edited example under another name to keep it.
 * Delete .n8n-runtime/dev-user/ to start from scratch.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const REPO_DIR = path.resolve(__dirname, '..');
const {
	createN8nInstance,
	isInstalled,
	installDir,
	freePort,
	DEFAULT_VERSION,
} = require('../tools/n8n');
const {
	loadExample,
	CANCEL_THEN_NOTIFY,
	SCHEDULED_CANCEL,
	EXAMPLE_CREDENTIAL,
} = require('../tools/story/examples');
const { startEmulator } = require('../tools/emulator');
const { startScriptedModel } = require('../tools/openai-scripted');
const {
	AI_ASSISTANT,
	SCRIPTED_MODEL_CREDENTIAL,
	loadAiAssistant,
	scriptedModelCredential,
} = require('../tools/story/ai-payout-assistant');
const {
	EDITOR_API_KEY,
	EDITOR_MERCHANT_ID,
	EDITOR_OWNER,
	EDITOR_TIMINGS,
	createEditorStory,
	editorCredential,
	waitForBuiltPackage,
} = require('../tools/story/editor-story');

const N8N_VERSION = DEFAULT_VERSION;
const USER_FOLDER = path.join(REPO_DIR, '.n8n-runtime', 'dev-user');
const EDITOR_PORT = Number(process.env.DEV_N8N_PORT) || 5678;
const EMULATOR_PORT = Number(process.env.DEV_EMULATOR_PORT) || 8787;
const OWNER = EDITOR_OWNER;
const API_KEY = EDITOR_API_KEY;
const MERCHANT_ID = EDITOR_MERCHANT_ID;
const WORKFLOW_IDS = Object.freeze({
	[CANCEL_THEN_NOTIFY.file]: 'JuspayCancelNotfy',
	[SCHEDULED_CANCEL.file]: 'JuspayStaleCancel',
	[AI_ASSISTANT.file]: 'JuspayAiAssistant',
});

const t0 = Date.now();
function step(text) {
	console.log(`[dev ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function pickPort(wanted, what) {
	if (await portIsFree(wanted)) return wanted;
	const port = await freePort();
	step(`port ${wanted} is taken: ${what} uses ${port} instead`);
	return port;
}

// ----------------------------------------------------------------------------------------------- cleanup

const cleanups = [];
let n8n;
let stopping = null;

function stopAll() {
	if (!stopping) {
		stopping = (async () => {
			while (cleanups.length) {
				try {
					await cleanups.pop()();
				} catch (e) {
					console.error(`[dev] cleanup: ${e.message}`);
				}
			}
		})();
	}
	return stopping;
}

function onSignal(signal) {
	if (stopping) {
		if (n8n) n8n.disposeSync();
		process.exit(1);
	}
	console.log(`\n[dev] ${signal}: stopping n8n and the emulator…`);
	stopAll().then(() => {
		console.log('[dev] stopped. Your n8n data stays in .n8n-runtime/dev-user/.');
		process.exit(0);
	});
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('exit', () => {
	if (n8n && !n8n.disposed) n8n.disposeSync();
});

// ----------------------------------------------------------------------------------------------- setup

async function preflight() {
	if (!isInstalled(N8N_VERSION)) {
		throw new Error(
			`real n8n ${N8N_VERSION} is not installed in ${installDir(N8N_VERSION)}: run \`npm run dev\` (it installs it) or \`npm run n8n:install\``,
		);
	}
	return await waitForBuiltPackage();
}

/** Orders for the examples: the editor story (see tools/story/editor-story.js), a few stale ones, one for the AI assistant. */
async function createOrders(emulator) {
	const { list, create } = await createEditorStory(emulator);
	const cancelThenNotify = list.map(({ expected, ...item }) => item); // `expected` is for tests
	const stale = [
		{ fulfillmentId: create('cust_7').fulfillmentId, customerId: 'cust_7' },
		{ fulfillmentId: create('cust_8').fulfillmentId, customerId: 'cust_8' },
		{ fulfillmentId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9-f1', customerId: 'cust_9' },
	];
	// one payout of its own for the AI assistant's chat, so trying the other examples leaves it cancellable
	const assistant = create('cust_nisha');
	return { cancelThenNotify, stale, assistant };
}

async function main() {
	const pkg = await preflight();
	step(`${pkg.name}@${pkg.version} in the n8n ${N8N_VERSION} editor, against a local emulator`);

	const emulatorPort = await pickPort(EMULATOR_PORT, 'the emulator');
	const emulator = await startEmulator({
		port: emulatorPort,
		apiKey: API_KEY,
		merchantId: MERCHANT_ID,
		...EDITOR_TIMINGS,
	});
	cleanups.push(() => emulator.close());
	const lists = await createOrders(emulator);
	step(
		`emulator listening on ${emulator.url} (api key ${API_KEY}, merchant ${MERCHANT_ID}; new payouts are picked 30 min after creation)`,
	);
	// The AI example's chat model: a scripted stand-in that reads the question and calls the Juspay tools.
	const model = await startScriptedModel();
	cleanups.push(() => model.close());
	step(`scripted chat model listening on ${model.baseUrl} (a fake key; no model account needed)`);

	// A fresh copy of the package each start: the build may have changed (and dropped files) since the last.
	fs.rmSync(path.join(USER_FOLDER, '.n8n', 'nodes', 'node_modules', pkg.name), {
		recursive: true,
		force: true,
	});
	n8n = await createN8nInstance({
		version: N8N_VERSION,
		communityPackages: [REPO_DIR],
		userFolder: USER_FOLDER,
		owner: OWNER,
	});
	const instance = n8n;
	cleanups.push(() => instance.dispose());
	step(`${pkg.name} installed as a community package in ${path.relative(REPO_DIR, USER_FOLDER)}/`);

	// Before `n8n start`, through the CLI: fixed ids, so the examples find their credential and a second
	// start updates them instead of adding copies.
	await n8n.importCredentials([editorCredential(emulator.url), scriptedModelCredential(model)]);
	step(`credential "${EXAMPLE_CREDENTIAL.name}" points at ${emulator.url}`);
	step(`credential "${SCRIPTED_MODEL_CREDENTIAL.name}" points at ${model.baseUrl}`);
	const workflows = [
		loadExample(CANCEL_THEN_NOTIFY.file, { list: lists.cancelThenNotify }),
		loadExample(SCHEDULED_CANCEL.file, { list: lists.stale }),
		loadAiAssistant({ model }),
	];
	workflows[0].id = WORKFLOW_IDS[CANCEL_THEN_NOTIFY.file];
	workflows[1].id = WORKFLOW_IDS[SCHEDULED_CANCEL.file];
	workflows[2].id = WORKFLOW_IDS[AI_ASSISTANT.file];
	await n8n.importWorkflows(workflows, { via: 'cli' });
	step(
		`examples imported with the emulator's orders in their lists: ${workflows.map((w) => `"${w.name}"`).join(', ')}`,
	);

	const port = await pickPort(EDITOR_PORT, 'the n8n editor');
	let server;
	try {
		server = await n8n.startServer({ port });
	} catch (e) {
		if (/owner setup\/login failed/.test(e.message)) {
			throw new Error(
				`${e.message.split('\n')[0]}\nThe owner of .n8n-runtime/dev-user/ is not ${OWNER.email} with the password below (changed in the editor?). Delete .n8n-runtime/dev-user/ to start over.`,
			);
		}
		throw e;
	}
	step(`n8n ${N8N_VERSION} started in ${(server.startMs / 1000).toFixed(1)} s`);

	const wfUrl = (file) => `${server.baseUrl}/workflow/${WORKFLOW_IDS[file]}`;
	console.log(`
  n8n editor   ${server.baseUrl}
  sign in as   ${OWNER.email}
  password     ${OWNER.password}   (a fake local account; the editor listens on 127.0.0.1 only)

  Examples, ready to run with "Execute workflow":
    ${wfUrl(CANCEL_THEN_NOTIFY.file)}   cancel, then notify (about 10 s: one payout stays in manual review)
    ${wfUrl(SCHEDULED_CANCEL.file)}   scheduled cancel of stale fulfillments

  AI payout assistant (a scripted model stands in for OpenAI; no account anywhere):
    ${wfUrl(AI_ASSISTANT.file)}   click "Open chat", then ask
      Where is ${lists.assistant.orderId}?
      Cancel payout ${lists.assistant.fulfillmentId}   (approve it in the chat)
      What is our payout balance?      Are any banks down?

  Juspay Payout emulator  ${emulator.url}   api key ${API_KEY}, merchant ${MERCHANT_ID}
    the listed payouts stay cancellable for 30 minutes; restart npm run dev for fresh ones.

  Stop with Ctrl+C. Data stays in .n8n-runtime/dev-user/ (delete it to start over).
`);

	// Until Ctrl-C; if n8n dies on its own, say so and stop the rest.
	await new Promise((resolve, reject) => {
		const timer = setInterval(() => {
			if (n8n.server && n8n.server.exited) {
				clearInterval(timer);
				const logs = n8n.serverLogs().split('\n').slice(-30).join('\n').trim();
				reject(new Error(`n8n exited (${JSON.stringify(n8n.server.exited)}):\n${logs}`));
			}
		}, 1000);
	});
}

main().catch(async (err) => {
	console.error(`\n[dev] FAILED: ${err && err.message ? err.message : err}`);
	await stopAll();
	process.exit(1);
});
