'use strict';
/**
 * The node's one way of waiting (transport/pause.ts, on the built module): retry pauses, Wait for
 * Outcome's polling and the wait for a free request slot all go through it. It must last as long as
 * asked, end at once when the execution is stopped (not at the next step), end within a step when its
 * condition comes true, and leave no listener on the execution's signal: a 10,000-item batch pauses
 * thousands of times on the same signal.
 *
 * The clock is jest's (Date and the timers n8n's sleep uses), so "as long as asked" and "at once" are
 * exact: a busy CI core cannot make a wait look long, and a mutant cannot hide in a tolerance.
 * setImmediate stays real, to let the promise chain behind a wait run without moving the clock.
 */
const path = require('node:path');
const { getEventListeners } = require('node:events');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { pause, isAborted } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/pause.js'));

beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
afterEach(() => jest.useRealTimers());

/** Starts a wait and tells, at any moment, whether it has ended and with what. */
function watch(waiting) {
	const state = { ended: false, value: undefined };
	waiting.then((value) => Object.assign(state, { ended: true, value }));
	return state;
}

/** Lets every promise job that is due run (the wait's chain is a few awaits long), clock still. */
async function settle() {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the clock by `ms`, running the timers due on the way and the promise jobs they start. */
async function advance(ms) {
	await jest.advanceTimersByTimeAsync(ms);
	await settle();
}

test('waits as long as asked: not a millisecond less, and no longer', async () => {
	const long = watch(pause(600, undefined));
	await advance(599);
	expect(long.ended).toBe(false);
	await advance(1);
	expect(long).toEqual({ ended: true, value: true });

	// Shorter than one step: not rounded up to it.
	const short = watch(pause(60, undefined));
	await advance(59);
	expect(short.ended).toBe(false);
	await advance(1);
	expect(short).toEqual({ ended: true, value: true });
});

test('no time, or time already past: returns at once', async () => {
	for (const ms of [0, -5_000]) {
		const waiting = watch(pause(ms, new AbortController().signal));
		await settle();
		expect({ ms, ...waiting }).toEqual({ ms, ended: true, value: true });
	}
});

test('a stopped execution ends the wait at once, and says so', async () => {
	const before = new AbortController();
	before.abort();
	const already = watch(pause(5_000, before.signal));
	await settle();
	expect(already).toEqual({ ended: true, value: false });

	// Stopped 10 ms into a 250 ms step: the abort event ends the wait then, not when the step is over.
	const during = new AbortController();
	const stopped = watch(pause(5_000, during.signal));
	await advance(10);
	expect(stopped.ended).toBe(false);
	during.abort();
	await settle();
	expect(stopped).toEqual({ ended: true, value: false });
});

test('a condition that comes true ends the wait within a step', async () => {
	let ready = false;
	const waiting = watch(pause(5_000, undefined, () => ready));
	await advance(100);
	expect(waiting.ended).toBe(false);
	ready = true;
	// Looked at again no later than one 250 ms step after it came true, long before the 5 s.
	await advance(250);
	expect(waiting).toEqual({ ended: true, value: true });

	// Already true: no wait at all.
	const already = watch(pause(5_000, undefined, () => true));
	await settle();
	expect(already).toEqual({ ended: true, value: true });
});

test('no listener is left on the signal, however the wait ended', async () => {
	const controller = new AbortController();
	const ran = watch(pause(30, controller.signal));
	await advance(30);
	expect(ran).toEqual({ ended: true, value: true });
	const done = watch(pause(30, controller.signal, () => true));
	await settle();
	expect(done).toEqual({ ended: true, value: true });
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

	const stopped = watch(pause(5_000, controller.signal));
	await advance(20);
	controller.abort();
	await settle();
	expect(stopped).toEqual({ ended: true, value: false });
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

test('isAborted: only an aborted signal is', () => {
	const controller = new AbortController();
	expect([isAborted(undefined), isAborted(controller.signal)]).toEqual([false, false]);
	controller.abort();
	expect(isAborted(controller.signal)).toBe(true);
});
