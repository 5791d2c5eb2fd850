'use strict';
/**
 * The adaptive limit's rules, one at a time, with exact figures: how many answers make a round, how far
 * each move goes, and where each threshold lies (both sides of it). Each test scripts the answers
 * (requests in flight and latency) and counts the answers until the limit next moves.
 *
 * The figures come from the rules as the limit's header states them (transport/concurrencyLimit.ts):
 * a round is at least 8 answers and at least one per request in the limit; after a rise, a limit's worth
 * of answers is skipped; slow start doubles while throughput (in flight ÷ median latency) rises by 10 %;
 * a step is an eighth (at least 1), kept up on a 5 % gain, kept down when throughput falls by at most 3 %
 * while latency falls by at least half the step's share; a filled round needs 3/4 of the limit in flight;
 * latency over 1.5 × the base's, two rounds running, shrinks the limit in proportion (at most by half).
 * concurrency-limit.test.js checks the shapes these make together (growth, settling, simulated runs).
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { AdaptiveConcurrencyLimit } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/concurrencyLimit.js'),
);

const auto = ({ max = 50, min = 1, initial = 8 } = {}) => new AdaptiveConcurrencyLimit({ initial, min, max });

/**
 * Answers to requests sent under the current limit, one by one, until the limit's epoch changes (it
 * moved, or started a new round at the same value). Returns how many it took, or Infinity after `cap`.
 * `inFlight` and `latencyMs` are numbers or functions of the answer's number (from 1).
 */
function answersUntilMove(limit, { inFlight = limit.limit, latencyMs = 10, cap = 1000 } = {}) {
	const epoch = limit.epoch;
	const value = (v, n) => (typeof v === 'function' ? v(n) : v);
	for (let n = 1; n <= cap; n++) {
		limit.record({ epoch, inFlight: value(inFlight, n), latencyMs: value(latencyMs, n), signal: 'ok' });
		if (limit.epoch !== epoch) return n;
	}
	return Infinity;
}

const pushBack = (limit, signal = 'overload') =>
	limit.record({ epoch: limit.epoch, inFlight: limit.limit, latencyMs: 8, signal });

/**
 * A limit holding 8, measured at 8 ms with 8 in flight (throughput 1 per ms): slow start doubled to 16,
 * where latency doubled too (no gain), so it went back to 8.
 */
function holdingEight() {
	const limit = auto();
	answersUntilMove(limit, { latencyMs: 8 });
	answersUntilMove(limit, { latencyMs: 16 });
	expect(limit.limit).toBe(8);
	return limit;
}

describe('bounds', () => {
	test('never below 1, whatever minimum is given; bounds the wrong way round: the minimum wins', () => {
		for (const min of [0, 0.5, -3]) {
			const limit = auto({ min, initial: 4 });
			for (let k = 0; k < 5; k++) pushBack(limit);
			expect([min, limit.limit]).toEqual([min, 1]);
		}
		const crossed = auto({ min: 5, max: 3, initial: 4 });
		expect(crossed.limit).toBe(5);
		answersUntilMove(crossed, { cap: 100 });
		expect(crossed.limit).toBe(5);
	});
});

