'use strict';
/**
 * The request slots (transport/requestSlots.ts) on their own: at most `limit` tasks run at once, waiters
 * go first come first served with a retry at the front, and ready() — which the router waits for before
 * it starts an item — holds back while a limit's worth of requests is already queued.
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { RequestSlots } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/requestSlots.js'),
);
const { FixedConcurrencyLimit } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/concurrencyLimit.js'),
);

/** A task that runs until released by hand. */
function heldTask(log, name) {
	let release;
	const done = new Promise((resolve) => (release = resolve));
	return {
		task: async () => {
			log.push(`start ${name}`);
			await done;
			return name;
		},
		release: () => release(),
	};
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('at most limit tasks at once; waiters in order, a retry first', async () => {
	const slots = new RequestSlots(new FixedConcurrencyLimit(2));
	const log = [];
	const tasks = ['a', 'b', 'c', 'd'].map((n) => heldTask(log, n));
	const runs = tasks.map((t) => slots.run(t.task));
	const retry = heldTask(log, 'retry');
	const retried = slots.run(retry.task, { retry: true });
	await settle();
	expect(log).toEqual(['start a', 'start b']);
	tasks[0].release();
	await settle();
	expect(log).toEqual(['start a', 'start b', 'start retry']);
	tasks[1].release();
	retry.release();
	await settle();
	expect(log).toEqual(['start a', 'start b', 'start retry', 'start c', 'start d']);
	tasks[2].release();
	tasks[3].release();
	expect(await Promise.all([...runs, retried])).toEqual(
		['a', 'b', 'c', 'd', 'retry'].map((value) => ({ ran: true, value })),
	);
});

test('ready() waits while a limit of requests is queued, and goes when the queue shortens', async () => {
	const slots = new RequestSlots(new FixedConcurrencyLimit(2));
	const log = [];
	const tasks = ['a', 'b', 'c', 'd'].map((n) => heldTask(log, n));
	// Two running, none queued: ready at once.
	let ready = false;
	const runs = tasks.slice(0, 2).map((t) => slots.run(t.task));
	await slots.ready();
	// Two more queued: a limit's worth waiting, so not ready.
	runs.push(...tasks.slice(2).map((t) => slots.run(t.task)));
	void slots.ready().then(() => (ready = true));
	await settle();
	expect(ready).toBe(false);
	tasks[0].release(); // c starts, the queue holds only d
	await settle();
	expect(ready).toBe(true);
	for (const t of tasks) t.release();
	await Promise.all(runs);
});

test('ready() ends at once when the run halts or is cancelled, and nothing queued is sent', async () => {
	for (const stop of ['halt', 'cancel']) {
		const controller = new AbortController();
		const slots = new RequestSlots(new FixedConcurrencyLimit(1), controller.signal);
		const log = [];
		const first = heldTask(log, 'first');
		const queued = heldTask(log, 'queued');
		const running = slots.run(first.task);
		const waiting = slots.run(queued.task);
		let ready = false;
		void slots.ready().then(() => (ready = true));
		await settle();
		expect(ready).toBe(false);
		if (stop === 'halt') slots.halt();
		else controller.abort();
		await settle();
		expect(ready).toBe(true);
		expect(await waiting).toEqual({ ran: false, why: stop === 'halt' ? 'halted' : 'cancelled' });
		first.release();
		expect(await running).toEqual({ ran: true, value: 'first' });
		expect(log).toEqual(['start first']);
	}
});
