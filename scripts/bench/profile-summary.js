'use strict';
/**
 * Summarises a V8 .cpuprofile (written by the n8n server under --cpu-prof) for one time window: where the
 * n8n process spent its CPU while the measured run went on. Self time is added up per function and per
 * "place" (an npm package, this package's dist, node's internals), which is enough to say whether the cost
 * is n8n's expression evaluation, axios, credential handling, or our own code.
 *
 * The window comes from the bench process's process.hrtime(): V8's profile timestamps and libuv's hrtime
 * are both CLOCK_MONOTONIC in the same machine, so they line up (µs).
 */
const fs = require('node:fs');

function place(url) {
	if (!url) return '(native / V8)';
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.replace(/.*\.n8n-runtime\/[^/]+\//, ''));
	if (/\/work\/main\/dist\//.test(url) || /\/dist\/nodes\/JuspayPayout\//.test(url)) return 'n8n-nodes-juspay-payout (this node)';
	if (m) {
		// The last node_modules segment is the package that owns the code.
		const all = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
		return all.length ? all[all.length - 1][1] : m[1];
	}
	if (url.startsWith('node:')) return 'node internals';
	return url;
}

function summarise(file, { fromUs = -Infinity, toUs = Infinity, top = 25 } = {}) {
	const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(prof.nodes.map((n) => [n.id, n]));
	const selfByNode = new Map();
	let t = prof.startTime;
	let total = 0;
	for (let i = 0; i < prof.samples.length; i++) {
		t += prof.timeDeltas[i];
		if (t < fromUs || t > toUs) continue;
		const dt = i + 1 < prof.timeDeltas.length ? prof.timeDeltas[i + 1] : 0;
		selfByNode.set(prof.samples[i], (selfByNode.get(prof.samples[i]) || 0) + dt);
		total += dt;
	}
	const byFn = new Map();
	const byPlace = new Map();
	let idle = 0;
	for (const [id, us] of selfByNode) {
		const n = byId.get(id);
		const cf = n.callFrame;
		if (cf.functionName === '(idle)') {
			idle += us;
			continue;
		}
		const shortUrl = (cf.url || '').replace(/^file:\/\//, '').replace(/.*node_modules\//, '');
		const key = `${cf.functionName || '(anonymous)'}  ${shortUrl}:${cf.lineNumber + 1}`;
		byFn.set(key, (byFn.get(key) || 0) + us);
		const p = cf.url ? place(cf.url.replace(/^file:\/\//, '')) : cf.functionName; // (garbage collector), (program)
		byPlace.set(p, (byPlace.get(p) || 0) + us);
	}
	const busy = total - idle;
	const sortDesc = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
	return {
		windowMs: Math.round(total / 1000),
		busyMs: Math.round(busy / 1000),
		idleMs: Math.round(idle / 1000),
		byPlace: sortDesc(byPlace).slice(0, 15).map(([k, us]) => ({ place: k, ms: Math.round(us / 1000), pct: pct(us, busy) })),
		topFunctions: sortDesc(byFn).slice(0, top).map(([k, us]) => ({ fn: k, ms: Math.round(us / 1000), pct: pct(us, busy) })),
	};
}

const pct = (x, of) => Math.round((1000 * x) / of) / 10;

module.exports = { summarise };
