/**
 * How many requests to Juspay one node run keeps in flight: a fixed number the user chose, or a limit
 * that adapts to what the answers say (Options → Concurrency → Auto).
 *
 * The adaptive limit is a throughput hill-climb with TCP-style back-off, after TCP congestion control
 * (AIMD, slow start) and the Vegas and Gradient limiters of Netflix's concurrency-limits:
 *
 * - It starts modestly and, while the answers are clean, doubles each round ("slow start") for as long
 *   as doing so brings answers back faster, then probes upwards in small steps.
 * - A step up is kept only when it raised the throughput (requests in flight ÷ latency, Little's law).
 *   When Juspay's latency is flat, more in flight means more answers per second, and the limit grows to
 *   the bound. When Juspay queues (latency rising with load), a step up only adds waiting: throughput
 *   stops growing where latency leaves its floor, and so does the limit.
 * - It shrinks at once: by half on a 429, a 5xx, a timeout or a dropped connection; in proportion when
 *   latency rises at the same limit (Juspay slowing down).
 *
 * Pure: no clock, no timers. The caller tells it about every answer (`record`) and reads `limit`.
 * Decisions are taken per round, a round being about one latency's worth of answers to requests sent
 * since the last change (`epoch`): answers to requests sent under an older limit say nothing about the
 * current one, and one burst of 429s halves the limit once, not once per answer.
 */

/** What one answer tells the limit. */
export type AnswerSignal =
	/** A timely answer that does not ask to slow down: a 2xx, or a 4xx other than 429. */
	| 'ok'
	/** Juspay or the network pushing back: 429, any 5xx, a timeout, a dropped connection. */
	| 'overload'
	/** Says nothing about load: refused before sending, cancelled, or a host that does not exist. */
	| 'ignore';

export interface Answer {
	/** `epoch` of the limit when the request was sent. */
	epoch: number;
	/** Requests in flight when it was sent, itself included. */
	inFlight: number;
	/** From sending to the answer, in milliseconds. */
	latencyMs: number;
	signal: AnswerSignal;
}

export interface ConcurrencyLimit {
	/** The most requests that may be in flight now: a whole number from `min` to `max`. */
	readonly limit: number;
	/** Changes whenever `limit` does; stamped on each request when it is sent. */
	readonly epoch: number;
	record(answer: Answer): void;
}

/** Concurrency set to a number: that many, whatever the answers say. */
export class FixedConcurrencyLimit implements ConcurrencyLimit {
	readonly epoch = 0;

	constructor(readonly limit: number) {}

	record(): void {}
}

export interface AdaptiveLimitSettings {
	/** The limit to start with. */
	initial: number;
	/** Never below this (at least 1). */
	min: number;
	/** Never above this: the bound the user set. */
	max: number;
}

/** Above the default, Auto starts here: modest, and about what a fixed default used to be. */
export const AUTO_INITIAL = 8;
export const AUTO_MIN = 1;

/** A round has at least this many answers, so that one slow answer does not decide. */
const MIN_ROUND = 4;
/** A step up is kept when it raised throughput by at least this much (noise is a few percent). */
const MIN_GAIN = 0.04;
/** Slow start goes on while doubling raises throughput by at least this much. */
const MIN_SLOW_START_GAIN = 0.1;
/** A probe adds this share of the limit (at least one request). */
const PROBE_STEP = 0.125;
/** Latency this many times its reference at the same limit means Juspay is slowing down. */
const LATENCY_RISE = 1.5;
/** A round whose requests did not fill the limit this much says nothing about a higher one. */
const DEMAND = 0.75;
/** On overload, the limit is multiplied by this. */
const BACK_OFF = 0.5;
/** After a probe that did not pay, this many rounds pass before the next one. */
const PROBE_COOL_DOWN = 2;

type Phase =
	/** Doubling while it pays. */
	| 'slowStart'
	/** At a limit whose throughput is not known yet (after a change back or down). */
	| 'measure'
	/** At `reference.limit`, known: the next round probes one step up. */
	| 'hold'
	/** One step above `reference.limit`, to see whether it pays. */
	| 'probe';

interface Reference {
	limit: number;
	/** Requests per millisecond. */
	throughput: number;
	latencyMs: number;
}

interface RoundStats {
	meanInFlight: number;
	medianLatencyMs: number;
	throughput: number;
}

export class AdaptiveConcurrencyLimit implements ConcurrencyLimit {
	private current: number;

	private currentEpoch = 0;

	private phase: Phase = 'slowStart';

	/** The last limit whose throughput was measured and kept. */
	private reference: Reference | undefined;

	private coolDown = 0;

	/** Answers of this epoch still to skip: those sent while the requests in flight ramped to the limit. */
	private warmUp = 0;

	private readonly round: { inFlight: number[]; latencies: number[] } = {
		inFlight: [],
		latencies: [],
	};