describe('rounds', () => {
	test('a round is 8 answers below a limit of 8, and one answer per request above it', () => {
		const small = auto({ initial: 4 });
		expect(answersUntilMove(small)).toBe(8);
		expect(small.limit).toBe(8);
		// At a bound of 12 and 20: one round to measure, one to probe a step down.
		for (const [bound, answers] of [
			[12, 24],
			[20, 40],
		]) {
			const limit = auto({ max: bound, initial: bound });
			expect(answersUntilMove(limit, { latencyMs: 8 })).toBe(answers);
		}
	});

	test('after a rise, a limit’s worth of answers is skipped before the next round counts (they came from fewer in flight)', () => {
		const limit = auto({ initial: 4 });
		answersUntilMove(limit);
		expect(limit.limit).toBe(8);
		// 8 skipped, then a round of 8. The skipped answers' latency does not count, however bad.
		expect(answersUntilMove(limit, { latencyMs: (n) => (n <= 8 ? 5000 : 10) })).toBe(16);
		expect(limit.limit).toBe(16);
		expect(answersUntilMove(limit)).toBe(32);
		expect(limit.limit).toBe(32);
	});

	test('the median decides a round: fewer than half its answers slow do not, half or more do', () => {
		const fewSlow = holdingEight();
		expect(answersUntilMove(fewSlow, { latencyMs: (n) => ((n - 1) % 8 < 3 ? 100 : 8) })).toBe(8);
		expect(fewSlow.limit).toBe(9); // an ordinary round: a step up is tried
		const halfSlow = holdingEight();
		// 9 ms and 100 ms, four of each: the round's latency is 100 ms (compared as numbers, not text).
		expect(answersUntilMove(halfSlow, { latencyMs: (n) => ((n - 1) % 8 < 4 ? 9 : 100) })).toBe(16);
		expect(halfSlow.limit).toBe(4);
	});

	test('answers that say nothing about load (refused before sending, no connection) are not counted in a round', () => {
		const limit = auto();
		const epoch = limit.epoch;
		for (let n = 0; n < 20; n++) limit.record({ epoch, inFlight: 8, latencyMs: 10, signal: 'ignore' });
		expect([limit.limit, limit.epoch]).toEqual([8, epoch]);
		for (let n = 0; n < 8; n++) limit.record({ epoch, inFlight: 8, latencyMs: 10, signal: 'ok' });
		expect(limit.limit).toBe(16);
	});

	test('an answer with no usable latency (negative, NaN) is not counted in a round', () => {
		const limit = auto();
		const epoch = limit.epoch;
		for (let n = 0; n < 7; n++) limit.record({ epoch, inFlight: 8, latencyMs: 10, signal: 'ok' });
		limit.record({ epoch, inFlight: 8, latencyMs: -1, signal: 'ok' });
		limit.record({ epoch, inFlight: 8, latencyMs: NaN, signal: 'ok' });
		limit.record({ epoch, inFlight: 8, latencyMs: Infinity, signal: 'ok' });
		expect(limit.epoch).toBe(epoch);
		limit.record({ epoch, inFlight: 8, latencyMs: 10, signal: 'ok' });
		expect(limit.limit).toBe(16);
	});

	test('sub-millisecond latencies (a server on loopback) are not read as a slowdown', () => {
		const limit = holdingEight();
		answersUntilMove(limit, { latencyMs: 0 }); // measured at 0 ms: the base is 8 at (at least) 0.1 ms
		expect(limit.limit).toBe(9);
		answersUntilMove(limit, { latencyMs: 0 }); // the step up pays
		expect(limit.limit).toBe(10);
		// 0.14 ms is under 1.5 × 0.1 ms: no slowdown, however many rounds.
		for (let round = 0; round < 6; round++) answersUntilMove(limit, { latencyMs: 0.14, inFlight: 10 });
		expect(limit.limit).toBeGreaterThanOrEqual(9);
	});
});

describe('slow start', () => {
	test('a round is filled when the requests in flight average three quarters of the limit', () => {
		const filled = auto();
		expect(answersUntilMove(filled, { inFlight: 6 })).toBe(8);
		expect(filled.limit).toBe(16);
		const averaged = auto(); // 5 and 7 in turn: 6 on average
		answersUntilMove(averaged, { inFlight: (n) => (n % 2 ? 5 : 7) });
		expect(averaged.limit).toBe(16);
		// 5 of 8: two rounds at 8 (the second gives up slow start, at 8), then it stays.
		const short = auto();
		expect(answersUntilMove(short, { inFlight: 5, cap: 400 })).toBe(16);
		expect(short.limit).toBe(8);
		expect(answersUntilMove(short, { inFlight: 5, cap: 400 })).toBe(Infinity);
		expect(short.limit).toBe(8);
	});

	test('doubling goes on while it raises throughput by 10 % or more, and goes back when it does not', () => {
		// At 8: 8 in flight, 8 ms (1 per ms). At 16: 1.1 per ms needs at most 16 / 1.1 ms.
		const paid = auto();
		answersUntilMove(paid, { latencyMs: 8 });
		answersUntilMove(paid, { latencyMs: 16 / 1.1 });
		expect(paid.limit).toBe(32);
		const unpaid = auto();
		answersUntilMove(unpaid, { latencyMs: 8 });
		answersUntilMove(unpaid, { latencyMs: 16 / 1.0999 });
		expect(unpaid.limit).toBe(8);
	});

	test('at the bound it stops doubling and measures there', () => {
		const limit = auto({ max: 8 });
		// A round at the bound (no move), a round measured, then a step down is probed.
		expect(answersUntilMove(limit, { latencyMs: 8 })).toBe(16);
		expect(limit.limit).toBe(7);
	});
});

