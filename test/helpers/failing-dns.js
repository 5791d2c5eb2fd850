'use strict';
/**
 * For tests about which real host the node would reach (sandbox.juspay.in, api.juspay.in), which this
 * machine must not contact: while `action` runs, every DNS look-up in this process fails as "not
 * found", so nothing leaves 127.0.0.1, and the host names asked for are recorded. n8n-core's HTTP
 * client resolves names through node:dns like every Node socket.
 */
const dns = require('node:dns');

/** Resolves to { hosts: the distinct host names looked up, in order, result: what `action` resolved to }. */
async function withFailingDns(action) {
	const asked = [];
	const { lookup } = dns;
	dns.lookup = (hostname, options, callback) => {
		const done = typeof options === 'function' ? options : callback;
		asked.push(hostname);
		const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
			code: 'ENOTFOUND',
			syscall: 'getaddrinfo',
			hostname,
		});
		process.nextTick(() => done(error));
	};
	try {
		const result = await action();
		return { hosts: [...new Set(asked)], result };
	} finally {
		dns.lookup = lookup;
	}
}

module.exports = { withFailingDns };
