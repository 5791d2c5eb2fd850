'use strict';
/**
 * Preloaded into n8n by `bench.js --trace-limit` (NODE_OPTIONS=--require …), only in the `n8n start`
 * process: every decision of the Auto concurrency limit, one JSON line each, appended to
 * $BENCH_LIMIT_TRACE. The package is not changed: when n8n loads a module that exports
 * AdaptiveConcurrencyLimit (the built transport/concurrencyLimit.js), its prototype's `decide` (a round
 * closed: what the limit measured) and `change` (the limit moved) are wrapped.
 *
 * A round's line also has n8n's event-loop utilisation since the round before (share of the time its one
 * thread was busy): whether the latency the limit saw was Juspay's, or answers waiting for n8n.
 * It reads the limit's private fields (`current`, `phase`) as the built JavaScript names them: after a
 * rename they show as undefined, the trace is otherwise unchanged.
 */
const argv = process.argv.slice(2);
if (argv.includes('start') && process.env.BENCH_LIMIT_TRACE) {
	const fs = require('node:fs');
	const Module = require('node:module');
	const { performance } = require('node:perf_hooks');
	const file = process.env.BENCH_LIMIT_TRACE;
	const write = (entry) =>
		fs.appendFileSync(file, `${JSON.stringify({ t: Date.now(), ...entry })}\n`);

	const wrap = (Limit) => {
		const { decide, change } = Limit.prototype;
		const busySince = new WeakMap();
		Limit.prototype.decide = function (round) {
			const now = performance.eventLoopUtilization();
			const before = busySince.get(this);
			busySince.set(this, now);
			write({
				event: 'round',
				limit: this.current,
				phase: this.phase,
				meanInFlight: round.meanInFlight,
				medianLatencyMs: round.medianLatencyMs,
				answersPerSecond: Math.round(round.throughput * 1000),
				eventLoopBusy: before ? performance.eventLoopUtilization(now, before).utilization : null,
			});
			return decide.call(this, round);
		};
		Limit.prototype.change = function (limit, phase) {
			const from = this.current;
			const result = change.call(this, limit, phase);
			// `to` is where it went, within its bounds (a doubling past Max Concurrency stops there).
			write({ event: 'change', from, to: this.current, asked: limit, phase });
			return result;
		};
	};

	const wrapped = new WeakSet();
	const load = Module._load;
	Module._load = function (...args) {
		const exported = load.apply(this, args);
		const Limit = exported && exported.AdaptiveConcurrencyLimit;
		if (typeof Limit === 'function' && !wrapped.has(Limit)) {
			wrapped.add(Limit);
			wrap(Limit);
		}
		return exported;
	};
}