describe('steps', () => {
	test('from a held limit a filled round tries one step up, an eighth (rounded, at least 1)', () => {
		const limit = holdingEight();
		expect(answersUntilMove(limit, { latencyMs: 8 })).toBe(8);
		expect(limit.limit).toBe(9);
	});

	test('a step up is kept (and another tried) on a 5 % throughput gain; less, and a step below is tried', () => {
		// The step up's round: 9 skipped, then 9 answers with 9 in flight; 1.05 per ms needs ≤ 9 / 1.05 ms.
		const kept = holdingEight();
		answersUntilMove(kept, { latencyMs: 8 });
		expect(answersUntilMove(kept, { latencyMs: 9 / 1.05 })).toBe(18);
		expect(kept.limit).toBe(10);
		const dropped = holdingEight();
		answersUntilMove(dropped, { latencyMs: 8 });
		answersUntilMove(dropped, { latencyMs: 9 / 1.0499 });
		expect(dropped.limit).toBe(7);
	});

	test('a step up whose round is not filled is not kept', () => {
		const limit = holdingEight();
		answersUntilMove(limit, { latencyMs: 8 });
		answersUntilMove(limit, { latencyMs: 1, inFlight: 6 }); // fast, but 6 of 9 in flight
		expect(limit.limit).toBe(7);
	});

	test('a step down is kept when throughput fell by 3 % or less and latency by half the step’s share or more', () => {
		// Base 8 at 8 ms, 1 per ms; the step down to 7 is one eighth: latency must fall to 8 × (1 − 1/16) = 7.5.
		const probeDown = () => {
			const limit = holdingEight();
			answersUntilMove(limit, { latencyMs: 8 });
			answersUntilMove(limit, { latencyMs: 9 }); // the step up to 9 does not pay
			expect(limit.limit).toBe(7);
			return limit;
		};
		const cases = [
			// in flight, latency: throughput, latency rule → kept?
			[7, 7.2, true], // 0.972 per ms (−2.8 %), 7.2 ≤ 7.5
			[7, 7 / 0.97, true], // 0.97 per ms: exactly 3 % fewer answers still counts
			[7, 7.25, false], // 0.966 per ms (−3.4 %)
			[8, 7.5, true], // 1.07 per ms, 7.5 ms exactly
			[8, 7.6, false], // 1.05 per ms, but latency fell too little
		];
		for (const [inFlight, latencyMs, kept] of cases) {
			const limit = probeDown();
			const epoch = limit.epoch;
			answersUntilMove(limit, { inFlight, latencyMs, cap: 8 });
			// Kept: 7 is the new base, measured on (same epoch). Not kept: back to 8.
			expect([inFlight, latencyMs, limit.limit, limit.epoch === epoch]).toEqual([inFlight, latencyMs, kept ? 7 : 8, kept]);
		}
	});

	test('at the bound a step down is probed instead; at the minimum, nothing; steps are an eighth, rounded, at least 1', () => {
		const cases = [
			[1, 1],
			[2, 1],
			[3, 2],
			[4, 3], // an eighth of 4 is 0.5: one
			[12, 10], // 1.5: two
			[20, 17], // 2.5: three
			[40, 35],
		];
		for (const [bound, probed] of cases) {
			const limit = auto({ max: bound, initial: bound });
			answersUntilMove(limit, { latencyMs: 8 });
			expect([bound, limit.limit]).toEqual([bound, probed]);
		}
		// Held at 1 by both bounds: every round measures again, and probes nothing.
		const one = auto({ max: 1, initial: 1 });
		const rounds = [];
		for (let k = 0; k < 4; k++) rounds.push(answersUntilMove(one, { latencyMs: 8 }), one.limit);
		expect(rounds).toEqual([16, 1, 8, 1, 8, 1, 8, 1]);
	});

	/** From a step up to 9 that gains nothing: the step down to 7 loses an eighth, so it goes back to 8. */
	function failedProbes(limit) {
		expect(limit.limit).toBe(9);
		answersUntilMove(limit, { latencyMs: 9 }); // 9 in flight at 9 ms: no gain over 8 at 8 ms
		expect(limit.limit).toBe(7);
		answersUntilMove(limit, { latencyMs: 8, inFlight: 7 }); // 7 at 8 ms: an eighth less throughput
		expect(limit.limit).toBe(8);
	}

	/** Rounds held at 8 before the next step up: a round skipped after the rise, held ones, the one that steps. */
	function roundsHeld(limit) {
		const answers = answersUntilMove(limit, { latencyMs: 8, cap: 5000 });
		expect(limit.limit).toBe(9);
		return answers / 8 - 2;
	}

	/** A limit probing 9 from 8 after `cycles` probe cycles that moved nothing, each held its rounds. */
	function afterIdleCycles(cycles) {
		const limit = holdingEight();
		answersUntilMove(limit, { latencyMs: 8 });
		for (let cycle = 0; cycle < cycles; cycle++) {
			failedProbes(limit);
			roundsHeld(limit);
		}
		return limit;
	}

	test('probes that move nothing are made less often: held 1, 2, 4, 8 rounds, then 8', () => {
		const limit = afterIdleCycles(0);
		const held = [];
		for (let cycle = 0; cycle < 6; cycle++) {
			failedProbes(limit);
			held.push(roundsHeld(limit));
		}
		expect(held).toEqual([1, 2, 4, 8, 8, 8]);
		// Pushback starts afresh: the next probes that move nothing hold one round again, not eight.
		pushBack(limit); // 9 → 4, where it recovers to at once (half of 9)
		expect(answersUntilMove(limit)).toBe(4);
		expect(limit.limit).toBe(4);
		answersUntilMove(limit, { latencyMs: 4 }); // measured at 4 ms: 1 per ms; 5 is tried
		answersUntilMove(limit, { latencyMs: 5 }); // 5 at 5 ms: no gain; 3 is tried
		answersUntilMove(limit, { latencyMs: 4, inFlight: 3 }); // 3 at 4 ms: a quarter less; back to 4
		expect(limit.limit).toBe(4);
		// A round's worth skipped after the rise (4 answers), one round held, the round that steps up.
		expect(answersUntilMove(limit, { latencyMs: 4 })).toBe(4 + 2 * 8);
	});

	test('a step down that pays resets the holding too', () => {
		const limit = afterIdleCycles(3);
		answersUntilMove(limit, { latencyMs: 9 }); // 9 gains nothing; 7 tried
		answersUntilMove(limit, { latencyMs: 7, inFlight: 7, cap: 8 }); // 7 at 7 ms: as many answers, sooner: kept
		expect(limit.limit).toBe(7);
		answersUntilMove(limit, { latencyMs: 7 }); // measured at 7; 8 tried
		expect(limit.limit).toBe(8);
		answersUntilMove(limit, { latencyMs: 8 }); // 8 at 8 ms: no gain; 6 tried
		expect(limit.limit).toBe(6);
		answersUntilMove(limit, { latencyMs: 7, inFlight: 6 }); // 6 at 7 ms: a seventh less; back to 7
		expect(limit.limit).toBe(7);
		// A round skipped after the rise, one held (not eight), the round that steps up.
		expect(answersUntilMove(limit, { latencyMs: 7 })).toBe(7 + 2 * 8);
	});

	test('a step that pays resets the holding', () => {
		const limit = afterIdleCycles(3);
		answersUntilMove(limit, { latencyMs: 8 }); // 9 at 8 ms this time: 12.5 % more, kept; 10 tried
		expect(limit.limit).toBe(10);
		answersUntilMove(limit, { latencyMs: 10 }); // 10 at 10 ms: no gain over 9 at 8 ms; 8 tried
		expect(limit.limit).toBe(8);
		answersUntilMove(limit, { latencyMs: 8, inFlight: 8 }); // 8 at 8 ms: less than 9 gave; back to 9
		expect(limit.limit).toBe(9);
		// The idle cycles were counted afresh when 9 paid: a round skipped after the rise to 9, one held
		// (not eight), and the round that steps up again.
		expect(answersUntilMove(limit, { latencyMs: 8 })).toBe(3 * 9);
	});
});

