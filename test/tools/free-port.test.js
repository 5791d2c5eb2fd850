'use strict';
/**
 * The test tools' `freePort`: n8n processes, Redis, PostgreSQL and the emulator each get one. The OS often offers
 * a just-closed port again (thousands of repeats in 20,000 `listen(0)` calls here), and CI once gave an n8n
 * instance's task broker and its main process the same port, so n8n refused to start. The end-to-end suites
 * run in two jest processes at once, so two processes must not be handed the same port either.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// Reservations of their own: the thousands made here must not crowd out a test run beside this one, nor
// its reservations these. Set before tools/process.js is loaded, and passed to the processes started here.
const RESERVATIONS = fs.mkdtempSync(path.join(os.tmpdir(), 'free-port-test-'));
process.env.JUSPAY_PORT_RESERVATIONS_DIR = RESERVATIONS;
afterAll(() => fs.rmSync(RESERVATIONS, { recursive: true, force: true }));

const { freePort } = require('../../tools/process');
const processModule = path.resolve(__dirname, '../../tools/process.js');

/**
 * A new node process that asks freePort for `count` ports and keeps them (its reservations) until
 * `exit()`: `ports` is what it was handed. Its env is given: jest's process.env is the test's own copy,
 * which child_process would not see.
 */
function portsInAnotherProcess(count) {
	const script = `const { freePort } = require(${JSON.stringify(processModule)});
		(async () => {
			const ports = [];
			for (let i = 0; i < ${count}; i++) ports.push(await freePort());
			console.log(JSON.stringify(ports));
			process.stdin.resume().on('end', () => process.exit(0));
		})();`;
	const child = spawn(process.execPath, ['-e', script], { env: { ...process.env } });
	let stdout = '';
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise((resolve) => child.on('exit', resolve));
	const ports = new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (stdout.endsWith('\n')) resolve(JSON.parse(stdout));
		});
		child.on('exit', (code) =>
			reject(new Error(`exited (${code}) before printing its ports: ${stderr}`)),
		);
	});
	return {
		ports,
		exit: async () => {
			child.stdin.end();
			expect(await exited).toBe(0);
		},
	};
}

test('freePort never hands out the same port twice in one process', async () => {
	const seen = new Set();
	for (let i = 0; i < 3000; i++) {
		const port = await freePort();
		expect(seen.has(port)).toBe(false);
		seen.add(port);
	}
});

test('a port from freePort can be listened on at 127.0.0.1', async () => {
	const port = await freePort();
	const server = net.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	expect(server.address().port).toBe(port);
	await new Promise((resolve) => server.close(resolve));
});

test('two processes asking at the same time are never handed the same port', async () => {
	// Both keep their ports until both have been handed theirs: a process that has exited holds none.
	const processes = [portsInAnotherProcess(500), portsInAnotherProcess(500)];
	const [first, second] = await Promise.all(processes.map((p) => p.ports));
	await Promise.all(processes.map((p) => p.exit()));
	expect(first).toHaveLength(500);
	expect(second).toHaveLength(500);
	const both = new Set(first);
	expect(second.filter((port) => both.has(port))).toEqual([]);
});

test("a process's reservations end when it exits; another process's stay", async () => {
	const reserved = () => new Set(fs.readdirSync(RESERVATIONS).map(Number));
	// This process's own reservations (the tests above) are live: a port it holds is not handed out again.
	const mine = reserved();
	expect(mine.size).toBeGreaterThanOrEqual(3001);
	const other = portsInAnotherProcess(50);
	const ports = await other.ports;
	expect(ports).toHaveLength(50);
	expect(reserved()).toEqual(new Set([...mine, ...ports]));
	await other.exit();
	expect(ports.filter((port) => mine.has(port))).toEqual([]);
	// That process has exited: its 50 are free to reserve again, this one's are all still there.
	expect(reserved()).toEqual(mine);
});
