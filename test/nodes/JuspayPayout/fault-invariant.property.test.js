'use strict';
/**
 * The node's promise, as a property over generated fault sequences. Each run: 1–5 items, each with its own
 * order and a random sequence of answers for its cancel and for its order's status reads (Juspay's 4xx and
 * 5xx, a proxy's HTML, 429 with and without Retry-After, timeouts, resets before and mid-body, 2xx that are
 * empty, garbled, Juspay's error shape or without status), Max Tries 1–3, On Error stop or continue, with or
 * without Wait for Outcome. The emulator plays the sequences (byId `sequence` rules); `expectedOf` below
 * works out, from the README's rules alone, what each item must end as.
 *
 * Invariant: for every input item exactly one of: one item on the success output; one item on the error
 * output (continue); or the run fails with an error naming a failed item (stop) and a run never succeeds
 * with fewer items than it was given. The requests the emulator saw match the rules (tries = requests), and
 * no cancel is sent after Juspay answered one with a 2xx.
 */
const { useEngine } = require('../../helpers/engine');
const fc = require('fast-check');
const { CANCEL_PATH, credentialFor, orderBody } = require('../../../tools/story/fixtures');

const NUM_RUNS = Number(process.env.PROPERTY_RUNS || 25);
const TIMEOUT_S = 1;
const MAX_WAIT_S = 4;

const engine = useEngine({
	pickDelayMs: 3_600_000, // every fulfillment stays CREATED: every accepted cancel takes effect
	timeoutHangMs: 1500,
});
let seq = 0;

// ------------------------------------------------------------------------------------- the rules

/** What one answer is, by the README's rules. */
const STEPS = {
	normal: { kind: 'answer' },
	http400: { kind: 'final', reason: 'juspay_error' },
	http503: { kind: 'retry', reason: 'juspay_error' },
	http500: { kind: 'retry', reason: 'juspay_error' },
	html500: { kind: 'retry', reason: 'juspay_error' },
	reset: { kind: 'retry', reason: 'connection_reset' },
	resetMidBody: { kind: 'retry', reason: 'connection_reset' },
	timeout: { kind: 'retry', reason: 'timeout' },
	429: { kind: 'retry', reason: 'rate_limited' }, // no Retry-After: a counted try
	'429ra0': { kind: 'deferral' }, // Retry-After: 0 → waited (at least 1 s), not counted
	garbled: { kind: 'final', reason: 'invalid_response' },
	empty200: { kind: 'final', reason: 'invalid_response' },
	nostatus200: { kind: 'final', reason: 'invalid_response' },
	error200: { kind: 'final', reason: 'juspay_error' },
};

/** The emulator rule for a step. */
function ruleOf(step) {
	if (step === 'normal') return null;
	if (step === '429') return { fault: 'http429', retryAfter: null };
	if (step === '429ra0') return { fault: 'http429', retryAfter: '0' };
	return step;
}

/** One request through its answers from position `at`: { ok, reason?, tries, next }. */
function oneRequest(steps, at, maxTries) {
	let counted = 0;
	for (let t = 1; ; t++) {
		const step = STEPS[steps[at + t - 1] ?? 'normal'];
		if (step.kind === 'answer') return { ok: true, tries: t, next: at + t };
		if (step.kind === 'final') return { ok: false, reason: step.reason, tries: t, next: at + t };
		if (step.kind === 'retry' && ++counted >= maxTries)
			return { ok: false, reason: step.reason, tries: t, next: at + t };
	}
}

/** What an item must end as: { ok, reason?, tries?, cancels, outcomes? }. */
function expectedOf(item, maxTries) {
	let cancelAt = 0;
	if (item.wait) {
		const check = oneRequest(item.orderSteps, 0, maxTries);
		if (!check.ok) return { ok: false, reason: check.reason, cancels: 0, tries: check.tries };
		const cancel = oneRequest(item.cancelSteps, cancelAt, maxTries);
		if (!cancel.ok)
			return { ok: false, reason: cancel.reason, cancels: cancel.tries, tries: cancel.tries };
		// Status reads never fail the item; with nothing left to go wrong the cancel is seen, once a read
		// gets a slot (see starvedOfSlots).
		const rest = item.orderSteps.slice(check.next).filter((s) => s !== 'normal');
		return {
			ok: true,
			tries: cancel.tries,
			cancels: cancel.tries,
			checkReads: check.tries,
			outcomes: rest.length ? ['cancelled', 'undetermined'] : ['cancelled'],
		};
	}
	const cancel = oneRequest(item.cancelSteps, cancelAt, maxTries);
	return cancel.ok
		? { ok: true, tries: cancel.tries, cancels: cancel.tries }
		: { ok: false, reason: cancel.reason, tries: cancel.tries, cancels: cancel.tries };
}

