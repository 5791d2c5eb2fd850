'use strict';
/**
 * A server process a test starts and owns (Redis, PostgreSQL): started detached in its own process group,
 * its output kept, awaited until it prints that it is ready, and stopped with its whole group — gently,
 * then SIGKILL after a grace period — with its temp folder removed.
 *
 *   const server = await startThrowawayServer({ name, cmd, args, dir, ready: /ready/, stopSignal, graceMs });
 *   // server.pid, server.logs(), await server.stop(), server.stopSync() (for process.on('exit'))
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');

const { killGroup, stopGroup } = require('../process');

const KEPT_OUTPUT = 100000;

async function startThrowawayServer({
	name,
	cmd,
	args,
	dir,
	ready,
	stopSignal = 'SIGTERM',
	graceMs = 5000,
	timeoutMs = 20000,
	pollMs = 50,
}) {
	const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let out = '';
	let exited = null;
	const keep = (b) => (out = (out + b.toString('utf8')).slice(-KEPT_OUTPUT));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	child.on('exit', (code, signal) => (exited = { code, signal }));

	const stop = async () => {
		await stopGroup(child, { signal: stopSignal, graceMs, exited: Boolean(exited) });
		fs.rmSync(dir, { recursive: true, force: true });
	};
	const stopSync = () => {
		killGroup(child, 'SIGKILL');
		fs.rmSync(dir, { recursive: true, force: true });
	};

	const deadline = Date.now() + timeoutMs;
	while (!ready.test(out)) {
		if (exited || Date.now() > deadline) {
			await stop();
			throw new Error(`${name} did not start (${JSON.stringify(exited)}):\n${out.slice(-3000)}`);
		}
		await new Promise((r) => setTimeout(r, pollMs));
	}
	return { pid: child.pid, logs: () => out, stop, stopSync };
}

module.exports = { startThrowawayServer };
