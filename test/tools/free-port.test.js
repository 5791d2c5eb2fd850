'use strict';
/**
 * The test tools' `freePort`: n8n processes, Redis, PostgreSQL and the emulator each get one. The OS often offers
 * a just-closed port again (thousands of repeats in 20,000 `listen(0)` calls here), and CI once gave an n8n
 * instance's task broker and its main process the same port, so n8n refused to start.
 */
const net = require('node:net');
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
