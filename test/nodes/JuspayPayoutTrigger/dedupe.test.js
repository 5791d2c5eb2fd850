'use strict';
/**
 * "Never twice" as a model: whatever sequence of deliveries (new ids, repeats, time passing), an event
 * is reported new exactly when its id was not delivered within the window and among the last maxIds
 * distinct ids; the kept list stays within both bounds.
 */
const path = require('node:path');
const fc = require('fast-check');
const { REPO_DIR } = require('../../../tools/story/fixtures');

const { SeenEvents, seenBefore, DEFAULT_LIMITS } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayoutTrigger/dedupe.js'),
);

/** A memory holding `stored` (what a fresh process reads from static data). */
function loaded(stored, now, limits) {
	const memory = new SeenEvents(limits);
	memory.absorb(stored, now);
	return memory;
}

const RUNS = Number(process.env.PROPERTY_RUNS || 300);

test('the default window: 24 hours and 10,000 ids', () => {
	expect(DEFAULT_LIMITS).toEqual({ windowMs: 24 * 3600 * 1000, maxIds: 10_000 });
});

test('any delivery sequence: new exactly when the reference model says so; bounds always hold', () => {
	const limits = fc.record({
		windowMs: fc.integer({ min: 1, max: 1000 }),
		maxIds: fc.integer({ min: 1, max: 8 }),
	});
	const delivery = fc.record({
		id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'),
		wait: fc.integer({ min: 0, max: 400 }),
	});
	fc.assert(
		fc.property(
			limits,
			fc.array(delivery, { maxLength: 60 }),
			fc.boolean(),
			(lim, deliveries, restartEachTime) => {
				let shared;
				let seen = [];
				let now = 1_000_000;
				// Half the runs keep one process's memory; the other half reload static data each time
				// (every delivery in a new process, as after restarts): both must answer the same.
				/** reference: every accepted (new) delivery, in order */
				const accepted = [];
				for (const { id, wait } of deliveries) {
					now += wait;
					const inWindow = accepted.filter((e) => now - e.at < lim.windowMs);
					const remembered = inWindow.slice(Math.max(0, inWindow.length - lim.maxIds));
					const expectDuplicate = remembered.some((e) => e.id === id);
					const memory = restartEachTime || !shared ? loaded(seen, now, lim) : shared;
					if (!restartEachTime) shared = memory;
					expect(memory.checkAndRecord(id, now)).toBe(expectDuplicate);
					if (!expectDuplicate) accepted.push({ id, at: now });
					seen = memory.toStored();
					expect(seen.length).toBeLessThanOrEqual(lim.maxIds);
					expect(seen.every(([, at]) => now - at < lim.windowMs)).toBe(true);
					expect(new Set(seen.map(([i]) => i)).size).toBe(seen.length);
					expect(JSON.parse(JSON.stringify(seen))).toEqual(seen); // storable as JSON, unchanged
				}
			},
		),
		{ numRuns: RUNS },
	);
});

test('absorb: a union by id keeping the first time, oldest first; order of the two sources does not matter', () => {
	const entry = fc.tuple(
		fc.constantFrom('a', 'b', 'c', 'd', 'e'),
		fc.integer({ min: 0, max: 100 }),
	);
	const now = 100;
	const union = (x, y) => {
		const memory = loaded(x, now);
		memory.absorb(y, now);
		return memory.toStored();
	};
	fc.assert(
		fc.property(fc.array(entry, { maxLength: 10 }), fc.array(entry, { maxLength: 10 }), (a, b) => {
			const ab = union(a, b);
			expect(new Map(ab)).toEqual(new Map(union(b, a)));
			expect(union(ab, ab)).toEqual(ab);
			for (const [id, at] of [...a, ...b]) expect(new Map(ab).get(id)).toBeLessThanOrEqual(at);
			expect(ab.map(([, at]) => at)).toEqual([...ab.map(([, at]) => at)].sort((x, y) => x - y));
		}),
		{ numRuns: RUNS },
	);
});

test('absorb into a fresh memory: exactly the newest maxIds ids of the window, whatever size and order', () => {
	const limits = fc.record({
		windowMs: fc.integer({ min: 1, max: 100 }),
		maxIds: fc.integer({ min: 1, max: 6 }),
	});
	// As static data holds it (each id once), in any order and size; distinct times, so "the newest"
	// is unambiguous; every time at or before now.
	const stored = fc
		.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 20 })
		.map((times) => times.map((at, i) => [`evt_${i}`, at]));
	fc.assert(
		fc.property(limits, stored, fc.integer({ min: 0, max: 250 }), (lim, entries, now) => {
			const first = new Map();
			for (const [id, at] of entries) if (!first.has(id) || at < first.get(id)) first.set(id, at);
			const inWindow = [...first]
				.filter(([, at]) => now - at < lim.windowMs)
				.sort((x, y) => x[1] - y[1]);
			const expected = inWindow.slice(Math.max(0, inWindow.length - lim.maxIds));
			expect(loaded(entries, now, lim).toStored()).toEqual(expected);
		}),
		{ numRuns: RUNS },
	);
});

test('absorb keeps well-formed entries only (whatever static data holds)', () => {
	expect(loaded(undefined, 50).toStored()).toEqual([]);
	expect(loaded({ a: 1 }, 50).toStored()).toEqual([]);
	expect(
		loaded(
			[['b', 20], ['a', 10], 'x', [1, 2], ['c'], ['d', 'e'], ['f', Number.NaN], null],
			50,
		).toStored(),
	).toEqual([
		['a', 10],
		['b', 20],
	]);
	fc.assert(
		fc.property(fc.jsonValue(), (stored) => {
			const seen = loaded(stored, 0).toStored();
			expect(seen.every(([id, at]) => typeof id === 'string' && Number.isFinite(at))).toBe(true);
		}),
		{ numRuns: RUNS },
	);
});

test('24 h later an id is forgotten; beyond 10,000 ids the oldest go first', () => {
	const t0 = Date.UTC(2026, 10, 30);
	const day = 24 * 3600 * 1000;
	expect(loaded([['a', t0]], t0 + day - 1).checkAndRecord('a', t0 + day - 1)).toBe(true);
	expect(loaded([['a', t0]], t0 + day).checkAndRecord('a', t0 + day)).toBe(false);
	const many = Array.from({ length: 10_005 }, (_, i) => [`e${i}`, t0 + i]);
	const kept = loaded(many, t0 + 20_000).toStored();
	expect(kept).toHaveLength(10_000);
	expect(kept[0][0]).toBe('e5');
});

test('seenBefore: this process remembers what static data lost (two requests writing over each other)', () => {
	const key = `wf-race\u0000node-1`;
	const now = Date.now();
	// Both requests loaded the same (empty) static data; each writes only what it saw.
	const first = seenBefore(key, [], 'evt_1', now);
	const second = seenBefore(key, [], 'evt_2', now + 1);
	expect(first.duplicate || second.duplicate).toBe(false);
	// The database now holds only the second write, without evt_1 ...
	expect(second.seen.map(([id]) => id)).toEqual(['evt_1', 'evt_2']); // ... no: the write carries both
	// A redelivery of evt_1, with static data that lacks it, is still caught.
	expect(seenBefore(key, [['evt_2', now + 1]], 'evt_1', now + 2).duplicate).toBe(true);
	// Another workflow (or trigger node) has its own memory.
	expect(seenBefore(`wf-other\u0000node-1`, [], 'evt_1', now).duplicate).toBe(false);
});
