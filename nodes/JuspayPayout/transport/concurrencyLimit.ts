/**
 * How many requests to Juspay one node run keeps in flight: a fixed number the user chose, or a limit
 * that adapts to what the answers say (Options → Concurrency 0, Auto).
 *
 * The adaptive limit climbs a throughput hill, with TCP-style back-off — after TCP congestion control
 * (AIMD, slow start) and the Vegas and Gradient limiters of Netflix's concurrency-limits:
 *
 * - It starts modestly and doubles each round for as long as that brings answers back faster (slow
 *   start); then it probes one step (an eighth) up and one down, keeping a step up only when it raised
 *   the answers per second, and a step down when it cost none of them while answers came sooner.
 * - So when Juspay's latency is flat, it grows until n8n itself is the bottleneck or to the bound; when
 *   Juspay queues (latency rising with load), more in flight only adds waiting, throughput stops
 *   growing where latency leaves its floor, and so does the limit.
 * - Throughput is measured by Little's law, requests in flight ÷ latency, over a round: steadier than
 *   counting answers over a few tens of milliseconds, and it sees queueing at once (more in flight,
 *   latency up as much: nothing gained). Latency rising at the same limit, two rounds running (Juspay
 *   slowing down), shrinks it in proportion.
 * - It shrinks at once: by half on a 5xx, a timeout or a dropped connection, and by half again for each
 *   further pushback to requests sent since; clean answers then double it back, a round trip at a time,
 *   to half where it was.
 * - A 429 is not load but a quota used up: the refused requests wait out their Retry-After, and the
 *   limit drops to its minimum, so that while the quota is closed one request at a time finds out when
 *   it opens again, instead of many being refused. The first one answered brings the limit back at once
 *   to three quarters of where it was, so the reopened quota is used at once, not ramped up to over most
 *   of its window; the quarter less is fewer requests refused when the quota runs out again.
 * - Probes that move nothing are made less often (a limit at its best, or at its bound, stays there).
 *
 * Pure: no clock, no timers. The caller tells it about every answer (`record`) and reads `limit`.
 * Decisions are taken per round, a round being about one latency's worth of answers to requests sent
 * since the last change (`epoch`): answers to requests sent under an older limit say nothing about the
 * current one, and one burst of 5xx halves the limit once, not once per answer.
 */

/** What one answer tells the limit. */
export type AnswerSignal =
	/** A timely answer that does not ask to slow down: a 2xx, or a 4xx other than 429. */
	| 'ok'
	/** Juspay or the network pushing back: any 5xx, a timeout, a dropped connection. */
	| 'overload'
	/** A 429: Juspay's quota for now is used up. */
	| 'rateLimited'
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

/**
 * Auto starts here (or at a lower bound): a sixth of the default bound, so that a short run spends less
 * of itself ramping up than from 8, and still few enough that a first 429 or 5xx meets at most 16
 * requests in flight.
 */
export const AUTO_INITIAL = 16;
export const AUTO_MIN = 1;

/** A round has at least this many answers, so that one slow answer does not decide. */
const MIN_ROUND = 8;
/**
 * When a closed quota opens again, the limit comes back to this share of where it was: the requests in
 * flight when a quota runs out are all refused, and a limit above what the quota lets through is only
 * more of them. Steps up win it back while it pays.
 */
const RESUME = 0.75;
/** Slow start goes on while doubling raises throughput by at least this much. */
const MIN_SLOW_START_GAIN = 0.1;
/** A step up is kept when it raised throughput by at least this much. */
const UP_GAIN = 0.05;
/**
 * A step down is kept when throughput fell by no more than this while latency fell (requests were
 * queueing): fewer requests in flight for about the same throughput is better for Juspay, and it keeps
 * noise from pushing the limit ever upwards.
 */
const DOWN_TOLERANCE = 0.03;
/** A step is this share of the limit (at least one request). */
const STEP = 0.125;
/** Latency this many times what it was at the same limit, two rounds running: Juspay is slowing down. */
const LATENCY_RISE = 1.5;
/** A round whose requests did not fill the limit this much says nothing about a higher one. */
const DEMAND = 0.75;
/** After a probe up and a probe down that both failed, hold this many rounds, doubling each time to... */
const HOLD_ROUNDS = 1;
/** ...at most this many: a limit at its best (or at its bound) spends little time off it. */
const MAX_HOLD_ROUNDS = 8;
/** On pushback, the limit is multiplied by this. */
const BACK_OFF = 0.5;

