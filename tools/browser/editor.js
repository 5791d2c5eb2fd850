'use strict';
/**
 * Driving the real n8n editor in Debian's headless Chromium (/usr/bin/chromium, installed by
 * scripts/install-chromium.sh) with playwright-core: the browser test (test/e2e/editor.browser.test.js) and
 * the README screenshots (scripts/screenshots.js).
 *
 * Every n8n selector these helpers rely on is in SELECTORS below (n8n 2.8.4's own `data-test-id`s, the ones
 * n8n's Playwright tests use), so an n8n upgrade that renames one breaks here, in one place.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/**
 * Root in a sandbox: --no-sandbox. The machine's network is closed: without the background-networking,
 * component-update and sync flags Chromium keeps opening (refused) connections to Google.
 */
const CHROMIUM_ARGS = Object.freeze([
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--no-default-browser-check',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
	'--hide-scrollbars',
]);

const tid = (id) => `[data-test-id="${id}"]`;
/** n8n 2.8.4 editor selectors (data-test-id unless noted). */
const SELECTORS = Object.freeze({
	signinEmail: 'input[name="emailOrLdapLoginId"]',
	signinPassword: 'input[name="password"]',
	signinSubmit: tid('form-submit-button'),
	canvas: tid('canvas'),
	canvasNode: tid('canvas-node'),
	nodeStatusSuccess: tid('canvas-node-status-success'),
	edgeLabel: tid('edge-label'),
	nodeCreatorPlus: tid('node-creator-plus-button'),
	nodeCreator: tid('node-creator'),
	nodeCreatorSearch: tid('node-creator-search-bar'),
	/** a node in the panel's (search) list, and one action of a node once it is clicked */
	nodeCreatorNodeItem: `${tid('item-iterator-item')}[data-keyboard-nav-type="node"]`,
	nodeCreatorActionItem: `${tid('item-iterator-item')}[data-keyboard-nav-type="action"]`,
	nodeCreatorItemName: tid('node-creator-item-name'),
	ndv: tid('ndv'),
	ndvClose: tid('ndv-close-button'),
	ndvParameters: tid('node-parameters'),
	ndvOutputPanel: tid('output-panel'),
	ndvOutputBranches: tid('branches'),
	ndvOutputBranchTab: (i) => `${tid('branches')} ${tid(`tab-${i}`)}`,
	ndvParametersTab: tid('tab-params'),
	zoomToFit: tid('zoom-to-fit'),
	sticky: tid('sticky'),
	ndvPanelDrag: tid('panel-drag-button'),
	/** a trigger's "Webhook URLs": the Production URL toggle */
	webhookUrlProduction: tid('radio-button-production'),
	ndvFloatingNodes: tid('floating-nodes'),
	parameterInput: (name) => tid(`parameter-input-${name}`),
	collectionAdd: tid('collection-parameter-add'),
	collectionOption: tid('collection-parameter-option'),
	credentialEdit: tid('credential-edit-button'),
	credentialModal: tid('editCredential-modal'), // the dialog itself: header (name, type) and body
	credentialDialog: tid('credential-edit-dialog'),
	credentialField: (name) => tid(`parameter-input-${name}`),
	executeWorkflow: tid('execute-workflow-button'),
	stopExecution: tid('stop-execution-button'),
	clearExecution: tid('clear-execution-data-button'),
	displayModeJson: tid('radio-button-json'),
	displayModeTable: tid('radio-button-table'),
	/** Element Plus (n8n's UI kit), not data-test-id */
	selectOption: '.el-select-dropdown__item',
	notificationClose: '.el-notification__closeBtn',
	dialogClose: '.el-dialog__headerbtn',
});

/**
 * Start Chromium with a fresh profile (deleted again by close()). Options: { viewport, deviceScaleFactor,
 * colorScheme }. Resolves { context, page, close }.
 */
async function launchBrowser({
	viewport = { width: 1440, height: 900 },
	deviceScaleFactor = 1,
	colorScheme = 'light',
} = {}) {
	const { chromium } = require('playwright-core');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'juspay-chromium-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM_PATH,
			headless: true,
			args: [...CHROMIUM_ARGS],
			viewport,
			deviceScaleFactor,
			colorScheme,
			locale: 'en-US',
			timezoneId: 'UTC',
			timeout: 30000,
		});
	} catch (e) {
		fs.rmSync(userDataDir, { recursive: true, force: true });
		throw e;
	}
	const page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(20000);
	let closing = null;
	const close = () => {
		if (!closing)
			closing = context
				.close()
				.catch(() => {})
				.finally(() => fs.rmSync(userDataDir, { recursive: true, force: true }));
		return closing;
	};
	return { context, page, close, userDataDir };
}

