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

/** A limit set by hand, recording what it is told. */
function scriptedLimit(limit) {
	return {
		limit,
		epoch: 7,
		told: [],
		record(answer) {
			this.told.push(answer);
		},
	};
}

test('each task runs under a ticket: the epoch it was sent in and the requests in flight, itself included', async () => {
	const limit = scriptedLimit(3);
	const slots = new RequestSlots(limit);
	const log = [];
	const tickets = [];
	const tasks = ['a', 'b', 'c'].map((n) => heldTask(log, n));
	const runs = tasks.map((t) =>
		slots.run(async (ticket) => {
			tickets.push(ticket);
			return t.task();
		}),
	);
	await settle();
	expect(tickets).toEqual([
		{ epoch: 7, inFlight: 1 },
		{ epoch: 7, inFlight: 2 },
		{ epoch: 7, inFlight: 3 },
	]);
	tasks[1].release();
	await runs[1];
	limit.epoch = 8;
	const late = slots.run(async (ticket) => ticket);
	expect(await late).toEqual({ ran: true, value: { epoch: 8, inFlight: 3 } });
	tasks[0].release();
	tasks[2].release();
	await Promise.all(runs);
});

test('observe() tells the limit the ticket, the latency and the signal; a limit that grew lets waiters go at once', async () => {
	const limit = scriptedLimit(1);
	const slots = new RequestSlots(limit);
	const log = [];
	const tasks = ['a', 'b', 'c'].map((n) => heldTask(log, n));
	const runs = tasks.map((t) => slots.run(t.task));
	await settle();
	expect(log).toEqual(['start a']);
	limit.limit = 3;
	slots.observe({ epoch: 7, inFlight: 1 }, 25, 'ok');
	expect(limit.told).toEqual([{ epoch: 7, inFlight: 1, latencyMs: 25, signal: 'ok' }]);
	await settle();
	expect(log).toEqual(['start a', 'start b', 'start c']);
	for (const t of tasks) t.release();
	await Promise.all(runs);
});

test('a limit that shrank sends nothing new until the requests in flight are under it', async () => {
	const limit = scriptedLimit(3);
	const slots = new RequestSlots(limit);
	const log = [];
	const tasks = ['a', 'b', 'c', 'd', 'e'].map((n) => heldTask(log, n));
	const runs = tasks.map((t) => slots.run(t.task));
	await settle();
	limit.limit = 1;
	tasks[0].release();
	await settle();
	tasks[1].release();
	await settle();
	expect(log).toEqual(['start a', 'start b', 'start c']); // c alone in flight: at the limit
	tasks[2].release();
	await settle();
	expect(log).toEqual(['start a', 'start b', 'start c', 'start d']);
	tasks[3].release();
	tasks[4].release();
	expect((await Promise.all(runs)).map((r) => r.value)).toEqual(['a', 'b', 'c', 'd', 'e']);
});

test('a task that throws frees its slot, and its error reaches the caller', async () => {
	const slots = new RequestSlots(scriptedLimit(1));
	const failing = slots.run(async () => {
		throw new Error('socket hang up');
	});
	const next = slots.run(async () => 'next');
	await expect(failing).rejects.toThrow('socket hang up');
	expect(await next).toEqual({ ran: true, value: 'next' });
});

test('a wait for a slot gives up at notAfter: expired, never run, and the queue moves on', async () => {
	const slots = new RequestSlots(scriptedLimit(2));
	const log = [];
	// Already past its time: expired, not sent, though a slot is free.
	expect(await slots.run(async () => log.push('late'), { notAfter: Date.now() - 1 })).toEqual({
		ran: false,
		why: 'expired',
	});
	const running = ['a', 'b'].map((n) => heldTask(log, n));
	const runs = running.map((t) => slots.run(t.task));
	const started = Date.now();
	const expiring = slots.run(async () => log.push('expiring'), { notAfter: started + 300 });
	const after = heldTask(log, 'after');
	const queued = slots.run(after.task);
	let ready = false;
	void slots.ready().then(() => (ready = true)); // two queued at a limit of 2: waits
	await settle();
	expect(ready).toBe(false);
	expect(await expiring).toEqual({ ran: false, why: 'expired' });
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	await settle();
	expect(ready).toBe(true); // the queue shortened when it expired
	running[0].release();
	await settle();
	expect(log).toEqual(['start a', 'start b', 'start after']);
	running[1].release();
	after.release();
	expect((await Promise.all([...runs, queued])).map((r) => r.value)).toEqual(['a', 'b', 'after']);
});

test('a run whose execution was already cancelled sends nothing; the first reason to stop is the one given', async () => {
	const controller = new AbortController();
	controller.abort();
	const cancelled = new RequestSlots(scriptedLimit(5), controller.signal);
	const log = [];
	expect(await cancelled.run(async () => log.push('sent'))).toEqual({ ran: false, why: 'cancelled' });
	expect(log).toEqual([]);
	await cancelled.ready(); // ends at once

	const live = new AbortController();
	const halted = new RequestSlots(scriptedLimit(5), live.signal);
	halted.halt();
	live.abort();
	expect(await halted.run(async () => log.push('sent'))).toEqual({ ran: false, why: 'halted' });
	expect(log).toEqual([]);
});

test('a new request never goes ahead of one already waiting, even when a slot is free', async () => {
	const limit = scriptedLimit(1);
	const slots = new RequestSlots(limit);
	const log = [];
	const [a, b, c] = ['a', 'b', 'c'].map((n) => heldTask(log, n));
	const runs = [slots.run(a.task), slots.run(b.task)];
	await settle();
	limit.limit = 2; // grew, and nothing has let b go yet
	runs.push(slots.run(c.task));
	a.release();
	await settle();
	expect(log).toEqual(['start a', 'start b', 'start c']);
	b.release();
	c.release();
	await Promise.all(runs);
});

test('a wait with a deadline that was granted in time leaves the requests queued behind it alone', async () => {
	const slots = new RequestSlots(scriptedLimit(1));
	const log = [];
	const [first, timed, behind] = ['first', 'timed', 'behind'].map((n) => heldTask(log, n));
	const runs = [slots.run(first.task), slots.run(timed.task, { notAfter: Date.now() + 60_000 }), slots.run(behind.task)];
	first.release();
	await settle();
	expect(log).toEqual(['start first', 'start timed']);
	// Its expiry check wakes up within a step (250 ms) of being granted, and must find it gone.
	await new Promise((resolve) => setTimeout(resolve, 400));
	timed.release();
	await settle();
	expect(log).toEqual(['start first', 'start timed', 'start behind']);
	behind.release();
	expect((await Promise.all(runs)).map((r) => r.value)).toEqual(['first', 'timed', 'behind']);
});
