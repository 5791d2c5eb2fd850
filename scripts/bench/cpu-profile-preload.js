'use strict';
/**
 * Preloaded into n8n by `bench.js --profile` (NODE_OPTIONS=--require …; node refuses --cpu-prof there).
 * Only in the `n8n start` process: starts V8's sampling profiler through an in-process inspector session,
 * and writes the profile to $BENCH_CPU_PROFILE_DIR/n8n.<pid>.cpuprofile when it receives SIGUSR2.
 */
const argv = process.argv.slice(2);
if (argv.includes('start') && process.env.BENCH_CPU_PROFILE_DIR) {
	const fs = require('node:fs');
	const path = require('node:path');
	const inspector = require('node:inspector');
	const dir = process.env.BENCH_CPU_PROFILE_DIR;
	const session = new inspector.Session();
	session.connect();
	session.post('Profiler.enable', () => {
		session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start'));
	});
	process.on('SIGUSR2', () => {
		session.post('Profiler.stop', (err, result) => {
			fs.mkdirSync(dir, { recursive: true });
			const file = path.join(dir, `n8n.${process.pid}.cpuprofile`);
			fs.writeFileSync(`${file}.part`, JSON.stringify(err ? { error: String(err) } : result.profile));
			fs.renameSync(`${file}.part`, file); // the bench waits for this name: only whole files
		});
	});
}
