'use strict';
/**
 * `npm run demo` cannot rot: runs `node scripts/demo.js` (what the npm script runs after build and install)
 * as a child process, checks the story its table tells, and that it leaves nothing behind: the emulator
 * and n8n ports closed, no process in its n8n folder, the temporary folder gone. Also when interrupted.
 *
 * Needs `npm run build` and `scripts/install-n8n.sh 2.8.4` (both done by `npm test`). Skipped with a
 * message when n8n is not installed, failed instead when CI is set.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { describeIfN8nInstalled } = require('../helpers/real-n8n');
const { REPO_DIR } = require('../../tools/story/fixtures');

const DEMO = path.join(REPO_DIR, 'scripts', 'demo.js');

/** Start the demo; resolves { code, signal, stdout, stderr } when it exits. `onLine` sees stdout lines. */
function runDemo({ onLine, timeoutMs = 150000 } = {}) {
	const env = { ...process.env };
	delete env.NODE_ENV; // jest's "test"; a user's shell has none
	const child = spawn(process.execPath, [DEMO], {
		cwd: REPO_DIR,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	let pending = '';
	child.stdout.on('data', (b) => {
		const text = b.toString('utf8');
		stdout += text;
		pending += text;
		const lines = pending.split('\n');
		pending = lines.pop();
		if (onLine) for (const line of lines) onLine(line, child);
	});
	child.stderr.on('data', (b) => (stderr += b.toString('utf8')));
	const done = new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
	return { child, done };
}

/** What the demo says it started: emulator and n8n ports, its temporary n8n folder. */
function started(stdout) {
	const emulator = /emulator listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
	const n8n = /n8n [\d.]+ started on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
	const folder = /staged as a community package in (\S+)\/\.n8n\/nodes/.exec(stdout);
	return {
		emulatorPort: emulator && Number(emulator[1]),
		n8nPort: n8n && Number(n8n[1]),
		userFolder: folder && folder[1],
	};
}

/** Resolves true when something accepts connections on 127.0.0.1:port. */
function isListening(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Pids of processes whose working directory is inside `folder` (n8n runs there). Linux /proc only. */
function processesIn(folder) {
	if (!fs.existsSync('/proc/self/cwd')) return [];
	const pids = [];
	for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
			if (cwd === folder || cwd.startsWith(`${folder}/`)) pids.push(Number(pid));
		} catch {
			/* gone, or not ours to read */
		}
	}
	return pids;
}

/** Both callers got as far as a running n8n, so the demo named all three. */
async function expectNothingLeft(what) {
	for (const port of [what.emulatorPort, what.n8nPort]) {
		expect(Number.isInteger(port) && port >= 1024 && port <= 65535).toBe(true);
	}
	expect(what.n8nPort).not.toBe(what.emulatorPort);
	expect(path.dirname(what.userFolder)).toBe(os.tmpdir());
	expect(path.basename(what.userFolder)).toMatch(/^n8n-e2e-\d+\.\d+\.\d+-\w{6}$/);
	expect(await isListening(what.emulatorPort)).toBe(false);
	expect(await isListening(what.n8nPort)).toBe(false);
	expect(processesIn(what.userFolder)).toEqual([]);
	expect(fs.existsSync(what.userFolder)).toBe(false);
}

/** Table rows (split on the 2+ spaces between columns), each with the notification line under it. */
function parseTable(stdout) {
	const lines = stdout.split('\n');
	const header = lines.findIndex((l) => /^#\s+fulfillment\s+customer/.test(l));
	if (header === -1) return [];
	const rows = [];
	for (let i = header + 2; i < lines.length && /^\d+ /.test(lines[i]); i += 2) {
		const [n, fulfillment, customer, story, branch, result, seen] = lines[i].split(/\s{2,}/);
		const note = /^\s+✉ (.+?) → (\S+): (.*)$/.exec(lines[i + 1] || '');
		rows.push({
			n: Number(n),
			fulfillment,
			customer,
			story,
			branch,
			result,
			seen,
			notification: note ? { kind: note[1], to: note[2], text: note[3] } : undefined,
		});
	}
	return rows;
}

/** The second table: the notifications Juspay's webhooks started (scripts/demo/webhooks.js). */
function parseWebhookTable(stdout) {
	const lines = stdout.split('\n');
	const header = lines.findIndex((l) => /^#\s+fulfillment\s+customer\s+Juspay event/.test(l));
	if (header === -1) return [];
	const rows = [];
	for (let i = header + 2; i < lines.length && /^\d+ /.test(lines[i]); i += 2) {
		const [n, fulfillment, customer, event, notification, after] = lines[i].split(/\s{2,}/);
		const text = /^\s+✉ (.*)$/.exec(lines[i + 1] || '');
		rows.push({
			n: Number(n),
			fulfillment,
			customer,
			event,
			notification,
			after,
			text: text && text[1],
		});
	}
	return rows;
}

const describeIfN8n = describeIfN8nInstalled();

describeIfN8n('npm run demo (scripts/demo.js)', () => {
	test('tells the whole story in its table, exits 0 and leaves nothing listening or running', async () => {
		const { done } = runDemo();
		const out = await done;
		const context = `exit ${out.code}\n${out.stdout}\n${out.stderr}`;
		expect({ code: out.code, signal: out.signal, context }).toMatchObject({
			code: 0,
			signal: null,
		});

		const rows = parseTable(out.stdout);
		expect(rows.map((r) => [r.n, r.customer, r.branch, r.result])).toEqual([
			[1, 'cust_asha', 'main', 'cancelled'],
			[2, 'cust_ravi', 'main', 'cancelled'],
			[3, 'cust_meera', 'main', 'not_cancelled SUCCESS'],
			[4, 'cust_kiran', 'main', 'undetermined'],
			[5, 'cust_dev', 'error', 'not_in_order'],
			[6, 'cust_lena', 'error', 'E09'],
		]);
		for (const r of rows) expect(r.fulfillment).toMatch(/^[0-9a-f]{6}…-f1$/);
		expect(new Set(rows.map((r) => r.fulfillment)).size).toBe(rows.length);
		expect(rows.map((r) => r.seen)).toEqual([
			expect.stringMatching(/^CANCELLED after /),
			expect.stringMatching(/^CANCELLED after /),
			expect.stringMatching(/^SUCCESS after /),
			expect.stringMatching(/^MANUAL_REVIEW after 1\d(\.\d)? s$/), // the example's 10 s Max Wait
			'nothing sent',
			'HTTP 404',
		]);

		// the notification each customer gets, from the node of its branch
		expect(rows.map((r) => r.notification && [r.notification.kind, r.notification.to])).toEqual([
			['cancelled', 'asha@example.com'],
			['cancelled', 'ravi@example.com'],
			['went ahead', 'meera@example.com'],
			['still pending', 'kiran@example.com'],
			['could not cancel', 'dev@example.com'],
			['could not cancel', 'lena@example.com'],
		]);
		const text = rows.map((r) => r.notification.text);
		expect(text[0]).toBe(
			`Payout ${rows[0].fulfillment} was cancelled: no money was sent (Juspay status CANCELLED).`,
		);
		expect(text[2]).toContain('ended with status SUCCESS (the money was sent)');
		expect(text[3]).toMatch(/has not decided yet \(status MANUAL_REVIEW\)/);
		expect(text[4]).toContain(`is not in order "refund_`);
		expect(text[4]).not.toContain('Juspay code');
		expect(text[5]).toContain('(Juspay code E09)');

		expect(out.stdout).toMatch(
			/^Summary: 6 fulfillments, workflow ran 1\d\.\d s: 2 cancelled, 1 went ahead \(SUCCESS\), 1 undetermined, 2 could not be cancelled \(not_in_order, E09\); every row as the story expected\.$/m,
		);
		expect(out.stdout).not.toMatch(/^note: /m);

		// the same story from Juspay's webhooks: the active notify workflow, one execution per reported outcome
		const hooks = parseWebhookTable(out.stdout);
		expect(hooks.map((r) => [r.n, r.customer, r.event, r.notification])).toEqual([
			[1, 'cust_asha', 'FULFILLMENT_ORDER.CANCELLED', 'Notify: payout cancelled'],
			[2, 'cust_ravi', 'FULFILLMENT_ORDER.CANCELLED', 'Notify: payout cancelled'],
			[3, 'cust_meera', 'FULFILLMENT_ORDER.SUCCESS', 'Notify: payout sent'],
			[4, 'cust_kiran', 'FULFILLMENT_ORDER.MANUAL_REVIEW', 'Notify: payout in review'],
		]);
		expect(hooks.map((r) => r.fulfillment)).toEqual(rows.slice(0, 4).map((r) => r.fulfillment));
		for (const r of hooks) expect(r.after).toMatch(/^\d+\.\d s$/);
		expect(hooks[0].text).toBe(
			`Payout ${rows[0].fulfillment} of order refund_1003 was cancelled: no money was sent.`,
		);
		expect(out.stdout).toMatch(
			/^Webhooks: \d+ deliveries answered 200 \(median \d+ ms\); 4 started an execution, the others were events the workflow does not listen to; row 1's event delivered again started nothing\.$/m,
		);
		expect(out.stderr).toBe('');

		await expectNothingLeft(started(out.stdout));
	}, 180000);

	test('Ctrl-C while the workflow runs stops n8n and the emulator and removes the n8n folder (exit 130)', async () => {
		let interrupted = false;
		const { done } = runDemo({
			onLine: (line, child) => {
				if (!interrupted && /running ".*" .* on 6 fulfillments/.test(line)) {
					interrupted = true;
					setTimeout(() => child.kill('SIGINT'), 1500); // mid-run: the cancels are out, the waits running
				}
			},
		});
		const out = await done;
		expect(interrupted).toBe(true);
		expect({ code: out.code, stdout: out.stdout }).toMatchObject({ code: 130 });
		expect(out.stdout).toMatch(/SIGINT: stopping everything the demo started/);
		// n8n is told not to wait the default 30 s for the running execution
		const stopped = /\[demo\] stopped in (\d+\.\d) s/.exec(out.stdout);
		expect(stopped && Number(stopped[1])).toBeLessThan(6);
		expect(out.stdout).not.toMatch(/^Summary:/m);
		await expectNothingLeft(started(out.stdout));
	}, 180000);
});
