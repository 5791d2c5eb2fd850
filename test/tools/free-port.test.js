'use strict';
/**
 * The test tools' `freePort`: n8n processes, Redis, PostgreSQL and the emulator each get one. The OS often offers
 * a just-closed port again (thousands of repeats in 20,000 `listen(0)` calls here), and CI once gave an n8n
 * instance's task broker and its main process the same port, so n8n refused to start. The end-to-end suites
 * run in two jest processes at once, so two processes must not be handed the same port either.
 */
const { execFile } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { promisify } = require('node:util');
const { freePort } = require('../../tools/process');

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
	const processModule = path.resolve(__dirname, '../../tools/process.js');
	const script = `const { freePort } = require(${JSON.stringify(processModule)});
		(async () => { const ports = []; for (let i = 0; i < 500; i++) ports.push(await freePort()); console.log(JSON.stringify(ports)); })();`;
	const ask = () => promisify(execFile)(process.execPath, ['-e', script]).then(({ stdout }) => JSON.parse(stdout));
	const [first, second] = await Promise.all([ask(), ask()]);
	expect(first).toHaveLength(500);
	expect(second).toHaveLength(500);
	const both = new Set(first);
	expect(second.filter((port) => both.has(port))).toEqual([]);
});
