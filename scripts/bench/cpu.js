'use strict';
/**
 * CPU time (user + system) a process and its children have used, from /proc/<pid>/stat. Compared with a
 * row's wall time it says who is busy: an n8n main process whose CPU time is close to the node's time is
 * saturated on its one JavaScript thread, so more concurrency cannot help; the emulator's CPU time says how
 * much of the 2 cores the server side takes.
 */
const fs = require('node:fs');
const { childPids } = require('./memory');

const TICKS_PER_SECOND = 100; // USER_HZ on Linux (getconf CLK_TCK)

function cpuMsOf(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields after the name: state(0) ppid(1) … utime(11) stime(12)
		return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND;
	} catch {
		return null;
	}
}

/** CPU time the whole machine spent busy (all cores), from the first line of /proc/stat. */
function machineBusyMs() {
	try {
		const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
		// cpu  user nice system idle iowait irq softirq steal …
		const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
		return ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / TICKS_PER_SECOND;
	} catch {
		return null;
	}
}

/**
 * Snapshot of several processes, plus the machine's busy time: the difference is what OTHER processes
 * (other people's tests on a shared machine) took from the 2 cores during a row — reported, because it
 * slows n8n and the emulator and so every row that ran at the same time.
 */
function snapshotWithMachine(pids) {
	return { ...snapshot(pids), bench: Math.round(process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000), machine: machineBusyMs() };
}

/** Snapshot of several processes; `children` adds the direct children of the first (n8n's task runner). */
function snapshot(pids) {
	const out = {};
	for (const [name, pid] of Object.entries(pids)) {
		if (pid) out[name] = cpuMsOf(pid);
	}
	if (pids.n8n) {
		out.n8nChildren = childPids(pids.n8n).reduce((s, p) => s + (cpuMsOf(p) || 0), 0);
	}
	return out;
}

function diff(before, after) {
	const out = {};
	for (const k of Object.keys(after)) {
		if (typeof after[k] === 'number' && typeof before[k] === 'number') out[k] = Math.round(after[k] - before[k]);
	}
	if (typeof out.machine === 'number') {
		const ours = ['n8n', 'n8nChildren', 'emulator', 'bench'].reduce((s, k) => s + (out[k] || 0), 0);
		out.others = Math.max(0, out.machine - ours);
	}
	return out;
}

module.exports = { snapshot, snapshotWithMachine, diff, cpuMsOf, machineBusyMs };