type Phase =
	/** Doubling while it pays. */
	| 'slowStart'
	/** After pushback: doubling back, one round of clean answers at a time, to half where it was. */
	| 'recover'
	/** At `base.limit`: measuring it. */
	| 'base'
	/** One step above `base.limit`: kept if it pays. */
	| 'up'
	/** One step below `base.limit`: kept unless it costs. */
	| 'down'
	/** After a 429: at the minimum until one request is answered, then back to `resumeTo`. */
	| 'quotaClosed';

interface Measured {
	limit: number;
	/** Answers per millisecond. */
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

	/** The limit held between probes, and what its last round measured. */
	private base: Measured | undefined;

	/** Where recovery from pushback stops doubling: half the limit when the pushback began. */
	private recoverTo = 1;

	/** The limit to go back to when a closed quota opens again. */
	private resumeTo = 1;

	/** Probe cycles in a row that moved nothing, and rounds still to hold before the next probe. */
	private idleCycles = 0;

	private holdRounds = 0;

	/** Base rounds in a row whose latency rose, at the same limit. */
	private slowRounds = 0;

	/** Clean answers at this epoch while recovering. */
	private recovered = 0;

	/** Answers of this epoch still to skip: those sent while the requests in flight ramped up. */
	private warmUp = 0;

	private readonly round: { inFlight: number[]; latencies: number[] } = {
		inFlight: [],
		latencies: [],
	};

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

	record(answer: Answer): void {
		// An answer to a request sent under an older limit: it has been acted on, or says nothing new.
		if (answer.epoch !== this.currentEpoch || answer.signal === 'ignore') return;
		if (answer.signal === 'overload') {
			this.pushedBack();
			return;
		}
		if (answer.signal === 'rateLimited') {
			this.quotaClosed();
			return;
		}
		if (!Number.isFinite(answer.latencyMs) || answer.latencyMs < 0) return;
		if (this.phase === 'quotaClosed') {
			// Answered, so the quota is open again: use it at the limit that was in force.
			this.base = undefined;
			this.change(this.resumeTo, 'base');
			return;
		}
		if (this.phase === 'recover') {
			// Clean answers at the reduced limit: double again after a round-trip's worth of them.
			if (++this.recovered >= Math.max(2, this.current)) this.recoverStep();
			return;
		}
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
		const filled = round.meanInFlight >= DEMAND * this.current;
		const base = this.base;
		switch (this.phase) {
			case 'slowStart': {
				const paid =
					filled && round.throughput >= (base?.throughput ?? 0) * (1 + MIN_SLOW_START_GAIN);
				if (base !== undefined && !paid) {
					// Doubling brought nothing: back to the last limit that paid, then single steps.
					this.change(base.limit, 'base');
					return;
				}
				this.base = this.measured(round);
				if (!filled) return; // too few requests to tell: stay
				if (this.current < this.max) this.change(this.current * 2, 'slowStart');
				else this.phase = 'base';
				return;
			}
			case 'base':
				if (
					base !== undefined &&
					base.limit === this.current &&
					round.medianLatencyMs > base.latencyMs * LATENCY_RISE
				) {
					// Slower answers at the same limit. Twice running: Juspay is slowing down; shrink in
					// proportion. Once may be a hiccup: measure again against the same reference.
					if (++this.slowRounds >= 2)
						this.backOff(Math.max(BACK_OFF, base.latencyMs / round.medianLatencyMs));
					return;
				}
				this.slowRounds = 0;
				this.base = this.measured(round);
				if (this.holdRounds > 0) this.holdRounds--;
				else if (filled) this.stepUp();
				return;
			case 'up':
				if (base !== undefined && filled && round.throughput >= base.throughput * (1 + UP_GAIN)) {
					this.base = this.measured(round);
					this.idleCycles = 0;
					this.stepUp();
				} else {
					this.stepDown();
				}
				return;
			case 'down':
				if (
					base !== undefined &&
					round.throughput >= base.throughput * (1 - DOWN_TOLERANCE) &&
					round.medianLatencyMs <=
						base.latencyMs * (1 - (base.limit - this.current) / base.limit / 2)
				) {
					// As many answers, sooner: the requests above were only queueing (at Juspay, or in n8n).
					this.base = this.measured(round);
					this.idleCycles = 0;
					this.phase = 'base';
				} else {
					// Neither more nor fewer paid: this is the place. Probe less often while it stays so.
					this.holdRounds = Math.min(MAX_HOLD_ROUNDS, HOLD_ROUNDS * 2 ** this.idleCycles++);
					this.change(base?.limit ?? this.current, 'base');
				}
		}
	}

