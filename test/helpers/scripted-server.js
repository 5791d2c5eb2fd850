'use strict';
/**
 * A tiny HTTP server on 127.0.0.1 that answers each request with whatever the test scripted, for the
 * answers the emulator has no reason to give (a 403 E08, a 400 E05, a proxy's HTML page, …).
 * Records every request like the emulator does.
 */
const http = require('node:http');

async function startScriptedServer(respond) {
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			requests.push({ at: Date.now(), method: req.method, url: req.url, headers: req.headers, body });
			const answer = respond(req) ?? { status: 200, body: {} };
			const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
			res.writeHead(answer.status, {
				'content-type': answer.contentType ?? 'application/json',
				...(answer.headers ?? {}),
			});
			res.end(text);
		});
	});
	const sockets = new Set();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		requests,
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

/** A loopback port with nothing listening on it: bind one, note it, close it. */
async function closedPort() {
	const server = http.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	await new Promise((resolve) => server.close(resolve));
	return port;
}

module.exports = { startScriptedServer, closedPort };
