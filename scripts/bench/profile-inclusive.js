'use strict';
/**
 * Where n8n's CPU goes per cancel, by what the package can or cannot change: inclusive time (a function
 * and everything it calls) of a few stages of one request, from a V8 .cpuprofile and a time window.
 *
 * Self time (./profile-summary.js) says "node internals 33 %", which does not say whose request built
 * those sockets. Here every sample is attributed to the FIRST stage found walking its stack from the root
 * down, so the stages do not overlap and add up to at most the busy time:
 *
 *   credential: n8n resolving the credential's `authenticate` (expressions, or our function)
 *   http:       n8n's httpRequest (axios, agents, sockets, the answer's parsing)
 *   package:    this package's own code outside those two (parsing, redaction, items)
 *   node-exec:  the rest of the node's execution (n8n's helpers called from the package)
 *   database, expressions elsewhere, other: n8n's engine and REST
 *
 * Usage (also from the bench's --profile): node scripts/bench/profile-inclusive.js <file.cpuprofile>
 * [fromUs toUs] [--callers fnName] (--callers: the stacks that lead to fnName, heaviest first).
 */
const fs = require('node:fs');

/** Stages by the frame that opens them (function name and a part of the script's path). */
const STAGES = [
	{ stage: 'credential (authenticate)', fn: 'authenticate', url: 'credentials-helper' },
	{ stage: 'credential (getCredentials)', fn: 'getCredentials', url: '' },
	{ stage: 'http (n8n httpRequest → axios)', fn: 'httpRequest', url: 'request-helper-functions' },
	{
		stage: 'http (n8n httpRequest → axios)',
		fn: 'proxyRequestToAxios',
		url: 'request-helper-functions',
	},
	{ stage: 'database (typeorm, sqlite)', fn: '', url: '@n8n/typeorm' },
	{ stage: 'database (typeorm, sqlite)', fn: '', url: 'sqlite3' },
	{ stage: 'node parameters (expressions)', fn: 'getNodeParameter', url: '' },
];

function isPackage(url) {
	return /\/nodes\/JuspayPayout\/|\/credentials\/JuspayPayoutApi/.test(url);
}

function load(file) {
	const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(prof.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);
	return { prof, byId, parent };
}

/** The stack of a sample, root first. */
function stackOf({ byId, parent }, id) {
	const out = [];
	for (let cur = id; cur !== undefined; cur = parent.get(cur)) out.push(byId.get(cur));
	return out.reverse();
}

function samplesIn(prof, fromUs, toUs) {
	const out = [];
	let t = prof.startTime;
	for (let i = 0; i < prof.samples.length; i++) {
		t += prof.timeDeltas[i];
		if (t < fromUs || t > toUs) continue;
		const dt = i + 1 < prof.timeDeltas.length ? prof.timeDeltas[i + 1] : 0;
		out.push([prof.samples[i], dt]);
	}
	return out;
}

function stageOf(stack) {
	let inPackage = false;
	for (const node of stack) {
		const { functionName: fn, url } = node.callFrame;
		for (const s of STAGES) {
			if ((s.fn === '' || fn === s.fn) && (s.url === '' || url.includes(s.url))) return s.stage;
		}
		if (isPackage(url)) inPackage = true;
	}
	const leaf = stack[stack.length - 1].callFrame;
	if (leaf.functionName === '(idle)') return null;
	if (inPackage)
		return isPackage(leaf.url) ? 'package (own code)' : 'package (calls into n8n/node)';
	if (leaf.functionName === '(garbage collector)') return 'garbage collector';
	return 'engine, REST, other';
}

/** Inclusive ms per stage within [fromUs, toUs]. */
function stages(file, { fromUs = -Infinity, toUs = Infinity } = {}) {
	const loaded = load(file);
	const cache = new Map();
	const totals = new Map();
	let busy = 0;
	for (const [id, dt] of samplesIn(loaded.prof, fromUs, toUs)) {
		if (!cache.has(id)) cache.set(id, stageOf(stackOf(loaded, id)));
		const stage = cache.get(id);
		if (stage === null) continue;
		busy += dt;
		totals.set(stage, (totals.get(stage) || 0) + dt);
	}
	return {
		busyMs: Math.round(busy / 1000),
		byStage: [...totals.entries()]
			.sort((a, b) => b[1] - a[1])
			.map(([stage, us]) => ({ stage, ms: Math.round(us / 1000) })),
	};
}

/** The heaviest call paths ending in a function named `fnName` (the last `depth` frames of each). */
function callers(file, fnName, { fromUs = -Infinity, toUs = Infinity, depth = 8, top = 8 } = {}) {
	const loaded = load(file);
	const paths = new Map();
	for (const [id, dt] of samplesIn(loaded.prof, fromUs, toUs)) {
		const stack = stackOf(loaded, id);
		const at = stack.findIndex((n) => n.callFrame.functionName === fnName);
		if (at < 0) continue;
		const key = stack
			.slice(Math.max(0, at - depth), at + 1)
			.map(
				(n) =>
					`${n.callFrame.functionName || '(anon)'}@${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/')}:${n.callFrame.lineNumber + 1}`,
			)
			.join('\n    ← ');
		paths.set(key, (paths.get(key) || 0) + dt);
	}
	return [...paths.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([path, us]) => ({ ms: Math.round(us / 1000), path }));
}

if (require.main === module) {
	const [file, ...rest] = process.argv.slice(2);
	const i = rest.indexOf('--callers');
	const fnName = i >= 0 ? rest.splice(i, 2)[1] : null;
	const [fromUs, toUs] = rest.map(Number);
	const window = { fromUs: fromUs || -Infinity, toUs: toUs || Infinity };
	if (fnName) {
		for (const c of callers(file, fnName, window))
			console.log(`${c.ms} ms\n    ${c.path.split('\n    ← ').reverse().join('\n    ← ')}\n`);
	} else {
		console.log(JSON.stringify(stages(file, window), null, 2));
	}
}

module.exports = { stages, callers };