// ------------------------------------------------------------------------------------- generators

/** Timeouts cost a whole second each: rarer than the rest. */
const stepArb = fc.oneof(
	{ weight: 6, arbitrary: fc.constant('normal') },
	{
		weight: 8,
		arbitrary: fc.constantFrom(
			'http400',
			'http503',
			'http500',
			'html500',
			'reset',
			'resetMidBody',
			'429',
			'429ra0',
		),
	},
	{ weight: 3, arbitrary: fc.constantFrom('garbled', 'empty200', 'nostatus200', 'error200') },
	{ weight: 1, arbitrary: fc.constant('timeout') },
);
const itemArb = fc.record({
	wait: fc.boolean(),
	cancelSteps: fc.array(stepArb, { maxLength: 3 }),
	orderSteps: fc.array(stepArb, { maxLength: 3 }),
});
const runArb = fc.record({
	items: fc.array(itemArb, { minLength: 1, maxLength: 5 }),
	maxTries: fc.integer({ min: 1, max: 3 }),
	onError: fc.constantFrom('stopWorkflow', 'continueErrorOutput'),
	// 0 is Auto: the limit adapts (and halves on the 429s, 5xx and timeouts below) up to maxConcurrency.
	concurrency: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(0)),
	maxConcurrency: fc.integer({ min: 1, max: 4 }),
});

// ------------------------------------------------------------------------------------- the property

const cancelsOf = (id) =>
	engine.emulator.requestLog.filter((e) => e.method === 'POST' && e.path === CANCEL_PATH(id));

/**
 * A clean status read can still miss Max Wait: status reads share the run's request slots, and a retry
 * goes to the front of their queue. Under Auto, timeouts bring the limit down to 1, and other items'
 * timed-out tries and retries (1 s each here) can hold that one slot until the item's Max Wait (4 s)
 * has passed; its reads then give up unsent, and the outcome is honestly undetermined (seen once in a
 * full run). That is allowed only when it is what happened: the run had timeouts, the node counted no
 * status check, and no read of the order after the check before the cancel reached the emulator.
 */
function starvedOfSlots({ items, json, expected, reads }) {
	const runHadTimeouts = items.some(
		(item) => item.cancelSteps.includes('timeout') || (item.wait && item.orderSteps.includes('timeout')),
	);
	return (
		runHadTimeouts &&
		json.outcome === 'undetermined' &&
		json.statusChecks === 0 &&
		reads.length === expected.checkReads
	);
}

/** The status reads of an order as the emulator saw them: [ms since the first, HTTP status, fault]. */
const orderReadsOf = (orderId) => {
	const reads = engine.emulator.requestLog.filter(
		(e) => e.method === 'GET' && e.orderId === orderId,
	);
	return reads.map((e) => [e.at - reads[0].at, e.status, e.fault]);
};

const stats = { runs: 0, items: 0, main: 0, error: 0, stopped: 0, waited: 0, starved: 0 };

