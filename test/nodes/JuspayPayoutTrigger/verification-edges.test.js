'use strict';
/**
 * Who may start the trigger, at the edges verification.test.js's generated cases rarely reach: the
 * exact shape of an `Authorization: Basic …` header, a Basic auth with an empty username, and a custom
 * header whose expected value is empty.
 */
const path = require('node:path');
const { REPO_DIR } = require('../../../tools/story/fixtures');

const { isAuthorized, parseBasicAuth } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayoutTrigger/verification.js'),
);

const TOKEN = Buffer.from('juspay:pw', 'utf8').toString('base64');

test('Basic auth with any spaces around the scheme and the token is read', () => {
	for (const header of [
		`Basic ${TOKEN}`,
		`  Basic ${TOKEN}`,
		`Basic    ${TOKEN}`,
		`Basic\t${TOKEN}  `,
		`bAsIc ${TOKEN}`,
	]) {
		expect(parseBasicAuth(header)).toEqual({ username: 'juspay', password: 'pw' });
	}
});

test('anything before the scheme or after the token makes it no Basic auth', () => {
	for (const header of [
		`NotBasic ${TOKEN}`,
		`xBasic ${TOKEN}`,
		`Basic ${TOKEN} extra`,
		`Basic ${TOKEN}!`,
		`Basic${TOKEN}`,
	]) {
		expect(parseBasicAuth(header)).toBeUndefined();
	}
});

test('a token without ":" is no Basic auth; one starting with ":" has an empty username', () => {
	expect(parseBasicAuth(`Basic ${Buffer.from('juspay').toString('base64')}`)).toBeUndefined();
	expect(parseBasicAuth(`Basic ${Buffer.from(':pw').toString('base64')}`)).toEqual({
		username: '',
		password: 'pw',
	});
});

test('a custom header expected empty must still be sent: missing is refused', () => {
	const expected = { username: 'juspay', password: 'pw', headerName: 'x-token', headerValue: '' };
	const authorization = `Basic ${TOKEN}`;
	expect(isAuthorized({ authorization }, expected)).toBe(false);
	expect(isAuthorized({ authorization, 'x-token': '' }, expected)).toBe(true);
});