	/** Lowest round latency seen: the latency floor (for reporting). */
	private floor = Infinity;

	readonly min: number;

	readonly max: number;

	constructor({ initial, min, max }: AdaptiveLimitSettings) {
		this.min = Math.max(1, Math.floor(min));
		this.max = Math.max(this.min, Math.floor(max));
		this.current = this.clamp(initial);
	}

	get limit(): number {
		return this.current;
	}

	get epoch(): number {
		return this.currentEpoch;
	}

	/** The lowest latency of a round so far, in milliseconds (Infinity before the first round). */
	get latencyFloorMs(): number {
		return this.floor;
	}

	record(answer: Answer): void {
		// An answer to a request sent under an older limit: it has been acted on, or says nothing new.
		if (answer.epoch !== this.currentEpoch || answer.signal === 'ignore') return;
		if (answer.signal === 'overload') {
			this.backOff(BACK_OFF);
			return;
		}
		if (!Number.isFinite(answer.latencyMs) || answer.latencyMs < 0) return;
		if (this.warmUp > 0) {
			this.warmUp--;
			return;
		}
		this.round.inFlight.push(answer.inFlight);
		this.round.latencies.push(answer.latencyMs);
		if (this.round.latencies.length >= Math.max(MIN_ROUND, this.current))
			this.decide(this.closeRound());
	}

	private decide(round: RoundStats): void {
		this.floor = Math.min(this.floor, round.medianLatencyMs);
		const filled = round.meanInFlight >= DEMAND * this.current;
		const reference = this.reference;
		switch (this.phase) {
			case 'slowStart': {
				const paid =
					filled && round.throughput >= (reference?.throughput ?? 0) * (1 + MIN_SLOW_START_GAIN);
				if (reference !== undefined && !paid) {
					// Doubling brought nothing: back to the last limit that paid, then small steps.
					this.change(reference.limit, 'measure');
					return;
				}
				this.reference = this.referenceOf(round);
				if (!filled) return; // too few requests to tell: stay
				if (this.current < this.max) this.change(this.current * 2, 'slowStart');
				else this.phase = 'hold';
				return;
			}
			case 'probe':
				if (
					reference !== undefined &&
					filled &&
					round.throughput >= reference.throughput * (1 + MIN_GAIN)
				) {
					this.reference = this.referenceOf(round);
					this.probeOrHold();
				} else {
					this.coolDown = PROBE_COOL_DOWN;
					this.change(reference?.limit ?? this.current, 'measure');
				}
				return;
			case 'measure':
			case 'hold':
				if (
					reference !== undefined &&
					reference.limit === this.current &&
					round.medianLatencyMs > reference.latencyMs * LATENCY_RISE
				) {
					// Same limit, slower answers: Juspay is slowing down. Shrink in proportion.
					this.backOff(Math.max(BACK_OFF, reference.latencyMs / round.medianLatencyMs));
					return;
				}
				this.reference = this.referenceOf(round);
				if (filled) this.probeOrHold();
				else this.phase = 'hold';
		}
	}

	private probeOrHold(): void {
		if (this.coolDown > 0) {
			this.coolDown--;
			this.phase = 'hold';
			return;
		}
		if (this.current >= this.max) {
			this.phase = 'hold';
			return;
		}
		const step = Math.max(1, Math.round(this.current * PROBE_STEP));
		this.change(this.current + step, 'probe');
	}

	private backOff(factor: number): void {
		this.reference = undefined;
		this.coolDown = 0;
		this.change(Math.floor(this.current * factor), 'measure');
	}

	private change(limit: number, phase: Phase): void {
		this.phase = phase;
		const previous = this.current;
		this.current = this.clamp(limit);
		this.currentEpoch++;
		// After a step up, the first answers come from a server that had fewer requests in flight than
		// the new limit puts there: they flatter it. A round's worth is skipped before judging.
		this.warmUp = this.current > previous ? this.current : 0;
		this.round.inFlight.length = 0;
		this.round.latencies.length = 0;
	}

	private referenceOf(round: RoundStats): Reference {
		return { limit: this.current, throughput: round.throughput, latencyMs: round.medianLatencyMs };
	}

	private closeRound(): RoundStats {
		const { inFlight, latencies } = this.round;
		const meanInFlight = inFlight.reduce((sum, n) => sum + n, 0) / inFlight.length;
		const sorted = [...latencies].sort((a, b) => a - b);
		const medianLatencyMs = Math.max(sorted[Math.floor(sorted.length / 2)], 0.1);
		inFlight.length = 0;
		latencies.length = 0;
		return { meanInFlight, medianLatencyMs, throughput: meanInFlight / medianLatencyMs };
	}

	private clamp(limit: number): number {
		return Math.min(this.max, Math.max(this.min, Math.floor(limit)));
	}
}