describe('latency rising at the same limit', () => {
	test('over 1.5 × the base’s latency, two rounds running: shrinks in proportion, by half at most', () => {
		const cases = [
			[12, 9], // 1.5 × exactly: an ordinary round, a step up is tried
			[12.8, 5], // 1.6 ×: 8 × 8 / 12.8
			[12.001, 5],
			[32, 4], // 4 ×: half, no less
		];
		for (const [latencyMs, after] of cases) {
			const limit = holdingEight();
			const answers = answersUntilMove(limit, { latencyMs });
			expect([latencyMs, answers, limit.limit]).toEqual([latencyMs, after === 9 ? 8 : 16, after]);
		}
	});

	test('one slow round followed by an ordinary one is a hiccup: no shrinking, and the count starts again', () => {
		const limit = holdingEight();
		answersUntilMove(limit, { latencyMs: (n) => (n <= 8 ? 13 : 8) });
		expect(limit.limit).toBe(9);
		// Slow, ordinary (too few in flight to probe), slow: never two slow rounds running.
		const held = holdingEight();
		const epoch = held.epoch;
		const rounds = [
			[8, 13],
			[5, 8],
			[8, 13],
		];
		for (const [inFlight, latencyMs] of rounds) {
			for (let n = 0; n < 8; n++) held.record({ epoch, inFlight, latencyMs, signal: 'ok' });
		}
		expect([held.limit, held.epoch]).toEqual([8, epoch]);
	});
});

