'use strict';
/**
 * A throw-away Redis for tests: Debian's `redis-server` (scripts/install-redis.sh) on 127.0.0.1, a free
 * port, no persistence (`--save '' --appendonly no`), its working directory a temp folder that is removed on
 * stop. Only for the queue-mode test: n8n's Bull queue lives in it for the test's lifetime.
 *
 *   const redis = await startRedis();   // { host, port, pid, version, dir, logs(), stop() }
 *   await redis.stop();
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { freePort } = require('../n8n-runner');

/** The redis-server binary on PATH (or REDIS_SERVER), or undefined. */
function redisServerBinary() {
	const candidates = [process.env.REDIS_SERVER, 'redis-server', '/usr/bin/redis-server'].filter(
		Boolean,
	);
	for (const bin of candidates) {
		try {
			execFileSync(bin, ['--version'], { stdio: 'ignore' });
			return bin;
		} catch {
			/* next */
		}
	}
	return undefined;
}

async function startRedis({ timeoutMs = 20000 } = {}) {
	const bin = redisServerBinary();
	if (!bin) throw new Error('redis-server is not installed: run scripts/install-redis.sh');
	const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-e2e-'));
	const port = await freePort();
	const child = spawn(
		bin,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
			'--logfile',
			'',
		],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	let out = '';
	let exited = null;
	child.stdout.on('data', (b) => (out = (out + b.toString('utf8')).slice(-100000)));
	child.stderr.on('data', (b) => (out = (out + b.toString('utf8')).slice(-100000)));
	child.on('exit', (code, signal) => (exited = { code, signal }));

	const stop = async () => {
		if (!exited) {
			await new Promise((resolve) => {
				const t = setTimeout(() => {
					try {
						process.kill(-child.pid, 'SIGKILL');
					} catch {
						/* gone */
					}
					resolve();
				}, 5000);
				child.once('exit', () => {
					clearTimeout(t);
					resolve();
				});
				try {
					process.kill(-child.pid, 'SIGTERM');
				} catch {
					clearTimeout(t);
					resolve();
				}
			});
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	const stopSync = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};

	const deadline = Date.now() + timeoutMs;
	while (!/Ready to accept connections/.test(out)) {
		if (exited || Date.now() > deadline) {
			await stop();
			throw new Error(
				`redis-server did not start (${JSON.stringify(exited)}):\n${out.slice(-3000)}`,
			);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	return { host: '127.0.0.1', port, pid: child.pid, version, dir, logs: () => out, stop, stopSync };
}

module.exports = { startRedis, redisServerBinary };
