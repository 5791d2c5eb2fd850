'use strict';
/**
 * A throw-away PostgreSQL for trying the queue-mode scenario on n8n's recommended database (the jest test
 * uses one shared SQLite file, which n8n 2.8.4 accepts with a warning). Debian's `postgresql` package
 * (/usr/lib/postgresql/<v>/bin); a new cluster in a temp dir, trust auth, listening on 127.0.0.1 only on a
 * free port, its socket in the temp dir. PostgreSQL refuses to run as root: as root, the cluster runs as the
 * `postgres` user (created by the Debian package) through runuser.
 *
 *   const pg = await startPostgres();   // { host, port, database, user, password, pid, dir, stop() }
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { freePort } = require('../n8n-runner');

function pgBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

async function startPostgres({ timeoutMs = 30000 } = {}) {
	const bin = pgBinDir();
	if (!bin)
		throw new Error("PostgreSQL is not installed: apt-get install postgresql (Debian's package)");
	const asRoot = process.getuid && process.getuid() === 0;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-e2e-'));
	const data = path.join(dir, 'data');
	const as = (cmd, args) =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
	if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
	execFileSync(
		...as(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']),
		{
			stdio: 'ignore',
		},
	);
	const port = await freePort();
	const [cmd, args] = as(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	]);
	const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let out = '';
	let exited = null;
	child.stdout.on('data', (b) => (out = (out + b).slice(-50000)));
	child.stderr.on('data', (b) => (out = (out + b).slice(-50000)));
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
				}, 10000);
				child.once('exit', () => {
					clearTimeout(t);
					resolve();
				});
				try {
					process.kill(-child.pid, 'SIGINT'); // fast shutdown
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
	while (!/ready to accept connections/.test(out)) {
		if (exited || Date.now() > deadline) {
			await stop();
			throw new Error(`postgres did not start (${JSON.stringify(exited)}):\n${out.slice(-3000)}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	execFileSync(
		...as(path.join(bin, 'createdb'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'n8n',
		]),
	);
	return {
		type: 'postgresdb',
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'postgres',
		password: '',
		pid: child.pid,
		dir,
		logs: () => out,
		stop,
		stopSync,
	};
}

module.exports = { startPostgres, pgBinDir };