test(`generated fault sequences: every item exactly once, tries = requests, nothing after a 2xx (${NUM_RUNS} runs)`, async () => {
	await fc.assert(
		fc.asyncProperty(runArb, async ({ items, maxTries, onError, concurrency, maxConcurrency }) => {
			const byId = {};
			const inputs = items.map((item) => {
				const orderId = `prop_fault_${++seq}`;
				const fulfillmentId = engine.emulator.createOrder(orderBody(orderId)).fulfillments[0].id;
				byId[fulfillmentId] = { sequence: item.cancelSteps.map(ruleOf) };
				byId[orderId] = { sequence: item.orderSteps.map(ruleOf) };
				return { fulfillmentId, orderId, wait: item.wait };
			});
			engine.emulator.configure({ faults: { byId } });
			const expected = items.map((item) => expectedOf(item, maxTries));

			const result = await engine.harness.runNode({
				nodeType: 'juspayPayout',
				parameters: {
					resource: 'fulfillment',
					operation: 'cancel',
					fulfillmentId: '={{ $json.fulfillmentId }}',
					waitForOutcome: '={{ $json.wait }}',
					orderId: '={{ $json.orderId }}',
					maxWaitSeconds: MAX_WAIT_S,
					options: {
						timeout: TIMEOUT_S,
						maxTries,
						concurrency,
						maxConcurrency,
						rateLimitWait: 60,
					},
				},
				items: inputs.map((json) => ({ json })),
				onError,
				credentials: { juspayPayoutApi: credentialFor(engine.emulator.url) },
			});

			// No cancel after a 2xx, ever; never more cancels than the rules allow.
			inputs.forEach(({ fulfillmentId }, i) => {
				const statuses = cancelsOf(fulfillmentId).map((e) => e.status);
				const first2xx = statuses.findIndex((s) => s >= 200 && s < 300);
				if (first2xx !== -1)
					expect({ i, after2xx: statuses.slice(first2xx + 1) }).toEqual({ i, after2xx: [] });
				expect(statuses.length).toBeLessThanOrEqual(expected[i].cancels);
			});

			const failing = expected.map((e, i) => (e.ok ? -1 : i)).filter((i) => i >= 0);
			if (onError === 'stopWorkflow' && failing.length) {
				// The run fails, naming an item the rules say fails; that item used exactly its tries.
				expect(result.status).toBe('error');
				const named = result.stopError?.context?.itemIndex;
				expect(failing).toContain(named);
				expect(result.stopError.message).toEqual(expect.stringMatching(/\S/));
				expect(cancelsOf(inputs[named].fulfillmentId)).toHaveLength(expected[named].cancels);
				stats.stopped++;
				return;
			}

			// Every item exactly once, on exactly the output the rules say, in input order.
			expect(result.status).toBe('success');
			const byInput = new Map();
			for (const [out, list] of [
				['main', result.main],
				['error', result.error],
			]) {
				for (const item of list) {
					expect(byInput.has(item.pairedItem.item)).toBe(false);
					byInput.set(item.pairedItem.item, { out, json: item.json });
				}
			}
			expect([...byInput.keys()].sort((a, b) => a - b)).toEqual(inputs.map((_, i) => i));
			expected.forEach((e, i) => {
				const { out, json } = byInput.get(i);
				expect({ i, out }).toEqual({ i, out: e.ok ? 'main' : 'error' });
				expect(cancelsOf(inputs[i].fulfillmentId)).toHaveLength(e.cancels);
				if (e.ok) {
					expect(json).toMatchObject({
						fulfillmentId: inputs[i].fulfillmentId,
						cancellationScheduled: true,
						tries: e.tries,
					});
					if (inputs[i].wait) {
						// One check, with what the node saw and what the emulator was asked next to it, so
						// that a rare failure under load can be read from its message alone.
						const reads = orderReadsOf(inputs[i].orderId);
						const seen = {
							i,
							outcome: json.outcome,
							statusChecks: json.statusChecks,
							lastCheckError: json.lastCheckError,
							waitedSeconds: json.waitedSeconds,
							orderReads: JSON.stringify(reads),
						};
						const starved = starvedOfSlots({ items, json, expected: e, reads });
						const allowed = e.outcomes.includes(json.outcome) || starved;
						if (starved) stats.starved++;
						expect({ ...seen, outcomeAllowed: allowed }).toEqual({
							...seen,
							outcomeAllowed: true,
						});
						stats.waited++;
					}
					stats.main++;
				} else {
					expect({ i, reason: json.error.reason, tries: json.error.tries }).toEqual({
						i,
						reason: e.reason,
						tries: e.tries,
					});
					stats.error++;
				}
			});
			stats.runs++;
			stats.items += inputs.length;
		}),
		{
			numRuns: NUM_RUNS,
			seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined,
		},
	);
	console.log(`fault-invariant property ${JSON.stringify(stats)}`);
	// The generators reached every branch.
	expect(stats.main).toBeGreaterThan(0);
	expect(stats.error).toBeGreaterThan(0);
	expect(stats.stopped).toBeGreaterThan(0);
	expect(stats.waited).toBeGreaterThan(0);
}, 600_000);
