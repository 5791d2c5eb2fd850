'use strict';
/** The CLI: flags, the printed banner, serving on 127.0.0.1, stopping on a signal. */
const path = require('node:path');
const { spawn } = require('node:child_process');
const { request, paths } = require('./helpers');

const CLI = path.join(__dirname, '..', '..', 'tools', 'emulator', 'cli.js');

/** Starts the CLI and resolves once it prints its URL; the child is always stopped by the test. */
function startCli(args) {
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal, out, err })),
	);
	const ready = new Promise((resolve, reject) => {
		child.stdout.on('data', (d) => {
			out += d;
			const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(out);
			if (m) resolve({ url: m[1], port: Number(m[2]) });
		});
		child.stderr.on('data', (d) => {
			err += d;
		});
		child.on('exit', () => reject(new Error(`cli exited early: ${out}${err}`)));
	});
	return { child, ready, exited, output: () => out };
}

test('serves with the given key and merchant, prints its settings, stops on SIGTERM', async () => {
	const cli = startCli([
		'--port',
		'0',
		'--api-key',
		'cli_key_fake',
		'--merchant-id',
		'cli_merchant',
		'--latency-ms',
		'5',
		'--pick-delay-ms=250',
		'--rate-limit',
		'50',
		'--seed',
		'9',
		'--fault-rates',
		'http503=0',
	]);
	const { url, port } = await cli.ready;
	const emu = { url, apiKey: 'cli_key_fake', merchantId: 'cli_merchant' };
	expect((await request(emu, 'GET', paths.balance)).status).toBe(200);
	expect(
		(await request({ ...emu, apiKey: 'test_key_fake_123' }, 'GET', paths.balance)).json.errorCode,
	).toBe('E02');
	cli.child.kill('SIGTERM');
	const { code, out } = await cli.exited;
	expect(code).toBe(0);
	expect(out).toBe(
		[
			`Juspay Payout emulator listening on http://127.0.0.1:${port}`,
			'  api key (username, empty password): cli_key_fake',
			'  x-merchantid:                       cli_merchant',
			'  pick delay 250 ms, gateway delay 1000 ms, cancel delay 300 ms',
			'  latency 5 ms, rate limit 50/s',
			'  faults {"http503":0} seed 9',
			'  defaults: port 8787, api key test_key_fake_123, merchant test_merchant; --help for options',
			'  stop with Ctrl+C',
			'SIGTERM: stopping the emulator',
			'',
		].join('\n'),
	);
});

test('defaults are printed as such, SIGINT stops it too', async () => {
	const cli = startCli(['--port', '0']);
	await cli.ready;
	expect(cli.output()).toContain(
		'  api key (username, empty password): test_key_fake_123   (default)\n',
	);
	expect(cli.output()).toContain('  faults off\n');
	cli.child.kill('SIGINT');
	expect((await cli.exited).code).toBe(0);
});

test.each([
	[['--bogus'], 'unknown option --bogus'],
	[['--port'], '--port needs a value'],
	[['--latency-ms', 'fast'], '--latency-ms needs a whole number >= 0, got fast'],
	[['--latency-free-in-flight', '8'], '--latency-free-in-flight needs --latency-per-in-flight-ms'],
])('bad arguments %j exit 2 with usage', async (args, message) => {
	const cli = startCli(args);
	cli.ready.catch(() => {});
	const { code, err } = await cli.exited;
	expect(code).toBe(2);
	expect(err).toContain(message);
	expect(err).toContain('usage: node tools/emulator/cli.js');
});

test('--latency-per-in-flight-ms with --latency-free-in-flight: latency grows with the load, and the banner says so', async () => {
	const cli = startCli([
		'--port',
		'0',
		'--latency-ms',
		'5',
		'--latency-per-in-flight-ms',
		'3',
		'--latency-free-in-flight',
		'16',
	]);
	await cli.ready;
	expect(cli.output()).toContain(
		'  latency 5 ms + 3 ms per request in flight beyond 16, rate limit off\n',
	);
	cli.child.kill('SIGTERM');
	expect((await cli.exited).code).toBe(0);
});
