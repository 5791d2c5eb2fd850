'use strict';
/**
 * Which TCP/UDP sockets a set of processes (and all their descendants) listen on, from `ss -ltunpH`:
 * [{ proto, local, address, port, pid, command }]. Used to prove that everything a test starts listens on
 * loopback only.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

/** pid -> parent pid for every process visible in /proc. */
function parentMap() {
	const parents = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ')'
			const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(rest[1]));
		} catch {
			/* exited meanwhile */
		}
	}
	return parents;
}

/** The given pids plus every descendant of them. */
function withDescendants(pids) {
	const parents = parentMap();
	const all = new Set(pids.filter(Boolean).map(Number));
	let grew = true;
	while (grew) {
		grew = false;
		for (const [pid, ppid] of parents) {
			if (!all.has(pid) && all.has(ppid)) {
				all.add(pid);
				grew = true;
			}
		}
	}
	return all;
}

function splitHostPort(local) {
	const i = local.lastIndexOf(':');
	return {
		address: local
			.slice(0, i)
			.replace(/^\[|\]$/g, '')
			.replace(/%.*$/, ''),
		port: Number(local.slice(i + 1)),
	};
}

/** Listening sockets of `pids` and their descendants. */
function listeningSockets(pids) {
	const mine = withDescendants(pids);
	const text = execFileSync('ss', ['-ltunpH'], { encoding: 'utf8' });
	const sockets = [];
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		const cols = line.trim().split(/\s+/);
		const proto = cols[0];
		const local = cols[4];
		for (const m of line.matchAll(/\("([^"]*)",pid=(\d+),fd=\d+\)/g)) {
			const pid = Number(m[2]);
			if (!mine.has(pid)) continue;
			sockets.push({ proto, local, ...splitHostPort(local), pid, command: m[1] });
		}
	}
	return sockets;
}

const isLoopback = (address) =>
	address === '127.0.0.1' ||
	address === '::1' ||
	address === '::ffff:127.0.0.1' ||
	/^127\./.test(address);

module.exports = { listeningSockets, withDescendants, isLoopback };
