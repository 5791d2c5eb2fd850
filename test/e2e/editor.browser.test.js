'use strict';
/**
 * The package in the real n8n editor, in Debian's headless Chromium driven by playwright-core: what a user
 * sees after installing it. One n8n, the default of tools/n8n/versions.js (package staged as a community
 * package, owner, credential "Juspay Payout (emulator)", the "cancel, then notify" example with live
 * fulfillment ids: the set-up of `npm run dev`, see tools/story/editor-stack.js) and one browser for the
 * whole file; the editor is signed in through n8n's own form.
 *
 * Needs `npm run build`, `npm run n8n:install` and `scripts/install-chromium.sh`. Skipped with a message
 * when n8n or Chromium is missing, failed instead when CI is set. The n8n selectors used are listed in
 * tools/browser/editor.js (SELECTORS). JUSPAY_BROWSER_SEARCH=<text> searches another name (to see the test fail).
 */
const { isCi, DEFAULT_VERSION } = require('../../tools/n8n');
const { missingPrerequisite } = require('../../tools/lifecycle');
const { startEditorStack } = require('../../tools/story/editor-stack');
const ui = require('../../tools/browser/editor');
const { CANCEL_THEN_NOTIFY: E } = require('../../tools/story/examples');

const SEARCH = process.env.JUSPAY_BROWSER_SEARCH || 'Juspay';
const MAX_WAIT = 3; // Max Wait of the example's Cancel: the payout in manual review stays undetermined that long

function describeIfBrowserAndN8n() {
	const why = missingPrerequisite(DEFAULT_VERSION) || ui.missingBrowser();
	if (!why) return describe;
	if (isCi()) {
		return (title) =>
			describe(title, () => {
				test('real n8n, the built package and Chromium are there (CI is set: failing instead of skipping)', () => {
					throw new Error(why);
				});
			});
	}
	console.warn(`[browser] SKIPPED: ${why}`);
	return describe.skip;
}

