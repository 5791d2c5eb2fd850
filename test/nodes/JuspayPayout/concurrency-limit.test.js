'use strict';
/**
 * The adaptive concurrency limit (transport/concurrencyLimit.ts), driven by scripted answers — latency,
 * requests in flight, 429s and timeouts — and by simulated runs against servers that behave in the three
 * ways the benchmark measures (flat latency, a 200/s rate limit, latency rising past 16 in flight). It
 * grows, shrinks and stays within its bounds.
 */
const path = require('node:path');
const fc = require('fast-check');

const { REPO_DIR } = require('../../../tools/story/fixtures');
const { simulate } = require('../../helpers/limit-simulation');

const { AdaptiveConcurrencyLimit, FixedConcurrencyLimit, AUTO_INITIAL } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/concurrencyLimit.js'),
);

const auto = (max = 50, min = 1, initial = AUTO_INITIAL) =>
	new AdaptiveConcurrencyLimit({ initial, min, max });

/**
 * Answers as a server would give them with `limit.limit` requests in flight all the time: each takes
 * `latencyMs(inFlight)`. Returns the limit after each answer.
 */
function feed(limit, answers, latencyMs, signal = () => 'ok') {
	const seen = [];
	for (let i = 0; i < answers; i++) {
		const inFlight = limit.limit;
		const latency = latencyMs(inFlight, i);
		limit.record({
			epoch: limit.epoch,
			inFlight,
			latencyMs: latency,
			signal: signal(i),
		});
		seen.push(limit.limit);
	}
	return seen;
}

