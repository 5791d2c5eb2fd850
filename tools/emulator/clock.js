'use strict';
/**
 * The state machine's only source of time. 'real' (the default) wraps Node's timers; 'manual' stands
 * still until a test calls advance(ms), so state-machine tests need not sleep.
 * Only the state machine (pick, gateway, cancel) uses this clock; network knobs (latency, rate-limit
 * window, timeout hang) always run on real time because a socket cannot wait for advance().
 */

function createRealClock() {
	const timers = new Set();
	return {
		kind: 'real',
		now: () => Date.now(),
		setTimer(fn, ms) {
			const t = setTimeout(
				() => {
					timers.delete(t);
					fn();
				},
				Math.max(0, ms),
			);
			t.unref(); // an emulator timer must never keep a test process alive
			timers.add(t);
			return t;
		},
		clearTimer(t) {
			clearTimeout(t);
			timers.delete(t);
		},
		clearAll() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
		},
		advance() {
			throw new Error("advance() needs startEmulator({ clock: 'manual' })");
		},
	};
}

function createManualClock(startMs) {
	let now = startMs;
	let nextId = 0;
	const timers = new Map(); // id -> { at, fn }; ids grow, so they order timers due at the same ms

	function nextDue(limit) {
		let best = null;
		for (const [id, t] of timers) {
			if (t.at <= limit && (best === null || t.at < best.at)) best = { id, at: t.at, fn: t.fn };
		}
		return best;
	}

	return {
		kind: 'manual',
		now: () => now,
		setTimer(fn, ms) {
			nextId += 1;
			timers.set(nextId, { at: now + Math.max(0, ms), fn });
			return nextId;
		},
		clearTimer(id) {
			timers.delete(id);
		},
		clearAll() {
			timers.clear();
		},
		/** Runs every timer due within ms, in time order, including timers those timers set. */
		advance(ms) {
			if (!(ms >= 0)) throw new Error('advance(ms) needs a number >= 0');
			const target = now + ms;
			for (let due = nextDue(target); due; due = nextDue(target)) {
				timers.delete(due.id);
				now = due.at;
				due.fn();
			}
			now = target;
		},
	};
}

function createClock(kind, startMs) {
	if (kind === undefined || kind === 'real') return createRealClock();
	if (kind === 'manual') return createManualClock(startMs === undefined ? Date.now() : startMs);
	throw new Error(`clock must be 'real' or 'manual', got ${JSON.stringify(kind)}`);
}

module.exports = { createClock };
