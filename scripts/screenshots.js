#!/usr/bin/env node
'use strict';
/**
 * README screenshots from the real n8n editor (after `npm run build`, `npm run n8n:install` and
 * `bash scripts/install-chromium.sh`):
 *
 *   node scripts/screenshots.js [--out docs/screenshots] [--scale 2]
 *
 * Starts what `npm run dev` starts (tools/story/editor-stack.js: the emulator, the default n8n with this
 * package staged as a community package, an owner, the credential "Juspay Payout (emulator)", the "cancel,
 * then notify" example with live fulfillment ids), but in a temporary user folder, then drives the editor in Debian's headless Chromium with
 * playwright-core and writes:
 *
 *   01-nodes-panel-search.png   the nodes panel after searching "Juspay"
 *   02-nodes-panel-actions.png  the node's actions, one per resource
 *   03-node-parameters.png      Fulfillment -> Cancel with Wait for Outcome on, and every Option
 *   04-credential.png           the "Juspay Payout API" credential with the Custom Base URL environment
 *   05-example-run.png          "cancel, then notify" after Execute workflow: both outputs, item counts
 *   06-node-output.png          the Cancel node's output after that run (JSON, success branch)
 *   07-node-output-error.png    the same node's error branch: the unknown fulfillment, with Juspay's answer
 *   08-trigger-node.png         the Juspay Payout Trigger of "notify on payout status" (active): its
 *                               Production URL, the note on where it goes in Juspay, the chosen events
 *
 * Stops n8n, the emulator and Chromium at the end, also on an error or Ctrl-C. Refuses to write a picture
 * whose page holds the credential's API key in clear.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ui = require('../tools/browser/editor');
const { missingPrerequisite, startProgram } = require('../tools/lifecycle');
const { portOr } = require('../tools/process');
const { startEditorStack } = require('../tools/story/editor-stack');

const { SELECTORS } = ui;
const REPO_DIR = path.resolve(__dirname, '..');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const OUT_DIR = path.resolve(REPO_DIR, arg('out', 'docs/screenshots'));
const SCALE = Number(arg('scale', '2'));

const program = startProgram('screenshots', { stopping: 'stopping…', exitCode: () => 1 });
const { step } = program;
const timings = {};
let stack;
let browser;

/** Save a clip of the page, after checking that nothing on it shows the API key. */
async function shoot(page, file, clip) {
	const html = await page.content();
	if (html.includes(stack.apiKey))
		throw new Error(`the page shows the API key in clear: ${file} not written`);
	const target = path.join(OUT_DIR, file);
	await page.screenshot({ path: target, clip, animations: 'disabled', caret: 'hide' });
	step(
		`wrote ${path.relative(REPO_DIR, target)} (${Math.round(fs.statSync(target).size / 1024)} KiB)`,
	);
}

async function settle(page, ms = 400) {
	await page.waitForTimeout(ms); // CSS transitions of panels and dropdowns
}

