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
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { freePort } = require('../process');
const { startThrowawayServer } = require('./throwaway-server');

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
	const server = await startThrowawayServer({
		name: 'postgres',
		cmd,
		args,
		dir,
		ready: /ready to accept connections/,
		stopSignal: 'SIGINT', // fast shutdown
		graceMs: 10000,
		timeoutMs,
		pollMs: 100,
	});
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
		dir,
		...server,
	};
}

module.exports = { startPostgres, pgBinDir };
