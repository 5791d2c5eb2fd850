'use strict';
/**
 * Child-process side of the benchmark's emulator (forked by ./emulator-client.js).
 *
 * Why a child process and not the bench process itself: the bench process also runs the bare Node.js
 * client (row d). If the emulator shared its event loop, the floor would pay for the server's work too and
 * look slower than it is, which would flatter the node. As a child, the emulator has its own event loop
 * (and, on 2 cores, its own core) for every row alike: n8n vs emulator, bare client vs emulator.
 *
 * The control plane (createOrder, the request log) is in-process only, so it is driven over the IPC
 * channel. The log is summarised here: shipping 10,000 entries with their headers to the parent would
 * cost more than the summary and is never needed.
 */
const { startEmulator } = require('../../tools/emulator');

let emu = null;
let orderSeq = 0;

/**
 * How many requests the client kept in flight, seen from the server: the mean over the whole run
 * (Little's law: the sum of every request's time in the server over the run's span), and over its second
 * half (where an adaptive limit has settled) the median number in flight when a request arrived, itself
 * included, with the median and 90th percentile latency. Answered requests only.
 */
function concurrencySeen(log) {
	const answered = log.filter((e) => e.answeredAt !== null && e.answeredAt !== undefined);
	if (answered.length === 0) return { inFlight: null };
	const first = Math.min(...answered.map((e) => e.at));
	const last = Math.max(...answered.map((e) => e.answeredAt));
	const busy = answered.reduce((sum, e) => sum + (e.answeredAt - e.at), 0);
	const half = (first + last) / 2;
	const late = answered.filter((e) => e.at >= half);
	const pick = (values, q) => {
		const v = [...values].sort((a, b) => a - b);
		return v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))] : null;
	};
	return {
		inFlight: {
			meanWholeRun: last > first ? Math.round((10 * busy) / (last - first)) / 10 : null,
			medianSecondHalf: pick(
				late.map((e) => e.inFlight),
				0.5,
			),
			p90SecondHalf: pick(
				late.map((e) => e.inFlight),
				0.9,
			),
			latencyMedianSecondHalfMs: pick(
				late.map((e) => e.answeredAt - e.at),
				0.5,
			),
			latencyP90SecondHalfMs: pick(
				late.map((e) => e.answeredAt - e.at),
				0.9,
			),
			latencyMedianMs: pick(
				answered.map((e) => e.answeredAt - e.at),
				0.5,
			),
		},
	};
}

const commands = {
	async start(options) {
		emu = await startEmulator({ port: 0, ...options });
		return { url: emu.url, settings: emu.settings() };
	},

	/** Create n orders of one fulfillment each; returns the fulfillment ids (random, so they must travel). */
	createFulfillments({ n, prefix, orderBody }) {
		const ids = new Array(n);
		for (let i = 0; i < n; i++) {
			const body = JSON.parse(JSON.stringify(orderBody));
			body.orderId = `${prefix}_${++orderSeq}`;
			ids[i] = emu.createOrder(body).fulfillments[0].id;
		}
		return ids;
	},

	configure(changes) {
		emu.configure(changes);
		return emu.settings();
	},

	/** Each request since the last clearLog(), as [ms since the first, status, in flight, latency ms]. */
	timeline() {
		const log = emu.requestLog;
		const first = log.length ? log[0].at : 0;
		return log.map((e) => [
			e.at - first,
			e.status,
			e.inFlight,
			e.answeredAt === null ? null : e.answeredAt - e.at,
		]);
	},

	/** What the log says since the last clearLog(): requests, answers by status, distinct ids accepted. */
	stats() {
		const byStatus = {};
		const accepted = new Set();
		let first = Infinity;
		let last = -Infinity;
		let cancels = 0;
		let maxPerId = 0;
		const perId = new Map();
		for (const e of emu.requestLog) {
			const key = e.status === null ? 'none' : String(e.status);
			byStatus[key] = (byStatus[key] || 0) + 1;
			if (e.fulfillmentId !== null) {
				cancels++;
				const n = (perId.get(e.fulfillmentId) || 0) + 1;
				perId.set(e.fulfillmentId, n);
				if (n > maxPerId) maxPerId = n;
				if (e.status === 200) accepted.add(e.fulfillmentId);
			}
			if (e.at < first) first = e.at;
			if (e.at > last) last = e.at;
		}
		return {
			...concurrencySeen(emu.requestLog),
			requests: emu.requestLog.length,
			cancelRequests: cancels,
			byStatus,
			acceptedIds: accepted.size,
			maxRequestsPerId: maxPerId,
			firstAt: Number.isFinite(first) ? first : null,
			lastAt: Number.isFinite(last) ? last : null,
		};
	},

	clearLog() {
		emu.clearLog();
		return true;
	},

	async close() {
		if (emu) await emu.close();
		emu = null;
		return true;
	},
};

process.on('message', async (msg) => {
	if (!msg || typeof msg.id !== 'number') return;
	try {
		const fn = commands[msg.cmd];
		if (!fn) throw new Error(`unknown command ${msg.cmd}`);
		const result = await fn(msg.args);
		process.send({ id: msg.id, result });
	} catch (err) {
		process.send({ id: msg.id, error: String((err && err.stack) || err) });
	}
	if (msg.cmd === 'close') process.disconnect();
});

// The parent going away (Ctrl-C, crash) closes the IPC channel: never outlive it.
process.on('disconnect', async () => {
	if (emu) await emu.close().catch(() => {});
	process.exit(0);
});
