'use strict';
/**
 * Look-alikes of a private host that are not one (transport/baseUrl.ts on the built module), next to
 * base-url-rules.test.js: a private marker inside a public name or address must not make it private,
 * a short IPv6 group is not the private range it resembles, and a container name may end in a digit. The node's reason must be the true one ("unencrypted"),
 * not the Test button's catch-all.
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { whyRefusedBaseUrl, SENDABLE_BASE_URL } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/baseUrl.js'),
);

const unencrypted = (host) =>
	`http:// would send the API key unencrypted to ${host}: use https://, or http:// only for this machine or a private network (127.0.0.1, 10.x, 192.168.x, a container name).`;
const NOT_THE_SHAPE = 'The Base URL must be https://host[:port][/path], or http:// to a local or private-network host.';

test.each([
	['http://x.local.evil.example', unencrypted('x.local.evil.example')],
	['http://[2001:fc00::1]', unencrypted('[2001:fc00::1]')],
	['http://[2001:fe80::1]', unencrypted('[2001:fe80::1]')],
	// A short first group is another address: fe8::1 is 0fe8::1, fc::1 is 00fc::1 (neither private).
	['http://[fe8::1]', unencrypted('[fe8::1]')],
	['http://[fc::1]', unencrypted('[fc::1]')],
	['http://[fd0::1]', unencrypted('[fd0::1]')],
	['http://[1::ffff:7f00:1]', unencrypted('[1::ffff:7f00:1]')],
	['http://[::ffff:7f00:1:2]', unencrypted('[::ffff:7f00:1:2]')],
	// 10.0.0.16, private, but written in a form the Test button cannot check.
	['http://[::ffff:a00:10]', NOT_THE_SHAPE],
])('%s is refused for what it is', (url, why) => {
	expect({ url, refused: whyRefusedBaseUrl(url) }).toEqual({ url, refused: why });
	expect({ url, sendable: SENDABLE_BASE_URL.test(url) }).toEqual({ url, sendable: false });
});

test.each(['http://emulator1:4010', 'http://10.local', 'http://proxy-2.internal', 'http://[fd12:3456::1]:4010'])(
	'%s is a private name: the key may be sent there',
	(url) => {
		expect({ url, refused: whyRefusedBaseUrl(url) }).toEqual({ url, refused: undefined });
		expect({ url, sendable: SENDABLE_BASE_URL.test(url) }).toEqual({ url, sendable: true });
	},
);