/** Why the browser cannot run here, or '' when it can. */
function missingBrowser() {
	if (!fs.existsSync(CHROMIUM_PATH))
		return `${CHROMIUM_PATH} is missing: run scripts/install-chromium.sh (Debian's chromium)`;
	try {
		require.resolve('playwright-core');
	} catch {
		return 'playwright-core is not installed: run npm install';
	}
	return '';
}

/** Sign in on n8n's own form. */
async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`);
	await page.locator(SELECTORS.signinEmail).fill(email);
	await page.locator(SELECTORS.signinPassword).fill(password);
	await page.locator(SELECTORS.signinSubmit).click();
	await page.waitForURL((u) => !/\/signin/.test(u.pathname), { timeout: 20000 });
}

/**
 * Close whatever n8n may put over the editor: onboarding or "what's new" modals, banners, toasts, the
 * "Ask AI" side panel. Only clicks close buttons that are visible; never fails.
 */
async function dismissOverlays(page) {
	const closers = [
		// modals (personalization survey, NPS survey, what's new, community nodes...): Element Plus dialogs
		`.el-overlay .el-dialog:visible ${SELECTORS.dialogClose}`,
		// banners at the top (trial, non-production licence, email confirmation...)
		`${tid('banner-stack')} [data-test-id$="close"]:visible`,
		`${tid('banner-stack')} .n8n-callout button:visible`,
		// toasts
		`${SELECTORS.notificationClose}:visible`,
		// the AI assistant / chat panel when it opens on its own
		`${tid('close-chat-button')}:visible`,
	];
	for (const selector of closers) {
		try {
			const buttons = page.locator(selector);
			const n = await buttons.count();
			for (let i = 0; i < n; i++)
				await buttons
					.nth(i)
					.click({ timeout: 1000 })
					.catch(() => {});
		} catch {
			/* nothing to close */
		}
	}
}

/** Open a workflow and wait until its nodes are on the canvas. */
async function openWorkflow(page, url) {
	await page.goto(url);
	await page.locator(SELECTORS.canvasNode).first().waitFor();
	await dismissOverlays(page);
}

/** Open the nodes panel with the "+" button, search, return the names of the nodes found. */
async function searchNodes(page, text) {
	if (!(await page.locator(SELECTORS.nodeCreator).isVisible()))
		await page.locator(SELECTORS.nodeCreatorPlus).click();
	const search = page.locator(SELECTORS.nodeCreatorSearch).first(); // the <input> itself
	await search.waitFor();
	await search.fill(text);
	// the list is filtered as one types: wait until it shows the same names twice in a row (up to 3 s; an
	// empty list counts only at the end, so that a slow first render is not taken for "nothing found")
	let last = '';
	const deadline = Date.now() + 3000;
	for (;;) {
		await page.waitForTimeout(150);
		const names = (
			await page
				.locator(`${SELECTORS.nodeCreatorNodeItem} ${SELECTORS.nodeCreatorItemName}`)
				.allInnerTexts()
		).map((s) => s.trim());
		const key = JSON.stringify(names);
		if ((key === last && names.length) || Date.now() > deadline) return names;
		last = key;
	}
}

/** Click a node found in the nodes panel; return the names of its actions. */
async function openNodeActions(page, nodeName) {
	await page
		.locator(SELECTORS.nodeCreatorNodeItem)
		.filter({ has: page.locator(SELECTORS.nodeCreatorItemName, { hasText: nodeName }) })
		.first()
		.click();
	const actions = page.locator(
		`${SELECTORS.nodeCreatorActionItem} ${SELECTORS.nodeCreatorItemName}`,
	);
	await actions.first().waitFor();
	return (await actions.allInnerTexts()).map((s) => s.trim());
}

function canvasNode(page, name) {
	return page.locator(`${SELECTORS.canvasNode}[data-node-name=${JSON.stringify(name)}]`);
}

/** Double-click a canvas node: its node details view (NDV) opens. */
async function openNode(page, name) {
	await canvasNode(page, name).dblclick();
	await page.locator(SELECTORS.ndv).waitFor();
	await page.locator(SELECTORS.ndvParameters).waitFor();
}

async function closeNode(page) {
	const close = page.locator(SELECTORS.ndvClose);
	if (await close.isVisible()) await close.click();
	await page.locator(SELECTORS.ndv).waitFor({ state: 'hidden' });
}

/** Items of an options dropdown (Element Plus select) opened by clicking the parameter's input. */
async function selectOptions(page, parameterName) {
	await page.locator(SELECTORS.parameterInput(parameterName)).click();
	const items = page.locator(`${SELECTORS.selectOption}:visible`);
	await items.first().waitFor();
	const texts = (await items.allInnerTexts()).map((s) => s.trim().split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await items.first().waitFor({ state: 'hidden' }); // so the next dropdown's items are not mixed in
	return texts;
}

/** Names offered by "Add option" of a collection, e.g. the node's Options. */
async function collectionOptions(page) {
	await page.locator(SELECTORS.collectionAdd).click();
	const items = page.locator(`${SELECTORS.collectionOption}:visible`);
	await items.first().waitFor();
	return (await items.allInnerTexts()).map((s) => s.trim());
}

/** Add every option of the (first) "Add option" collection, with its default value; returns their names. */
async function addAllOptions(page) {
	const names = await collectionOptions(page);
	await page.keyboard.press('Escape');
	const visibleOptions = page.locator(`${SELECTORS.collectionOption}:visible`);
	for (let i = 0; i < names.length; i++) {
		await visibleOptions.first().waitFor({ state: 'hidden' });
		const add = page.locator(SELECTORS.collectionAdd);
		const disabled = await add.evaluate(
			(el) =>
				el.matches('.is-disabled, [disabled]') || !!el.querySelector('.is-disabled, [disabled]'),
		);
		if (disabled) break; // every option is there
		await add.click();
		const shown = await visibleOptions
			.first()
			.waitFor({ timeout: 3000 })
			.then(() => true)
			.catch(() => false);
		if (!shown) break;
		await visibleOptions.first().click(); // the list holds only the options not added yet
	}
	return names;
}

/** Open the node's credential (the pencil next to "Credential to connect with"); resolves the dialog. */
async function openNodeCredential(page) {
	await page.locator(SELECTORS.credentialEdit).click();
	const modal = page.locator(SELECTORS.credentialModal).first();
	await modal.waitFor();
	await page.locator(SELECTORS.credentialField('apiKey')).waitFor();
	return modal;
}

/** Close the credential dialog with its own close button (Escape does not always reach it). */
async function closeCredential(page) {
	const modal = page.locator(SELECTORS.credentialModal).first();
	await modal.locator(SELECTORS.dialogClose).first().click();
	await modal.waitFor({ state: 'hidden' });
}

/** Click "Execute workflow"; resolve { executionId, ms } when the editor shows the run finished. */
async function executeWorkflow(page, { timeoutMs = 60000 } = {}) {
	const started = Date.now();
	const runResponse = page.waitForResponse(
		(r) => /\/rest\/workflows\/[^/]+\/run/.test(r.url()) && r.request().method() === 'POST',
		{ timeout: timeoutMs },
	);
	await page.locator(SELECTORS.executeWorkflow).click();
	const res = await runResponse;
	const body = await res.json().catch(() => ({}));
	const executionId = body && body.data && body.data.executionId;
	// while running the editor shows "stop"; when done, "clear execution"
	await page.locator(SELECTORS.clearExecution).waitFor({ timeout: timeoutMs });
	await page.locator(SELECTORS.stopExecution).waitFor({ state: 'hidden', timeout: timeoutMs });
	return { executionId, ms: Date.now() - started, status: res.status() };
}

/** Item counts on the canvas's connections: { 'Source -> Target': '5 items', ... } (empty ones left out). */
async function edgeLabels(page) {
	return page.locator(SELECTORS.edgeLabel).evaluateAll((els) => {
		const out = {};
		for (const el of els) {
			const text = (el.textContent || '').trim();
			if (text) out[`${el.dataset.sourceNodeName} -> ${el.dataset.targetNodeName}`] = text;
		}
		return out;
	});
}

/** Names of the canvas nodes that show n8n's green "success" check. */
async function succeededNodes(page) {
	return page
		.locator(SELECTORS.canvasNode)
		.filter({ has: page.locator(SELECTORS.nodeStatusSuccess) })
		.evaluateAll((els) => els.map((el) => el.dataset.nodeName));
}

/** Bounding box around several elements, with a margin, clipped to the page. */
async function unionBox(page, locators, margin = 16) {
	const boxes = [];
	for (const loc of locators) {
		const n = await loc.count();
		for (let i = 0; i < n; i++) {
			const b = await loc.nth(i).boundingBox();
			if (b && b.width > 0 && b.height > 0) boxes.push(b);
		}
	}
	if (!boxes.length) throw new Error('nothing to frame');
	const vp = page.viewportSize();
	const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
	const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
	const right = Math.min(vp.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
	const bottom = Math.min(vp.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
	return { x, y, width: right - x, height: bottom - y };
}

module.exports = {
	CHROMIUM_PATH,
	CHROMIUM_ARGS,
	SELECTORS,
	launchBrowser,
	missingBrowser,
	signIn,
	dismissOverlays,
	openWorkflow,
	searchNodes,
	openNodeActions,
	canvasNode,
	openNode,
	closeNode,
	selectOptions,
	collectionOptions,
	addAllOptions,
	openNodeCredential,
	closeCredential,
	executeWorkflow,
	edgeLabels,
	succeededNodes,
	unionBox,
};
