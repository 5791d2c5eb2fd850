'use strict';
/**
 * Loopback ports and child process groups: what every tool that starts a server needs (the n8n runner, the
 * throw-away Redis and PostgreSQL, the scripts). Servers here listen on 127.0.0.1 only.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/**
 * A port from `freePort` is free only until someone binds it, and the OS may offer the same port to the next
 * `listen(0)` before the first taker has started: CI once gave an n8n instance's task broker and its main
 * process the same port, and n8n refused to start ("Task Broker's port … is already in use"). The end-to-end
 * suites run in two jest processes at once, so the OS may also offer one port to both. So a port is handed
 * out at most once per process (`handedOut`), and only after this process has reserved it on the machine: a
 * file named after it, created exclusively in RESERVED_DIR. A reservation lasts until the process that made
 * it exits (it holds the port's taker, which a test stops first), or RESERVATION_MS for a process that was
 * killed; by then the OS itself keeps a bound port from being offered again. Released at exit, because the
 * OS offers only part of its range to listen(0): reservations left for ten minutes by a few test runs in a
 * row (4,000 ports each) used up what it offered, and freePort failed.
 *
 * JUSPAY_PORT_RESERVATIONS_DIR moves the reservations elsewhere (the tests of freePort itself use their own).
 */
const handedOut = new Set();
const RESERVED_DIR =
	process.env.JUSPAY_PORT_RESERVATIONS_DIR ??
	path.join(os.tmpdir(), 'n8n-nodes-juspay-payout-ports');
const RESERVATION_MS = 10 * 60 * 1000;
/** The reservation files this process made, released when it exits. */
const reservedHere = new Set();
const OWNER = String(process.pid);

/**
 * Reserves `file` for this process: creates it, holding this process's pid, if it does not exist yet (false
 * when it does; atomic: of two processes, one gets it), to be released at exit.
 */
function claim(file) {
	try {
		fs.writeFileSync(file, OWNER, { flag: 'wx' });
	} catch (error) {
		if (error.code === 'EEXIST') return false;
		throw error;
	}
	reservedHere.add(file);
	return true;
}

/** Removes this process's reservations; one that another process took over (stale) is theirs now. */
function releaseReservations() {
	for (const file of reservedHere) {
		try {
			if (fs.readFileSync(file, 'utf8') === OWNER) fs.rmSync(file, { force: true });
		} catch {
			// gone already
		}
	}
	reservedHere.clear();
}

/** True when `file` was last written more than RESERVATION_MS ago, or is gone. */
function isStale(file) {
	try {
		return Date.now() - fs.statSync(file).mtimeMs > RESERVATION_MS;
	} catch {
		return true;
	}
}

let reservedDirMade = false;

/** Reserves `port` for this process, machine-wide; false when another process holds a live reservation. */
function reserve(port) {
	if (!reservedDirMade) {
		fs.mkdirSync(RESERVED_DIR, { recursive: true });
		process.once('exit', releaseReservations);
		reservedDirMade = true;
	}
	const file = path.join(RESERVED_DIR, String(port));
	if (claim(file)) return true;
	if (!isStale(file)) return false;
	// Two processes may find the same stale file: the rename is atomic, so only one of them removes it (the
	// other gets ENOENT and looks further), and then only one can create it anew.
	const aside = `${file}.${process.pid}.${Date.now()}`;
	try {
		fs.renameSync(file, aside);
		fs.rmSync(aside, { force: true });
	} catch (error) {
		if (error.code !== 'ENOENT') throw error;
	}
	return claim(file);
}

/**
 * A port on 127.0.0.1 that the OS says is free right now, that this process has not handed out before and
 * that no other running process has reserved.
 */
async function freePort() {
	for (let tries = 0; tries < 200; tries++) {
		const port = await listeningPort();
		if (handedOut.has(port)) continue;
		handedOut.add(port);
		if (reserve(port)) return port;
	}
	throw new Error(
		`no free loopback port that was not handed out before (${handedOut.size} tried; reservations in ${RESERVED_DIR})`,
	);
}

/** The port the OS gives a fresh listener on 127.0.0.1, closed again. */
function listeningPort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** True when nothing listens on 127.0.0.1:port. */
function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** `wanted` when it is free, else a free port (then `onTaken(port)` is told which). */
async function portOr(wanted, onTaken = () => {}) {
	if (await portIsFree(wanted)) return wanted;
	const port = await freePort();
	onTaken(port);
	return port;
}

/**
 * Send `signal` to the process group of a child started with { detached: true } (the child and whatever it
 * started, e.g. n8n's task runner). False when the group is already gone.
 */
function killGroup(child, signal) {
	if (!child || !child.pid) return false;
	try {
		process.kill(-child.pid, signal);
		return true;
	} catch {
		return false;
	}
}

/**
 * SIGTERM a child's process group and wait for the child to exit; SIGKILL the group after `graceMs`, and
 * once more at the end for leftovers (a task runner that outlived its parent).
 */
async function stopGroup(child, { signal = 'SIGTERM', graceMs = 10000, exited = false } = {}) {
	if (!exited) {
		await new Promise((resolve) => {
			const t = setTimeout(() => {
				killGroup(child, 'SIGKILL');
				resolve();
			}, graceMs);
			child.once('exit', () => {
				clearTimeout(t);
				resolve();
			});
			if (!killGroup(child, signal)) {
				clearTimeout(t);
				resolve();
			}
		});
	}
	killGroup(child, 'SIGKILL');
}

/** Poll `check` (sync or async) every `intervalMs` until it is truthy; throws after `timeoutMs`. */
async function waitFor(check, timeoutMs, what, intervalMs = 100) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/** The last `max` characters of a growing output buffer. */
function keepTail(s, max = 200000) {
	return s.length > max ? s.slice(s.length - max) : s;
}

/** The last `lines` lines of a text, for error messages. */
function tail(s, lines = 40) {
	return String(s || '')
		.split('\n')
		.slice(-lines)
		.join('\n');
}

module.exports = { freePort, portIsFree, portOr, killGroup, stopGroup, waitFor, keepTail, tail };
