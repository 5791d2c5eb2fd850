#!/usr/bin/env node
'use strict';
/**
 * `npm run dev` (after `npm run build` and `npm run n8n:install`): the n8n editor with this package, ready
 * to click through.
 *
 *  - the Juspay Payout emulator on http://127.0.0.1:8787 (or a free port when 8787 is taken), in this
 *    process, with a few orders already in it;
 *  - real n8n (the default of tools/n8n/versions.js) on http://127.0.0.1:5678 (or a free port), the package
 *    installed as a community package (the way Settings -> Community Nodes -> Install leaves it), its data
 *    kept in .n8n-runtime/dev-user/;
 *  - an owner account (printed below; a fake local password), the credential "Juspay Payout (emulator)"
 *    pointing at the emulator, and the examples imported with the emulator's orders in their lists, so
 *    "Execute workflow" works at once;
 *  - the webhook examples too: "notify on payout status" ACTIVE (its Juspay Payout Trigger checks the
 *    credential "Juspay Payout Webhook (emulator)") and the emulator sending Juspay's webhooks to it, so a
 *    cancel from "cancel now, notify when Juspay reports" shows up as an execution of the notify workflow;
 *  - the AI payout assistant example with its chat model on a scripted OpenAI-compatible model on
 *    127.0.0.1 (tools/openai-scripted; credential "Scripted model (127.0.0.1, no account)"): open its chat
 *    in the editor and ask about the payout it lists, with no model account anywhere.
 *
 * Runs until Ctrl-C, then stops n8n, the emulator and the scripted model. Every start re-imports the examples (the emulator
 * starts empty, so their lists need fresh IDs): save an edited example under another name to keep it.
 * Delete .n8n-runtime/dev-user/ to start from scratch. What starts is tools/story/editor-stack.js.
 */
const path = require('node:path');

const { startProgram } = require('../tools/lifecycle');
const { DEFAULT_VERSION } = require('../tools/n8n');
const { portOr } = require('../tools/process');
const { startEditorStack, OWNER } = require('../tools/story/editor-stack');

const REPO_DIR = path.resolve(__dirname, '..');
const USER_FOLDER = path.join(REPO_DIR, '.n8n-runtime', 'dev-user');
const EDITOR_PORT = Number(process.env.DEV_N8N_PORT) || 5678;
const EMULATOR_PORT = Number(process.env.DEV_EMULATOR_PORT) || 8787;

const program = startProgram('dev', {
	stopping: 'stopping n8n and the emulator…',
	stopped: () => 'stopped. Your n8n data stays in .n8n-runtime/dev-user/.',
	exitCode: () => 0, // Ctrl-C is how dev ends
});
const { step } = program;

program.run(async () => {
	const pkg = await program.preflight('dev');
	step(`${pkg.name}@${pkg.version} in the n8n ${DEFAULT_VERSION} editor, against a local emulator`);
	const portFor = (wanted, what) =>
		portOr(wanted, (port) => step(`port ${wanted} is taken: ${what} uses ${port} instead`));
	const emulatorPort = await portFor(EMULATOR_PORT, 'the emulator');
	const n8nPort = await portFor(EDITOR_PORT, 'the n8n editor');

	let stack;
	try {
		stack = await startEditorStack({
			userFolder: USER_FOLDER,
			emulatorPort,
			n8nPort,
			staleExample: true,
			trigger: true,
			aiAssistant: true,
			waitForBank: false,
			log: step,
			cleanups: program,
		});
	} catch (e) {
		if (/owner setup\/login failed/.test(e.message)) {
			throw new Error(
				`${e.message.split('\n')[0]}\nThe owner of .n8n-runtime/dev-user/ is not ${OWNER.email} with the password ${OWNER.password} (changed in the editor?). Delete .n8n-runtime/dev-user/ to start over.`,
			);
		}
		throw e;
	}

	const [cancelThenNotify, scheduled, notifyOnStatus, cancelByWebhook] = stack.workflows;
	const { assistant } = stack;
	console.log(`
  n8n editor   ${stack.baseUrl}
  sign in as   ${stack.owner.email}
  password     ${stack.owner.password}   (a fake local account; the editor listens on 127.0.0.1 only)

  Examples, ready to run with "Execute workflow":
    ${cancelThenNotify.url}   cancel, then notify (about 10 s: one payout stays in manual review)
    ${scheduled.url}   scheduled cancel of stale fulfillments
    ${cancelByWebhook.url}   cancel now, notify when Juspay reports (no waiting) ...
    ${notifyOnStatus.url}   ... notify on payout status: ACTIVE, its executions show Juspay's webhooks

  AI payout assistant (a scripted model stands in for OpenAI; no account anywhere):
    ${assistant.url}   click "Open chat", then ask
      Where is ${assistant.orderId}?
      Cancel payout ${assistant.fulfillmentId}   (approve it in the chat)
      What is our payout balance?      Are any banks down?

  Juspay Payout emulator  ${stack.emulator.url}   api key ${stack.apiKey}, merchant ${stack.merchantId}
    sends Juspay's webhooks to ${stack.triggerUrl}
    the listed payouts stay cancellable for 30 minutes; restart npm run dev for fresh ones.

  Stop with Ctrl+C. Data stays in .n8n-runtime/dev-user/ (delete it to start over).
`);

	// Until Ctrl-C; if n8n dies on its own, say so and stop the rest.
	await new Promise((resolve, reject) => {
		const timer = setInterval(() => {
			const { server } = stack.n8n;
			if (server && server.exited) {
				clearInterval(timer);
				const logs = stack.n8n.serverLogs().split('\n').slice(-30).join('\n').trim();
				reject(new Error(`n8n exited (${JSON.stringify(server.exited)}):\n${logs}`));
			}
		}, 1000);
	});
});
