'use strict';
/**
 * Parent side: forks ./emulator-process.js and offers its commands as promises.
 * See emulator-process.js for why the emulator runs in its own process.
 */
const { fork } = require('node:child_process');
const path = require('node:path');

async function startEmulatorProcess(options) {
	const child = fork(path.join(__dirname, 'emulator-process.js'), [], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		// Not the parent's flags: profiling the bench (--cpu-prof) must not profile the emulator too.
		execArgv: [],
	});
	const pending = new Map();
	let seq = 0;
	let exited = null;
	child.on('message', (msg) => {
		const p = pending.get(msg.id);
		if (!p) return;
		pending.delete(msg.id);
		if (msg.error) p.reject(new Error(`emulator: ${msg.error}`));
		else p.resolve(msg.result);
	});
	child.on('exit', (code, signal) => {
		exited = { code, signal };
		for (const p of pending.values()) p.reject(new Error(`emulator process exited (${code ?? signal})`));
		pending.clear();
	});

	function call(cmd, args) {
		if (exited) return Promise.reject(new Error('emulator process is gone'));
		const id = ++seq;
		return new Promise((resolve, reject) => {
			pending.set(id, { resolve, reject });
			child.send({ id, cmd, args });
		});
	}

	const { url } = await call('start', options);
	return {
		url,
		pid: child.pid,
		createFulfillments: (n, prefix, orderBody) => call('createFulfillments', { n, prefix, orderBody }),
		configure: (changes) => call('configure', changes),
		stats: () => call('stats'),
		timeline: () => call('timeline'),
		clearLog: () => call('clearLog'),
		async close() {
			if (exited) return;
			const gone = new Promise((resolve) => child.once('exit', resolve));
			await Promise.race([call('close').catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
			const t = setTimeout(() => child.kill('SIGKILL'), 3000);
			await gone;
			clearTimeout(t);
		},
		/** Synchronous last resort for process exit handlers. */
		kill() {
			if (!exited) child.kill('SIGKILL');
		},
	};
}

module.exports = { startEmulatorProcess };
