'use strict';
/**
 * "Never twice" at the edges of its bounds: a memory that is already full when static data brings more
 * ids (another process's, or from before a restart), and an id recorded exactly one window ago.
 * dedupe.test.js checks a fresh memory against a reference model; here the memory already holds ids.
 */
const path = require('node:path');
const fc = require('fast-check');
const { REPO_DIR } = require('../../../tools/story/fixtures');

const { SeenEvents } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayoutTrigger/dedupe.js'));

const RUNS = Number(process.env.PROPERTY_RUNS || 300);

/** A memory that recorded `ids` at the given times, one delivery each (as webhook calls do). */
function recorded(entries, limits) {
	const memory = new SeenEvents(limits);
	for (const [id, at] of entries) memory.checkAndRecord(id, at);
	return memory;
}

test('static data merged into a full memory: it keeps the newest first-seen ids of both, whatever their order', () => {
	// Distinct times everywhere, so "the newest maxIds" is one set; ids shared by both sides are
	// remembered from their earlier time.
	const scenario = fc
		.record({
			maxIds: fc.integer({ min: 1, max: 4 }),
			times: fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { minLength: 2, maxLength: 16 }),
			split: fc.integer({ min: 0, max: 16 }),
			ids: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { minLength: 16, maxLength: 16 }),
		})
		.map(({ maxIds, times, split, ids }) => {
			const entries = times.map((at, i) => [ids[i], at]);
			const cut = Math.min(split, entries.length);
			// the memory records its part in time order, as deliveries happen
			const mine = entries.slice(0, cut).sort((x, y) => x[1] - y[1]);
			return { maxIds, mine, stored: entries.slice(cut) };
		});
	const now = 1000;
	const limits = (maxIds) => ({ windowMs: 10_000, maxIds });
	fc.assert(
		fc.property(scenario, ({ maxIds, mine, stored }) => {
			const memory = recorded(mine, limits(maxIds));
			const first = new Map();
			for (const [id, at] of [...memory.toStored(), ...stored]) {
				if (!first.has(id) || at < first.get(id)) first.set(id, at);
			}
			const union = [...first].sort((x, y) => x[1] - y[1]);
			memory.absorb(stored, now);
			expect(memory.toStored()).toEqual(union.slice(Math.max(0, union.length - maxIds)));
		}),
		{ numRuns: RUNS },
	);
});

test('a full memory takes in a stored id newer than its oldest, and forgets that oldest', () => {
	const memory = recorded(
		[
			['a', 1],
			['b', 3],
			['c', 5],
		],
		{ windowMs: 10_000, maxIds: 3 },
	);
	memory.absorb([['x', 4]], 10);
	expect(memory.toStored()).toEqual([
		['b', 3],
		['x', 4],
		['c', 5],
	]);
	expect(memory.checkAndRecord('x', 11)).toBe(true);
});

test('an id static data knows from earlier moves back in time, and what is then newest is kept', () => {
	const memory = recorded(
		[
			['a', 5],
			['b', 6],
			['c', 7],
		],
		{ windowMs: 10_000, maxIds: 3 },
	);
	// "a" was first seen at 1 by another process; "x" at 3: newer than a's real time, so x stays
	memory.absorb(
		[
			['a', 1],
			['x', 3],
		],
		10,
	);
	expect(memory.toStored()).toEqual([
		['x', 3],
		['b', 6],
		['c', 7],
	]);
});

test('ids first seen in the same millisecond: a full memory forgets the one it has held longest', () => {
	const memory = recorded(
		[
			['a', 1],
			['b', 3],
			['c', 5],
		],
		{ windowMs: 10_000, maxIds: 3 },
	);
	memory.absorb([['x', 1]], 10);
	expect(memory.toStored()).toEqual([
		['x', 1],
		['b', 3],
		['c', 5],
	]);
});

test('an id recorded in this process is forgotten exactly one window later, not a millisecond before', () => {
	const memory = new SeenEvents({ windowMs: 1000, maxIds: 10 });
	expect(memory.checkAndRecord('evt_1', 5000)).toBe(false);
	expect(memory.checkAndRecord('evt_1', 5999)).toBe(true);
	expect(memory.checkAndRecord('evt_2', 6000)).toBe(false);
	expect(memory.toStored()).toEqual([['evt_2', 6000]]);
	expect(memory.checkAndRecord('evt_1', 6000)).toBe(false);
});