/** The limit most of the time over `seen` (a limit at its best still probes a step off it now and then). */
function mostly(seen) {
	const counts = new Map();
	for (const l of seen) counts.set(l, (counts.get(l) || 0) + 1);
	return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

describe('scripted answers', () => {
	test('starts modestly, and grows to its bound while answers stay fast and clean, never past it', () => {
		const limit = auto(50);
		expect(limit.limit).toBe(AUTO_INITIAL);
		const seen = feed(limit, 2000, () => 25);
		expect(Math.max(...seen)).toBe(50);
		expect(mostly(seen.slice(1000))).toBe(50);
		// doubling first: 8 → 16 → 32 → 50 within a few rounds, not hundreds of answers
		expect(seen.findIndex((l) => l === 50)).toBeLessThan(200);
	});

	test('a 5xx (or timeout, reset) halves it at once; the rest of that burst does not halve it again', () => {
		const limit = auto(50);
		feed(limit, 2000, () => 25);
		while (limit.limit !== 50) feed(limit, 1, () => 25); // at the bound, not in a probe below it
		const epoch = limit.epoch;
		// Fifty requests sent under the limit of 50 all come back 503.
		for (let i = 0; i < 50; i++)
			limit.record({ epoch, inFlight: 50, latencyMs: 20, signal: 'overload' });
		expect(limit.limit).toBe(25);
		// Sent under the new limit and refused again: halved again.
		limit.record({ epoch: limit.epoch, inFlight: 25, latencyMs: 20, signal: 'overload' });
		expect(limit.limit).toBe(12);
	});

	test('after pushback, clean answers double it back within a few round trips to half where it was, then it probes on', () => {
		const limit = auto(64);
		feed(limit, 3000, () => 25);
		while (limit.limit !== 64) feed(limit, 1, () => 25);
		for (let i = 0; i < 4; i++)
			limit.record({
				epoch: limit.epoch,
				inFlight: limit.limit,
				latencyMs: 25,
				signal: 'overload',
			});
		expect(limit.limit).toBe(4); // 64 → 32 → 16 → 8 → 4
		const seen = feed(limit, 40, () => 25);
		expect(seen.findIndex((l) => l === 32)).toBeGreaterThan(0); // back to half of 64…
		expect(seen.findIndex((l) => l === 32)).toBeLessThan(40); // …within about 2 × (4 + 8 + 16) / 2 answers
		expect(Math.max(...seen)).toBe(32);
		const later = feed(limit, 3000, () => 25);
		expect(mostly(later.slice(1500))).toBe(64);
	});

	test('a 429 (quota used up): one request at a time until one is answered, then back to three quarters of where it was', () => {
		const limit = auto(48);
		feed(limit, 2000, () => 25);
		while (limit.limit !== 48) feed(limit, 1, () => 25);
		const epoch = limit.epoch;
		for (let i = 0; i < 48; i++)
			limit.record({ epoch, inFlight: 48, latencyMs: 20, signal: 'rateLimited' });
		expect(limit.limit).toBe(1);
		// The quota stays closed: the one request sent at a time is refused too, again and again.
		for (let i = 0; i < 20; i++)
			limit.record({ epoch: limit.epoch, inFlight: 1, latencyMs: 20, signal: 'rateLimited' });
		expect(limit.limit).toBe(1);
		// Answered: the quota is open again, and the limit is back at once, not ramped up to.
		limit.record({ epoch: limit.epoch, inFlight: 1, latencyMs: 25, signal: 'ok' });
		expect(limit.limit).toBe(36);
		// A 429 arriving while it recovers from a 503 spell comes back to three quarters of the higher one.
		const recovering = auto(64, 2);
		feed(recovering, 3000, () => 25);
		while (recovering.limit !== 64) feed(recovering, 1, () => 25);
		recovering.record({ epoch: recovering.epoch, inFlight: 64, latencyMs: 25, signal: 'overload' });
		recovering.record({ epoch: recovering.epoch, inFlight: 32, latencyMs: 25, signal: 'overload' });
		expect(recovering.limit).toBe(16); // recovering towards 32
		recovering.record({ epoch: recovering.epoch, inFlight: 16, latencyMs: 25, signal: 'rateLimited' });
		expect(recovering.limit).toBe(2);
		recovering.record({ epoch: recovering.epoch, inFlight: 2, latencyMs: 25, signal: 'ok' });
		expect(recovering.limit).toBe(24);
	});

	test('repeated pushback takes it down to its minimum and no further', () => {
		const limit = auto(50, 2);
		for (let i = 0; i < 20; i++)
			limit.record({ epoch: limit.epoch, inFlight: 1, latencyMs: 5, signal: 'overload' });
		expect(limit.limit).toBe(2);
	});

	test('latency rising at the same limit (Juspay slowing down) shrinks it in proportion', () => {
		const limit = auto(20);
		feed(limit, 500, () => 25);
		while (limit.limit !== 20) feed(limit, 1, () => 25);
		// The same load now takes 4 times as long: the limit falls by up to half at once.
		const seen = feed(limit, 100, () => 100);
		expect(Math.min(...seen)).toBeLessThanOrEqual(10);
		expect(Math.min(...seen)).toBeGreaterThanOrEqual(1);
	});

	test('latency that grows with requests in flight: it stops where latency leaves its floor', () => {
		const limit = auto(100);
		// 25 ms up to 16 in flight, then 2 ms more for each one beyond.
		const seen = feed(limit, 6000, (inFlight) => 25 + 2 * Math.max(0, inFlight - 16));
		const late = seen.slice(3000);
		const mean = late.reduce((s, l) => s + l, 0) / late.length;
		expect(mean).toBeGreaterThanOrEqual(14);
		expect(mean).toBeLessThanOrEqual(20);
		expect(Math.max(...late)).toBeLessThanOrEqual(24);
	});

	test('answers to requests sent under an older limit, and answers that say nothing about load, change nothing', () => {
		const limit = auto(50);
		const before = [limit.limit, limit.epoch];
		limit.record({ epoch: limit.epoch - 1, inFlight: 8, latencyMs: 25, signal: 'overload' });
		limit.record({ epoch: limit.epoch, inFlight: 8, latencyMs: 25, signal: 'ignore' });
		limit.record({ epoch: limit.epoch, inFlight: 8, latencyMs: NaN, signal: 'ok' });
		expect([limit.limit, limit.epoch]).toEqual(before);
	});

	test('while the requests do not fill the limit (few items, or items waiting), it does not grow', () => {
		const limit = auto(50);
		for (let i = 0; i < 1000; i++)
			limit.record({ epoch: limit.epoch, inFlight: 3, latencyMs: 25, signal: 'ok' });
		expect(limit.limit).toBeLessThanOrEqual(AUTO_INITIAL);
	});

	test('a fixed Concurrency is that number, whatever the answers', () => {
		const limit = new FixedConcurrencyLimit(10);
		feed(
			limit,
			100,
			() => 5,
			(i) => (i % 3 ? 'ok' : 'overload'),
		);
		expect(limit.limit).toBe(10);
	});
});

describe('any sequence of answers', () => {
	const answer = fc.record({
		stale: fc.boolean(),
		inFlight: fc.integer({ min: 1, max: 120 }),
		latencyMs: fc.oneof(
			fc.double({ min: 0, max: 60_000, noNaN: true }),
			fc.constant(NaN),
			fc.constant(-1),
		),
		signal: fc.constantFrom('ok', 'ok', 'ok', 'overload', 'ignore'),
	});

	test('keeps the limit a whole number within its bounds, starting within them; it only changes with a new epoch', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 10 }),
				fc.integer({ min: 1, max: 100 }),
				fc.integer({ min: -5, max: 200 }),
				fc.array(answer, { maxLength: 400 }),
				(min, span, initial, answers) => {
					const max = min + span;
					const limit = new AdaptiveConcurrencyLimit({ initial, min, max });
					const check = () => {
						expect(Number.isInteger(limit.limit)).toBe(true);
						expect(limit.limit).toBeGreaterThanOrEqual(min);
						expect(limit.limit).toBeLessThanOrEqual(max);
					};
					check();
					for (const a of answers) {
						const [before, epoch] = [limit.limit, limit.epoch];
						limit.record({ ...a, epoch: a.stale ? epoch - 1 : epoch });
						check();
						if (limit.limit !== before) expect(limit.epoch).toBeGreaterThan(epoch);
						// Only pushback or slower answers make it smaller, and never by more than half.
						if (limit.limit < before)
							expect(limit.limit).toBeGreaterThanOrEqual(Math.max(min, Math.floor(before / 2)));
						if (a.signal === 'overload' && !a.stale)
							expect(limit.limit).toBeLessThanOrEqual(before);
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('simulated node runs (virtual clock, n8n spending 1 ms of CPU per request)', () => {
	const flat = () => 25;
	const rising = (inFlight) => 25 + 2 * Math.max(0, inFlight - 16);

	test('flat latency: grows until n8n itself is the bottleneck, as fast as a fixed 32 or better, far faster than a fixed 10', () => {
		const adaptive = simulate({
			limit: auto(50),
			items: 1000,
			latencyMs: flat,
			cpuMsPerRequest: 1,
		});
		const ten = simulate({
			limit: new FixedConcurrencyLimit(10),
			items: 1000,
			latencyMs: flat,
			cpuMsPerRequest: 1,
		});
		const thirtyTwo = simulate({
			limit: new FixedConcurrencyLimit(32),
			items: 1000,
			latencyMs: flat,
			cpuMsPerRequest: 1,
		});
		expect(adaptive.done).toBe(1000);
		expect(adaptive.peakLimit).toBeGreaterThanOrEqual(32);
		expect(adaptive.timeMs).toBeLessThan(ten.timeMs / 2);
		expect(adaptive.timeMs).toBeLessThan(thirtyTwo.timeMs * 1.1);
	});

	test("a 200/s rate limit: every item done at the limit's pace, with far fewer 429s than a fixed 10", () => {
		for (const items of [1000, 5000]) {
			const adaptive = simulate({ limit: auto(50), items, latencyMs: flat, ratePerSecond: 200 });
			const ten = simulate({
				limit: new FixedConcurrencyLimit(10),
				items,
				latencyMs: flat,
				ratePerSecond: 200,
			});
			expect(adaptive.done).toBe(items);
			// The last requests refused (probes of a closed window) come back a Retry-After later, plus
			// under 50 ms of jitter: about 2 % after N ÷ rate at N = 1,000 (5-7 % with the 250 ms of before).
			expect(adaptive.timeMs).toBeLessThanOrEqual((items / 200) * 1000 * 1.04);
			expect(adaptive.status429).toBeLessThan(ten.status429 / 2);
		}
	});

	test('latency rising past 16 in flight: settles near 16, where latency is still at its floor', () => {
		for (const items of [1000, 10000]) {
			const r = simulate({ limit: auto(50), items, latencyMs: rising });
			expect(r.done).toBe(items);
			expect(r.settledLimit).toBeGreaterThanOrEqual(13);
			expect(r.settledLimit).toBeLessThanOrEqual(21);
			expect(rising(r.settledServerInFlight)).toBeLessThanOrEqual(25 * 1.5);
		}
	});

	test('a spell of 503s shrinks it at once, and it grows back when they stop', () => {
		const r = simulate({
			limit: auto(50),
			items: 5000,
			latencyMs: flat,
			cpuMsPerRequest: 0.5,
			overloadAt: (k) => k >= 1500 && k < 1600,
		});
		expect(r.done).toBe(5000);
		const atSpell = r.limits.filter((l) => l.at > 0).map((l) => l.limit);
		expect(Math.min(...atSpell)).toBeLessThanOrEqual(12);
		expect(r.limits.at(-1).limit).toBeGreaterThanOrEqual(32);
	});
});
