'use strict';
/**
 * Which custom Base URLs the API key may be sent to (transport/baseUrl.ts, on the built module): https://
 * anywhere; http:// only to this machine or a private network; never a URL with a user name, query or
 * fragment. The node checks with whyRefusedBaseUrl, the credential's Test button with the regular
 * expression SENDABLE_BASE_URL (an n8n expression cannot call code): both must agree on every URL here.
 * The private ranges are the RFCs' (loopback 127/8, RFC 1918, link-local 169.254/16, carrier-grade NAT
 * 100.64/10, IPv6 ::1, fc00::/7, fe80::/10), checked one step inside and one step outside each edge,
 * with look-alikes: a private marker inside a public name or address does not make it private (the
 * node's reason must be the true one, "unencrypted", not the Test button's catch-all), and a container
 * name may end in a digit.
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { whyRefusedBaseUrl, SENDABLE_BASE_URL } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/baseUrl.js'),
);

const SENDABLE = [
	'https://api.juspay.in',
	'https://proxy.example.com:8443/juspay',
	'https://1.2.3.4',
	'http://127.0.0.1:4010',
	'http://127.255.0.1',
	'http://10.0.0.1',
	'http://10.255.255.255:80/x',
	'http://172.16.0.1',
	'http://172.31.255.1',
	'http://192.168.1.10',
	'http://169.254.1.1',
	'http://100.64.0.1',
	'http://100.127.255.255',
	'http://localhost:4010',
	'http://emulator:4010',
	'http://juspay_proxy',
	'http://my-proxy.local',
	'http://x.internal',
	'http://box.lan',
	'http://router.home.arpa',
	'http://a.localhost',
	'http://[::1]:4010',
	'http://[fd00::1]',
	'http://[fc00::1]',
	'http://[fe80::1]',
	'http://[feb0::1]',
	'http://[fd12:3456::1]:4010',
	'http://emulator1:4010',
	'http://10.local',
	'http://proxy-2.internal',
];

const unencrypted = (host) =>
	`http:// would send the API key unencrypted to ${host}: use https://, or http:// only for this machine or a private network (127.0.0.1, 10.x, 192.168.x, a container name).`;
const NOT_A_URL = 'The Base URL is not a URL: it must start with https:// (or http:// for a local address).';
const NOT_THE_SHAPE = 'The Base URL must be https://host[:port][/path], or http:// to a local or private-network host.';

const REFUSED = [
	['http://api.juspay.in', unencrypted('api.juspay.in')],
	['http://8.8.8.8', unencrypted('8.8.8.8')],
	['http://11.0.0.1', unencrypted('11.0.0.1')],
	['http://126.0.0.1', unencrypted('126.0.0.1')],
	['http://128.0.0.1', unencrypted('128.0.0.1')],
	['http://172.15.0.1', unencrypted('172.15.0.1')],
	['http://172.32.0.1', unencrypted('172.32.0.1')],
	['http://192.167.0.1', unencrypted('192.167.0.1')],
	['http://192.169.0.1', unencrypted('192.169.0.1')],
	['http://169.253.0.1', unencrypted('169.253.0.1')],
	['http://169.255.0.1', unencrypted('169.255.0.1')],
	['http://100.63.0.1', unencrypted('100.63.0.1')],
	['http://100.128.0.1', unencrypted('100.128.0.1')],
	['http://9.0.0.1', unencrypted('9.0.0.1')],
	['http://10.0.0.1.evil.example', unencrypted('10.0.0.1.evil.example')],
	['http://localhost.evil.example', unencrypted('localhost.evil.example')],
	['http://evil.example/.local', unencrypted('evil.example')],
	// A bare number is an IPv4 address in disguise: 1234 is 0.0.4.210.
	['http://1234', unencrypted('0.0.4.210')],
	['http://[2001:db8::1]', unencrypted('[2001:db8::1]')],
	['http://[fec0::1]', unencrypted('[fec0::1]')],
	['http://[fe00::1]', unencrypted('[fe00::1]')],
	['http://[::2]', unencrypted('[::2]')],
	['http://[::ffff:808:808]', unencrypted('[::ffff:808:808]')],
	['http://x.local.evil.example', unencrypted('x.local.evil.example')],
	['http://[2001:fc00::1]', unencrypted('[2001:fc00::1]')],
	['http://[2001:fe80::1]', unencrypted('[2001:fe80::1]')],
	// A short first group is another address: fe8::1 is 0fe8::1, fc::1 is 00fc::1 (neither private).
	['http://[fe8::1]', unencrypted('[fe8::1]')],
	['http://[fc::1]', unencrypted('[fc::1]')],
	['http://[fd0::1]', unencrypted('[fd0::1]')],
	['http://[1::ffff:7f00:1]', unencrypted('[1::ffff:7f00:1]')],
	['http://[::ffff:7f00:1:2]', unencrypted('[::ffff:7f00:1:2]')],
	// Private once the URL parser has read it, but not in the form the Test button can check: refused.
	['http://0x7f000001', NOT_THE_SHAPE],
	['http://[::ffff:127.0.0.1]', NOT_THE_SHAPE],
	['http://[::ffff:a00:10]', NOT_THE_SHAPE],
	['https://host/a b', NOT_THE_SHAPE],
	['ftp://files.example', 'The Base URL must start with https:// (or http:// for a local address), not ftp://.'],
	['not a url', NOT_A_URL],
	['', NOT_A_URL],
	['https://user:secret@api.juspay.in', 'The Base URL must not hold a user name or password: the API key is the only credential sent.'],
	['http://127.0.0.1@evil.example', 'The Base URL must not hold a user name or password: the API key is the only credential sent.'],
	['https://api.juspay.in/?merchant=1', 'The Base URL must not have a query (?) or fragment (#): paths are added after it.'],
	['https://api.juspay.in/#top', 'The Base URL must not have a query (?) or fragment (#): paths are added after it.'],
];

test.each(SENDABLE)('%s: the key may be sent there, by the node and by the Test button', (url) => {
	expect({ url, refused: whyRefusedBaseUrl(url) }).toEqual({ url, refused: undefined });
	expect({ url, sendable: SENDABLE_BASE_URL.test(url) }).toEqual({ url, sendable: true });
});

test.each(REFUSED)('%s: refused by the node, saying why, and by the Test button', (url, why) => {
	expect({ url, refused: whyRefusedBaseUrl(url) }).toEqual({ url, refused: why });
	expect({ url, sendable: SENDABLE_BASE_URL.test(url) }).toEqual({ url, sendable: false });
});

test('letter case does not matter to either', () => {
	expect(whyRefusedBaseUrl('HTTP://LOCALHOST:4010')).toBeUndefined();
	expect(SENDABLE_BASE_URL.test('HTTP://LOCALHOST:4010')).toBe(true);
	expect(whyRefusedBaseUrl('http://[FD00::1]')).toBeUndefined();
	expect(SENDABLE_BASE_URL.test('http://[FD00::1]')).toBe(true);
});