async function main() {
	const missing = missingPrerequisite() || ui.missingBrowser();
	if (missing) throw new Error(missing);
	fs.mkdirSync(OUT_DIR, { recursive: true });

	let t = Date.now();
	const emulatorPort = await portOr(8787); // the port the README's examples use
	stack = await startEditorStack({ emulatorPort, trigger: true, log: step, cleanups: program });
	timings.stackMs = Date.now() - t;

	t = Date.now();
	browser = await ui.launchBrowser({
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: SCALE,
	});
	program.defer(() => browser.close());
	const { page } = browser;
	timings.browserMs = Date.now() - t;
	t = Date.now();
	await ui.signIn(page, stack.baseUrl, stack.owner);
	await ui.openWorkflow(page, stack.workflowUrl);
	timings.signInMs = Date.now() - t;
	step(`signed in as ${stack.owner.email}, example open`);

	// (a) nodes panel: search, then the node's actions
	t = Date.now();
	const found = await ui.searchNodes(page, 'Juspay');
	if (!found.includes('Juspay Payout'))
		throw new Error(`searching "Juspay" found ${JSON.stringify(found)}`);
	await page.locator(SELECTORS.nodeCreatorNodeItem).first().hover();
	await settle(page);
	const pbox = await page.locator(SELECTORS.nodeCreator).boundingBox();
	/** The panel from its top down to `margin` px below the last of `items`. */
	const panelDownTo = async (items, margin) => {
		const last = await ui.unionBox(page, [page.locator(items)], 0);
		return { ...pbox, height: Math.min(pbox.height, last.y + last.height + margin - pbox.y) };
	};
	await shoot(
		page,
		'01-nodes-panel-search.png',
		await panelDownTo(SELECTORS.nodeCreatorNodeItem, 24),
	);
	const actions = await ui.openNodeActions(page, 'Juspay Payout');
	await page.mouse.move(10, 10);
	await settle(page);
	await shoot(
		page,
		'02-nodes-panel-actions.png',
		await panelDownTo(SELECTORS.nodeCreatorActionItem, 16),
	);
	step(`actions: ${actions.join(', ')}`);
	await page.keyboard.press('Escape');
	await page.keyboard.press('Escape');
	await page
		.locator(SELECTORS.nodeCreator)
		.waitFor({ state: 'hidden' })
		.catch(() => {});
	timings.nodesPanelMs = Date.now() - t;

	// (b) parameters of Fulfillment -> Cancel, with every Option added (their defaults)
	t = Date.now();
	await page.setViewportSize({ width: 1440, height: 1150 });
	await ui.openNode(page, 'Cancel fulfillment');
	const options = await ui.addAllOptions(page);
	step(`options: ${options.join(', ')}`);
	await page.mouse.move(10, 10);
	await settle(page);
	const params = await page.locator(SELECTORS.ndvParameters).boundingBox();
	const tabs = await page.locator(SELECTORS.ndvParametersTab).boundingBox();
	const lastParam = await ui.unionBox(page, [page.locator(SELECTORS.collectionAdd)], 0);
	await shoot(page, '03-node-parameters.png', {
		x: params.x - 8,
		y: tabs.y - 10,
		width: params.width + 16,
		height: lastParam.y + lastParam.height + 20 - (tabs.y - 10),
	});
	timings.parametersMs = Date.now() - t;

	// (c) the credential, opened from the node (pencil next to "Credential to connect with")
	t = Date.now();
	const dialog = await ui.openNodeCredential(page);
	await settle(page, 1500); // n8n tests the connection when the form opens
	await shoot(page, '04-credential.png', await dialog.boundingBox());
	await ui.closeCredential(page);
	await ui.closeNode(page);
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.locator(SELECTORS.zoomToFit).click();
	timings.credentialMs = Date.now() - t;

	// (d) run the example from the editor
	t = Date.now();
	const run = await ui.executeWorkflow(page);
	timings.runMs = run.ms;
	step(
		`Execute workflow: execution ${run.executionId} finished in ${(run.ms / 1000).toFixed(1)} s`,
	);
	const labels = await ui.edgeLabels(page);
	step(`item counts: ${JSON.stringify(labels)}`);
	await settle(page, 800);
	await ui.dismissOverlays(page); // the "Workflow executed successfully" toast
	await page.mouse.move(10, 10);
	await settle(page);
	// the nodes and their connections; the example's sticky notes (long texts, cut by any crop) hidden
	await page.addStyleTag({ content: `${SELECTORS.sticky} { visibility: hidden !important; }` });
	const nodesBox = await ui.unionBox(page, [page.locator(SELECTORS.canvasNode)], 32);
	const right = Math.min(page.viewportSize().width, nodesBox.x + nodesBox.width + 60); // "1 item" after the last nodes
	await shoot(page, '05-example-run.png', { ...nodesBox, width: right - nodesBox.x });

	// (e) the Cancel node's output, JSON view, the output pane widened (parameters dragged to the left)
	await ui.openNode(page, 'Cancel fulfillment');
	const drag = await page.locator(SELECTORS.ndvPanelDrag).boundingBox();
	await page.mouse.move(drag.x + drag.width / 2, drag.y + drag.height / 2);
	await page.mouse.down();
	await page.mouse.move(drag.x - 260, drag.y + drag.height / 2, { steps: 10 });
	await page.mouse.up();
	const out = page.locator(SELECTORS.ndvOutputPanel);
	await out.locator(SELECTORS.displayModeJson).click();
	await page.mouse.move(10, 10);
	await settle(page);
	const outBox = await out.boundingBox();
	// at most 640 px high, without the floating next-node buttons that overlap the pane's right edge
	await page.addStyleTag({
		content: `${SELECTORS.ndvFloatingNodes} { visibility: hidden !important; }`,
	});
	const outClip = { ...outBox, height: Math.min(outBox.height, 640) };
	await shoot(page, '06-node-output.png', outClip);
	await page.locator(SELECTORS.ndvOutputBranchTab(1)).click();
	await page.mouse.move(10, 10);
	await settle(page);
	await shoot(page, '07-node-output-error.png', outClip);
	await ui.closeNode(page);
	timings.runAndOutputMs = Date.now() - t;

	// (f) the trigger of the active "notify on payout status" workflow, its Production URL shown
	t = Date.now();
	await ui.openWorkflow(
		page,
		stack.workflows.find((wf) => wf.url.endsWith('/JuspayNotifyStatus')).url,
	);
	await ui.openNode(page, 'Juspay Payout Trigger');
	await page.locator(SELECTORS.ndv).getByText('Webhook URLs').click();
	await page.locator(SELECTORS.webhookUrlProduction).click();
	// the editor keeps (e)'s drag of the parameters pane to the left: drag it back for the trigger's own help
	const back = await page.locator(SELECTORS.ndvPanelDrag).boundingBox();
	await page.mouse.move(back.x + back.width / 2, back.y + back.height / 2);
	await page.mouse.down();
	await page.mouse.move(back.x + 260, back.y + back.height / 2, { steps: 10 });
	await page.mouse.up();
	await page.mouse.move(10, 10);
	await settle(page);
	await shoot(page, '08-trigger-node.png', await page.locator(SELECTORS.ndv).boundingBox());
	await ui.closeNode(page);
	timings.triggerMs = Date.now() - t;
}

program.run(
	async () => {
		await main();
		await program.stop();
		timings.totalMs = Date.now() - program.t0;
		step(`done; timings ${JSON.stringify(timings)}`);
	},
	{
		stack: true,
		onFailure: async () => {
			if (!browser) return;
			// what the editor showed at that moment (not in docs/: it may show anything)
			const file = path.join(os.tmpdir(), 'juspay-screenshots-failure.png');
			await browser.page
				.screenshot({ path: file })
				.then(() => console.error(`[screenshots] the editor at that moment: ${file}`))
				.catch(() => {});
		},
	},
);
