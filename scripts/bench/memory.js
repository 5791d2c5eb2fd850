'use strict';
/**
 * RSS of a process (the n8n server) from /proc/<pid>/status, sampled while a run goes on. VmHWM is the
 * kernel's own peak since the process started (so it includes start-up); the sampled peak is the peak
 * during the run. Sampling every 50 ms from the bench process reads a small file: it costs n8n nothing.
 */
const fs = require('node:fs');

function readStatusKb(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const get = (key) => {
			const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
			return m ? Number(m[1]) : null;
		};
		return { rssKb: get('VmRSS'), hwmKb: get('VmHWM') };
	} catch {
		return { rssKb: null, hwmKb: null };
	}
}

/** Direct children of pid (n8n's task runner lives there), from /proc/<child>/stat. */
function childPids(pid) {
	const out = [];
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === pid) out.push(Number(name));
		} catch {
			/* gone */
		}
	}
	return out;
}

function startSampler(pid, everyMs = 50) {
	const baseline = readStatusKb(pid);
	let peakRssKb = baseline.rssKb || 0;
	const timer = setInterval(() => {
		const { rssKb } = readStatusKb(pid);
		if (rssKb && rssKb > peakRssKb) peakRssKb = rssKb;
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			const end = readStatusKb(pid);
			if (end.rssKb && end.rssKb > peakRssKb) peakRssKb = end.rssKb;
			return {
				pid,
				baselineRssMb: mb(baseline.rssKb),
				peakRssMb: mb(peakRssKb),
				endRssMb: mb(end.rssKb),
				vmHwmMb: mb(end.hwmKb),
			};
		},
	};
}

const mb = (kb) => (kb === null || kb === undefined ? null : Math.round(kb / 102.4) / 10);

module.exports = { startSampler, readStatusKb, childPids };