	/** One step above the base, or one below when it is at the bound. */
	private stepUp(): void {
		const from = this.base?.limit ?? this.current;
		if (from >= this.max) {
			this.stepDown();
			return;
		}
		this.change(from + this.step(from), 'up');
	}

	/** One step below the base, or back to the base when it is at the minimum. */
	private stepDown(): void {
		const from = this.base?.limit ?? this.current;
		if (from <= this.min) this.change(from, 'base');
		else this.change(from - this.step(from), 'down');
	}

	private step(from: number): number {
		return Math.max(1, Math.round(from * STEP));
	}

	/**
	 * A 429, 5xx, timeout or dropped connection: halve the limit, and halve it again for each further
	 * pushback to a request sent since (so that a closed rate-limit window meets one request at a time,
	 * not many). The first clean answers then double it back quickly, as TCP's slow start does, to half
	 * of where it was when the pushback began; from there it probes in steps again.
	 */
	private pushedBack(): void {
		if (this.phase !== 'recover') this.recoverTo = this.clamp(this.current * BACK_OFF);
		this.base = undefined;
		this.forgetProbes();
		this.change(this.current * BACK_OFF, 'recover');
	}

	/**
	 * A 429: down to the minimum until a request is answered (see `record`). Later 429s while there
	 * change nothing: the requests they refused are waiting out their Retry-After.
	 */
	private quotaClosed(): void {
		if (this.phase === 'quotaClosed') return;
		// Pushback just before (a recovery under way) does not lower where the limit comes back to.
		const before = this.phase === 'recover' ? Math.max(this.current, this.recoverTo) : this.current;
		this.resumeTo = this.clamp(before * RESUME);
		this.forgetProbes();
		this.change(this.min, 'quotaClosed');
	}

	/** A new reference: latency history, idle probe cycles and held rounds no longer apply. */
	private forgetProbes(): void {
		this.slowRounds = 0;
		this.idleCycles = 0;
		this.holdRounds = 0;
	}

	/** Doubles, up to `recoverTo` (the limit never exceeds it while recovering: pushback only lowers it). */
	private recoverStep(): void {
		const doubled = this.current * 2;
		this.change(Math.min(doubled, this.recoverTo), doubled >= this.recoverTo ? 'base' : 'recover');
	}

	/** Latency rose at the same limit: shrink in proportion, then measure and probe again. */
	private backOff(factor: number): void {
		this.base = undefined;
		this.forgetProbes();
		this.change(this.current * factor, 'base');
	}

	private change(limit: number, phase: Phase): void {
		const previous = this.current;
		this.phase = phase;
		this.current = this.clamp(limit);
		this.currentEpoch++;
		this.recovered = 0;
		this.round.inFlight.length = 0;
		this.round.latencies.length = 0;
		// After a step up, the first answers come from a server that had fewer requests in flight than
		// the new limit puts there: they flatter it. A round's worth is skipped before judging.
		this.warmUp = this.current > previous ? this.current : 0;
	}

	private measured(round: RoundStats): Measured {
		return {
			limit: this.current,
			throughput: round.throughput,
			latencyMs: round.medianLatencyMs,
		};
	}

	private closeRound(): RoundStats {
		const { inFlight, latencies } = this.round;
		const meanInFlight = inFlight.reduce((sum, n) => sum + n, 0) / inFlight.length;
		const sorted = [...latencies].sort((a, b) => a - b);
		const medianLatencyMs = Math.max(sorted[Math.floor(sorted.length / 2)], 0.1);
		// Answers per millisecond by Little's law. Counting the answers over the round's span instead
		// (a few tens of milliseconds) swung by half between rounds at the same limit in real n8n, as its
		// one thread handles answers in bursts.
		const throughput = meanInFlight / medianLatencyMs;
		inFlight.length = 0;
		latencies.length = 0;
		return { meanInFlight, medianLatencyMs, throughput };
	}

	private clamp(limit: number): number {
		return Math.min(this.max, Math.max(this.min, Math.floor(limit)));
	}
}
