'use strict';
/**
 * The node's one way of waiting (transport/pause.ts, on the built module): retry pauses, Wait for
 * Outcome's polling and the wait for a free request slot all go through it. It must last as long as
 * asked, end at once when the execution is stopped (not at the next step), end within a step when its
 * condition comes true, and leave no listener on the execution's signal: a 10,000-item batch pauses
 * thousands of times on the same signal.
 */
const path = require('node:path');
const { getEventListeners } = require('node:events');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { pause, isAborted } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/pause.js'));

// Takes the wait to start, not its promise: the clock starts before pause() reads it, so time spent
// starting the wait (a GC, a busy CI core) cannot make a full wait look short.
async function timed(start) {
	const started = Date.now();
	const value = await start();
	return { value, ms: Date.now() - started };
}

test('waits as long as asked, in steps shorter than the wait', async () => {
	const long = await timed(() => pause(600, undefined));
	expect(long.value).toBe(true);
	expect(long.ms).toBeGreaterThanOrEqual(595);
	expect(long.ms).toBeLessThan(900);
	// Shorter than one step: not rounded up to it.
	const short = await timed(() => pause(60, undefined));
	expect(short.value).toBe(true);
	expect(short.ms).toBeGreaterThanOrEqual(55);
	expect(short.ms).toBeLessThan(240);
});

// "At once": well under one 250 ms step, with room for a busy CI core.
test('no time, or time already past: returns at once', async () => {
	for (const ms of [0, -5_000]) {
		const { value, ms: took } = await timed(() => pause(ms, new AbortController().signal));
		expect({ ms, value, quick: took < 200 }).toEqual({ ms, value: true, quick: true });
	}
});

test('a stopped execution ends the wait at once, and says so', async () => {
	const before = new AbortController();
	before.abort();
	const already = await timed(() => pause(5_000, before.signal));
	expect(already.value).toBe(false);
	expect(already.ms).toBeLessThan(1_000); // of the 5 s asked: a busy CI core is not a wait

	// Stopped early in a 250 ms step: the abort event ends the wait then, not when the step is over
	// (240 ms after the abort), with room for a busy CI core.
	const during = new AbortController();
	let abortedAt;
	setTimeout(() => {
		abortedAt = Date.now();
		during.abort();
	}, 10);
	const stopped = await pause(5_000, during.signal);
	const endedAt = Date.now();
	expect(stopped).toBe(false);
	expect(endedAt - abortedAt).toBeLessThan(200);
});

test('a condition that comes true ends the wait within a step', async () => {
	const ready = Date.now() + 100;
	const { value, ms } = await timed(() => pause(5_000, undefined, () => Date.now() >= ready));
	expect(value).toBe(true);
	expect(ms).toBeGreaterThanOrEqual(95);
	expect(ms).toBeLessThan(450);
	// Already true: no wait at all.
	expect((await timed(() => pause(5_000, undefined, () => true))).ms).toBeLessThan(1_000);
});

test('no listener is left on the signal, however the wait ended', async () => {
	const controller = new AbortController();
	await pause(30, controller.signal);
	await pause(30, controller.signal, () => true);
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	setTimeout(() => controller.abort(), 20);
	await pause(5_000, controller.signal);
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

test('isAborted: only an aborted signal is', () => {
	const controller = new AbortController();
	expect([isAborted(undefined), isAborted(controller.signal)]).toEqual([false, false]);
	controller.abort();
	expect(isAborted(controller.signal)).toBe(true);
});
