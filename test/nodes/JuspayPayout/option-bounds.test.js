'use strict';
/**
 * The Options' bounds as the README gives them, at their edges (actions/options.ts on the built module:
 * the run checks each value with checkNumber against the property the editor shows). The engine suite
 * (options-and-pauses.test.js) shows a refused value stopping the run before anything is sent; here each
 * bound is pinned on both sides, with the text forms an expression may give.
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { optionsProperty, checkNumber } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/actions/options.js'));

const setting = (name) => optionsProperty.options.find((option) => option.name === name);

/** [option, default, lowest allowed, highest allowed, whole numbers only] — the README's figures. */
const BOUNDS = [
	['concurrency', 0, 0, 100, true],
	['maxConcurrency', 100, 1, 100, true],
	['maxTries', 4, 1, 10, true],
	['rateLimitWait', 300, 0, 3600, false],
	['timeout', 30, 1, 300, false],
];

describe.each(BOUNDS)('%s', (name, defaultValue, lowest, highest, whole) => {
	const check = (value) => checkNumber(setting(name), value);

	test(`defaults to ${defaultValue}, which is allowed`, () => {
		expect(setting(name).default).toBe(defaultValue);
		expect(check(defaultValue)).toEqual({ value: defaultValue });
	});

	test(`allows ${lowest} to ${highest}, refuses just outside`, () => {
		expect(check(lowest)).toEqual({ value: lowest });
		expect(check(highest)).toEqual({ value: highest });
		expect(check(lowest - (whole ? 1 : 0.5)).problem).toMatch(/ must be /);
		expect(check(highest + (whole ? 1 : 0.5)).problem).toMatch(/ must be /);
	});

	test(whole ? 'refuses fractions' : 'allows fractions', () => {
		const fraction = lowest + 0.5;
		expect(check(fraction)).toEqual(
			whole ? { problem: expect.stringMatching(/ must be a whole number /) } : { value: fraction },
		);
	});
});

test('text from an expression: plain decimal numbers only, spaces around allowed', () => {
	const tries = (value) => checkNumber(setting('maxTries'), value);
	expect(tries('3')).toEqual({ value: 3 });
	expect(tries(' 3 ')).toEqual({ value: 3 });
	expect(tries('3.0')).toEqual({ value: 3 });
	for (const refused of ['', ' ', '3x', '1e1', '0x3', '+3', '3.', '.5', 'three']) {
		expect({ refused, problem: tries(refused).problem }).toEqual({
			refused,
			problem: `"Max Tries" must be a whole number from 1 to 10, not "${refused}"`,
		});
	}
	expect(checkNumber(setting('timeout'), '-1').problem).toBe('"Timeout (Seconds)" must be a number from 1 to 300, not "-1"');
	expect(checkNumber(setting('rateLimitWait'), ' 2.5 ')).toEqual({ value: 2.5 });
	// Several digits on either side of the point.
	expect(tries('10')).toEqual({ value: 10 });
	expect(checkNumber(setting('rateLimitWait'), '120.25')).toEqual({ value: 120.25 });
});

test('what is not a number is named in the refusal, cut to 40 characters', () => {
	const tries = (value) => checkNumber(setting('maxTries'), value);
	expect(tries(null).problem).toBe('"Max Tries" must be a whole number from 1 to 10, not null');
	expect(tries(true).problem).toBe('"Max Tries" must be a whole number from 1 to 10, not true');
	expect(tries(-Infinity).problem).toBe('"Max Tries" must be a whole number from 1 to 10, not -Infinity');
	expect(tries('y'.repeat(50)).problem).toBe(`"Max Tries" must be a whole number from 1 to 10, not "${'y'.repeat(40)}"`);
	expect(tries([1, 2]).problem).toBe('"Max Tries" must be a whole number from 1 to 10, not 1,2');
	expect(tries(Array(30).fill(11)).problem).toBe(`"Max Tries" must be a whole number from 1 to 10, not ${'11,'.repeat(13)}1`);
});