describe('pushback', () => {
	test('5xx spells: halved per pushback, then doubled back a round trip at a time to half where it began', () => {
		const limit = auto({ initial: 50 });
		pushBack(limit);
		pushBack(limit);
		pushBack(limit);
		expect(limit.limit).toBe(6); // 50 → 25 → 12 → 6
		const steps = [];
		for (let k = 0; k < 3; k++) steps.push([answersUntilMove(limit), limit.limit]);
		// No answers skipped while doubling back; it stops at 25 (half of 50), not at 24 × 2.
		expect(steps).toEqual([
			[6, 12],
			[12, 24],
			[24, 25],
		]);
		// From there it probes: a skipped round after the rise, a round, a step of an eighth (3).
		expect(answersUntilMove(limit)).toBe(50);
		expect(limit.limit).toBe(28);
	});

	test('doubling back from the minimum waits for two clean answers, not one', () => {
		const limit = auto();
		pushBack(limit);
		pushBack(limit);
		pushBack(limit);
		expect(limit.limit).toBe(1);
		expect(answersUntilMove(limit)).toBe(2);
		expect(limit.limit).toBe(2);
		expect(answersUntilMove(limit)).toBe(2);
		expect(limit.limit).toBe(4);
		// Back at 4 (half of 8), it probes on: a round skipped after the rise, a round, a step up.
		expect(answersUntilMove(limit)).toBe(4 + 8);
		expect(limit.limit).toBe(5);
	});

	test('a 429 holds the minimum until a request is answered, then resumes at three quarters (rounded down) with a round skipped', () => {
		const limit = auto({ min: 3, initial: 50 });
		pushBack(limit, 'rateLimited');
		expect(limit.limit).toBe(3);
		limit.record({ epoch: limit.epoch, inFlight: 1, latencyMs: NaN, signal: 'ok' }); // no usable answer
		expect(limit.limit).toBe(3);
		expect(answersUntilMove(limit)).toBe(1);
		expect(limit.limit).toBe(37);
		expect(answersUntilMove(limit)).toBe(2 * 37);
	});

	test('a 429 after a recovery has ended resumes from the limit in force, not from where that recovery aimed', () => {
		// Pushed back at 16: recovery aims at 8, and gets there after a round trip of clean answers.
		const limit = auto({ initial: 16 });
		pushBack(limit);
		expect(answersUntilMove(limit, { latencyMs: 8 })).toBe(8);
		expect(limit.limit).toBe(8);
		// Measured at 8 ms (too few in flight to probe), then 32 ms two rounds running: Juspay slowing
		// down, so the limit halves to 4, below where the recovery stopped.
		expect(answersUntilMove(limit, { inFlight: 5, latencyMs: 8, cap: 8 })).toBe(Infinity);
		expect(answersUntilMove(limit, { latencyMs: 32 })).toBe(16);
		expect(limit.limit).toBe(4);
		// The quota runs out at 4: it reopens at three quarters of 4, not of 8.
		pushBack(limit, 'rateLimited');
		expect(limit.limit).toBe(1);
		expect(answersUntilMove(limit)).toBe(1);
		expect(limit.limit).toBe(3);
	});

	test('when the quota opens again, latency is measured afresh: what it was before the wait is no reference', () => {
		// Held at 1 by its bounds, so that it comes back to the very limit it was measured at (8 ms).
		const limit = auto({ max: 1, initial: 1 });
		answersUntilMove(limit, { latencyMs: 8 });
		pushBack(limit, 'rateLimited');
		expect(answersUntilMove(limit, { latencyMs: 8 })).toBe(1);
		// Slower now (13 ms, over 1.5 × 8): a new reference, so an ordinary round, not a slowdown.
		expect(answersUntilMove(limit, { latencyMs: 13 })).toBe(8);
	});
});
