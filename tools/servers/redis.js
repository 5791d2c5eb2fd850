'use strict';
/**
 * A throw-away Redis for tests: Debian's `redis-server` (scripts/install-redis.sh) on 127.0.0.1, a free
 * port, no persistence (`--save '' --appendonly no`), its working directory a temp folder that is removed on
 * stop. Only for the queue-mode test: n8n's Bull queue lives in it for the test's lifetime.
 *
 *   const redis = await startRedis();   // { host, port, pid, version, dir, logs(), stop() }
 *   await redis.stop();
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { freePort } = require('../process');
const { startThrowawayServer } = require('./throwaway-server');

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
	const server = await startThrowawayServer({
		name: 'redis-server',
		cmd: bin,
		args: [
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
		dir,
		ready: /Ready to accept connections/,
		timeoutMs,
	});
	return { host: '127.0.0.1', port, version, dir, ...server };
}

module.exports = { startRedis, redisServerBinary };