describeIfBrowserAndN8n()(
	`the n8n ${DEFAULT_VERSION} editor with the package, in headless Chromium`,
	() => {
		let stack;
		let browser;
		let page;
		const timings = {};

		beforeAll(async () => {
			let t = Date.now();
			stack = await startEditorStack({ maxWaitSeconds: MAX_WAIT });
			timings.n8nAndEmulator = Date.now() - t;
			t = Date.now();
			browser = await ui.launchBrowser();
			page = browser.page;
			await ui.signIn(page, stack.baseUrl, stack.owner);
			timings.browserAndSignIn = Date.now() - t;
		}, 90000);

		afterAll(async () => {
			if (browser) await browser.close();
			if (stack) await stack.stop();
			console.log(`[browser] timings (ms): ${JSON.stringify(timings)}`);
		}, 30000);

		/** On a failure, what the editor showed (in the temp folder; never committed). */
		async function withPicture(name, fn) {
			try {
				await fn();
			} catch (e) {
				const file = require('node:path').join(
					require('node:os').tmpdir(),
					`juspay-browser-${name}.png`,
				);
				await page.screenshot({ path: file }).catch(() => {});
				e.message = `${e.message}\n(the editor at that moment: ${file})`;
				throw e;
			}
		}

		test(`searching "Juspay" in the nodes panel finds Juspay Payout, with one action per resource`, async () => {
			await withPicture('nodes-panel', async () => {
				const t = Date.now();
				await ui.openWorkflow(page, stack.workflowUrl);
				const found = await ui.searchNodes(page, SEARCH);
				expect(found).toContain('Juspay Payout');
				const actions = await ui.openNodeActions(page, 'Juspay Payout');
				expect(actions).toEqual(
					expect.arrayContaining([
						'Get the account balance',
						'Cancel a fulfillment',
						'Get an order',
						'Get current outages',
					]),
				);
				await page.keyboard.press('Escape');
				await page.keyboard.press('Escape');
				timings.nodesPanel = Date.now() - t;
			});
		});

		test('the node renders its resources, operations and Fulfillment -> Cancel parameters', async () => {
			await withPicture('parameters', async () => {
				const t = Date.now();
				await ui.openWorkflow(page, stack.workflowUrl);
				await ui.openNode(page, E.cancel);
				// n8n 2.8.4 adds "Custom API Call" to both lists (its own, for HTTP-request-capable credentials)
				const ours = (list) => list.filter((r) => r !== 'Custom API Call');
				expect(ours(await ui.selectOptions(page, 'resource'))).toEqual([
					'Account',
					'Fulfillment',
					'Order',
					'Outage',
				]);
				expect(ours(await ui.selectOptions(page, 'operation'))).toEqual(['Cancel']);
				for (const name of [
					'fulfillmentId',
					'routingId',
					'waitForOutcome',
					'orderId',
					'maxWaitSeconds',
				])
					await expect(page.locator(ui.SELECTORS.parameterInput(name)).isVisible()).resolves.toBe(
						true,
					);
				const params = await page.locator(ui.SELECTORS.ndvParameters).innerText();
				for (const label of [
					'Fulfillment ID',
					'Routing ID',
					'Wait for Outcome',
					'Order ID',
					'Max Wait',
				])
					expect(params).toContain(label);
				expect(await ui.collectionOptions(page)).toEqual(
					expect.arrayContaining([
						'Concurrency',
						'Max Tries',
						'Rate Limit Wait (Seconds)',
						'Timeout (Seconds)',
					]),
				);
				await page.keyboard.press('Escape');
				timings.parameters = Date.now() - t;
			});
		});

		test('the credential form renders API Key (a password field), Merchant ID, Environment and, for Custom, Base URL', async () => {
			await withPicture('credential', async () => {
				const t = Date.now();
				if (!(await page.locator(ui.SELECTORS.ndv).isVisible())) {
					await ui.openWorkflow(page, stack.workflowUrl);
					await ui.openNode(page, E.cancel);
				}
				const modal = await ui.openNodeCredential(page);
				const text = await modal.innerText();
				expect(text).toContain('Juspay Payout API');
				for (const label of ['API Key', 'Merchant ID', 'Environment', 'Base URL'])
					expect(text).toContain(label);
				await expect(
					page.locator(`${ui.SELECTORS.credentialField('apiKey')} input`).getAttribute('type'),
				).resolves.toBe('password');
				expect(await page.content()).not.toContain(stack.apiKey);
				expect(
					await page.locator(`${ui.SELECTORS.credentialField('environment')} input`).inputValue(),
				).toBe('Custom Base URL');
				await expect(
					page.locator(`${ui.SELECTORS.credentialField('baseUrl')} input`).inputValue(),
				).resolves.toBe(stack.emulator.url);
				expect(await ui.selectOptions(page, 'environment')).toEqual([
					'Sandbox',
					'Production',
					'Custom Base URL',
				]);
				await ui.closeCredential(page);
				await ui.closeNode(page);
				timings.credential = Date.now() - t;
			});
		});

		test('"cancel, then notify" runs from the editor: each item reaches its branch, the unknown one the error output', async () => {
			await withPicture('example-run', async () => {
				await ui.openWorkflow(page, stack.workflowUrl);
				const run = await ui.executeWorkflow(page);
				timings.exampleRun = run.ms;
				expect(run.status).toBe(200);
				expect(run.executionId).toMatch(/^\d+$/);

				// what the editor shows: every node green, item counts on the connections
				const expectedCounts = {
					[`${E.list} -> ${E.cancel}`]: '5 items',
					[`${E.cancel} -> ${E.outcome}`]: '4 items',
					[`${E.cancel} -> ${E.notifyFailed}`]: '1 item',
					[`${E.outcome} -> ${E.notifyCancelled}`]: '2 items',
					[`${E.outcome} -> ${E.notifyWentAhead}`]: '1 item',
					[`${E.outcome} -> ${E.notifyPending}`]: '1 item',
				};
				let labels = {};
				for (let i = 0; i < 40; i++) {
					labels = await ui.edgeLabels(page);
					if (Object.keys(expectedCounts).every((k) => labels[k])) break;
					await page.waitForTimeout(100);
				}
				expect(labels).toMatchObject(expectedCounts);
				const green = await ui.succeededNodes(page);
				for (const name of [
					E.cancel,
					E.outcome,
					E.notifyCancelled,
					E.notifyWentAhead,
					E.notifyPending,
					E.notifyFailed,
				])
					expect(green).toContain(name);

				// what the run did, from n8n's own record of that execution
				const exec = await stack.n8n.rest('GET', `/rest/executions/${run.executionId}`);
				expect(exec.status).toBe('success');
				expect(exec.mode).toBe('manual');
				const data =
					typeof exec.data === 'string' ? stack.n8n.flatted().parse(exec.data) : exec.data;
				const out = (node, output) =>
					data.resultData.runData[node][0].data.main[output].map((i) => i.json.fulfillmentId);
				const ids = (expected) =>
					stack.list.filter((x) => x.expected === expected).map((x) => x.fulfillmentId);
				expect(out(E.outcome, 0)).toEqual(ids('cancelled'));
				expect(out(E.outcome, 1)).toEqual(ids('not_cancelled'));
				expect(out(E.outcome, 2)).toEqual(ids('undetermined'));
				expect(out(E.cancel, 1)).toEqual(ids('error'));
				expect(out(E.notifyFailed, 0)).toEqual(ids('error'));
			});
		}, 60000);
	},
);
