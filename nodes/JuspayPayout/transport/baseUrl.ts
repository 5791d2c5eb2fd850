/**
 * Which custom Base URLs the API key may be sent to. Every request carries the key in its Authorization
 * header, so: https:// anywhere; http:// (the key in clear) only to this machine or a private network
 * (a local emulator, a proxy beside n8n); and nothing in the URL that would move the path elsewhere or
 * hide a second set of credentials (a query, a fragment, a user name or password).
 */

/** IPv4 ranges that never leave a private network: loopback, RFC 1918, link-local, carrier-grade NAT. */
const PRIVATE_IPV4: Array<[number, number, number]> = [
	// [first octet, second octet from, second octet to]
	[127, 0, 255],
	[10, 0, 255],
	[172, 16, 31],
	[192, 168, 168],
	[169, 254, 254],
	[100, 64, 127],
];

/**
 * Names that only resolve inside a network: a container or host name without dots (starting with a letter:
 * "1234" or "0x08080808" are IPv4 addresses in disguise), or a local suffix.
 */
const PRIVATE_NAME =
	/^(localhost|[a-z_-][a-z0-9_-]*)$|\.(localhost|local|internal|lan|home\.arpa)$/i;

function isPrivateIpv4(host: string): boolean {
	const octets = host.split('.').map(Number);
	if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255))
		return false;
	return PRIVATE_IPV4.some(
		([first, from, to]) => octets[0] === first && octets[1] >= from && octets[1] <= to,
	);
}

function isPrivateIpv6(host: string): boolean {
	const address = host.replace(/^\[|\]$/g, '').toLowerCase();
	if (address === '::1') return true;
	// fc00::/7 (unique local), fe80::/10 (link-local): the whole first group. A short one is another
	// address: "fe8::1" is 0fe8::1, "fc::1" is 00fc::1.
	if (/^f[cd][0-9a-f]{2}:/.test(address) || /^fe[89ab][0-9a-f]:/.test(address)) return true;
	// IPv4-mapped, as URL writes it: ::ffff:7f00:1
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
	if (mapped) {
		const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
		return isPrivateIpv4([high >> 8, high & 255, low >> 8, low & 255].join('.'));
	}
	return false;
}

/**
 * The same rule as one regular expression, for the credential's test request: an n8n expression there
 * cannot call code, so it tests the Base URL against this pattern's source. https:// to any host, or
 * http:// to a private one; no user info, query or fragment. (Kept in step with whyRefusedBaseUrl by
 * the credential tests, which run both on the same URLs.)
 */
export const SENDABLE_BASE_URL = new RegExp(
	[
		'^(?:https://[^/?#@\\s]+',
		'|http://(?:localhost|[a-z_-][a-z0-9_-]*|[^/?#@\\s:]+\\.(?:localhost|local|internal|lan|home\\.arpa)',
		'|127(?:\\.\\d{1,3}){3}|10(?:\\.\\d{1,3}){3}|192\\.168(?:\\.\\d{1,3}){2}',
		'|172\\.(?:1[6-9]|2\\d|3[01])(?:\\.\\d{1,3}){2}|169\\.254(?:\\.\\d{1,3}){2}',
		'|100\\.(?:6[4-9]|[7-9]\\d|1[01]\\d|12[0-7])(?:\\.\\d{1,3}){2}',
		'|\\[(?:::1|f[cd][0-9a-f]{2}:[0-9a-f:.]*|fe[89ab][0-9a-f]:[0-9a-f:.]*)\\])(?::\\d+)?)',
		'(?:/[^?#\\s]*)?$',
	].join(''),
	'i',
);

function isPrivateHost(hostname: string): boolean {
	if (hostname.startsWith('[')) return isPrivateIpv6(hostname);
	if (/^[\d.]+$/.test(hostname)) return isPrivateIpv4(hostname);
	return PRIVATE_NAME.test(hostname);
}

/** Why the key must not be sent to this base URL, or undefined when it may. */
export function whyRefusedBaseUrl(baseUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return 'The Base URL is not a URL: it must start with https:// (or http:// for a local address).';
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `The Base URL must start with https:// (or http:// for a local address), not ${url.protocol}//.`;
	}
	if (url.username || url.password) {
		return 'The Base URL must not hold a user name or password: the API key is the only credential sent.';
	}
	if (baseUrl.includes('?') || baseUrl.includes('#')) {
		return 'The Base URL must not have a query (?) or fragment (#): paths are added after it.';
	}
	if (url.protocol === 'http:' && !isPrivateHost(url.hostname)) {
		return `http:// would send the API key unencrypted to ${url.hostname}: use https://, or http:// only for this machine or a private network (127.0.0.1, 10.x, 192.168.x, a container name).`;
	}
	// The credential test's rule: what it refuses is refused here too, whatever the URL parser made of it.
	if (!SENDABLE_BASE_URL.test(baseUrl)) {
		return 'The Base URL must be https://host[:port][/path], or http:// to a local or private-network host.';
	}
	return undefined;
}
