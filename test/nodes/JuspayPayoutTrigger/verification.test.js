'use strict';
/**
 * Who may start the trigger: exactly the Basic auth (and custom header, when set) of the credential.
 * Properties over generated credentials and requests, against the built module.
 */
const path = require('node:path');
const fc = require('fast-check');
const { REPO_DIR } = require('../../../tools/story/fixtures');

const { isAuthorized, parseBasicAuth } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayoutTrigger/verification.js'),
);

const RUNS = Number(process.env.PROPERTY_RUNS || 300);
const basic = (username, password) =>
	`Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;

/** What HTTP Basic can carry: any text, no ":" in the username. */
const username = fc
	.string({ unit: 'binary', minLength: 1, maxLength: 40 })
	.filter((u) => !u.includes(':'));
const password = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 });
const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,20}$/);
const headerValue = fc.string({
	unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
	minLength: 1,
	maxLength: 40,
});

describe('parseBasicAuth', () => {
	test('reads back any username (without ":") and password, whatever the scheme case', () => {
		fc.assert(
			fc.property(
				username,
				password,
				fc.constantFrom('Basic', 'basic', 'BASIC'),
				(u, p, scheme) => {
					const header = basic(u, p).replace('Basic', scheme);
					expect(parseBasicAuth(header)).toEqual({ username: u, password: p });
				},
			),
			{ numRuns: RUNS },
		);
	});

	test.each([
		['no header', undefined],
		['another scheme', 'Bearer abc'],
		['no credentials', 'Basic '],
		['not base64', 'Basic !!!!'],
		['no colon inside', `Basic ${Buffer.from('justuser').toString('base64')}`],
	])('%s: nothing', (_name, header) => {
		expect(parseBasicAuth(header)).toBeUndefined();
	});
});

describe('isAuthorized', () => {
	test('Basic only: authorized exactly when username and password both match', () => {
		fc.assert(
			fc.property(username, password, username, password, fc.boolean(), (u, p, u2, p2, same) => {
				const sent = same ? [u, p] : [u2, p2];
				const headers = { authorization: basic(...sent) };
				const expected = sent[0] === u && sent[1] === p;
				expect(isAuthorized(headers, { username: u, password: p })).toBe(expected);
			}),
			{ numRuns: RUNS },
		);
	});

	test('one character off anywhere in username or password is refused', () => {
		fc.assert(
			fc.property(username, password, fc.nat(), fc.boolean(), (u, p, at, inUser) => {
				const flip = (s) => {
					const i = at % s.length;
					const c = s.charCodeAt(i) === 0x41 ? 'B' : 'A';
					return s.slice(0, i) + c + s.slice(i + 1);
				};
				const sent = inUser ? [flip(u), p] : [u, flip(p)];
				fc.pre(!sent[0].includes(':'));
				expect(isAuthorized({ authorization: basic(...sent) }, { username: u, password: p })).toBe(
					false,
				);
				expect(isAuthorized({ authorization: basic(u, p) }, { username: u, password: p })).toBe(
					true,
				);
			}),
			{ numRuns: RUNS },
		);
	});

	test('with a custom header: both the Basic auth and the header must match; the header name is case-insensitive', () => {
		fc.assert(
			fc.property(
				username,
				password,
				headerName,
				headerValue,
				fc.constantFrom('right', 'missing', 'wrong', 'wrongBasic', 'repeated'),
				(u, p, name, value, variant) => {
					const expected = {
						username: u,
						password: p,
						headerName: name.toUpperCase(),
						headerValue: value,
					};
					const headers = { authorization: basic(u, p), [name]: value };
					if (variant === 'missing') delete headers[name];
					if (variant === 'wrong') headers[name] = `${value}x`;
					if (variant === 'wrongBasic') headers.authorization = basic(u, `${p}x`);
					if (variant === 'repeated') headers[name] = [value, value];
					expect(isAuthorized(headers, expected)).toBe(variant === 'right');
				},
			),
			{ numRuns: RUNS },
		);
	});

	test('a header value typed with spaces around it still matches what Node.js delivers (trimmed)', () => {
		const expected = {
			username: 'juspay',
			password: 'pw',
			headerName: 'x-token',
			headerValue: '  t0k  ',
		};
		expect(isAuthorized({ authorization: basic('juspay', 'pw'), 'x-token': 't0k' }, expected)).toBe(
			true,
		);
	});

	test('an empty header name means no custom header is required', () => {
		const expected = {
			username: 'juspay',
			password: 'pw',
			headerName: '  ',
			headerValue: 'ignored',
		};
		expect(isAuthorized({ authorization: basic('juspay', 'pw') }, expected)).toBe(true);
	});

	test('a credential without username or password refuses everything, even an empty Basic auth', () => {
		for (const expected of [
			{ username: '', password: '' },
			{ username: 'juspay', password: '' },
			{ username: '', password: 'pw' },
		]) {
			expect(
				isAuthorized({ authorization: basic(expected.username, expected.password) }, expected),
			).toBe(false);
			expect(isAuthorized({}, expected)).toBe(false);
		}
	});

	test('a repeated Authorization header (an array) is refused', () => {
		const expected = { username: 'juspay', password: 'pw' };
		expect(isAuthorized({ authorization: [basic('juspay', 'pw')] }, expected)).toBe(false);
	});
});
