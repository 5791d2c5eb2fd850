'use strict';
/**
 * The error that stops a run and the error-output item of an unexpected error (actions/errorOutput.ts,
 * pure, on the built module). The engine suites show these on real runs (stop-names-sent-items, router-edges);
 * this pins the edges they do not reach: the "already sent" note for one, ten and more than ten items, a
 * note added to an error n8n built (an expression that failed), and an error with no HTTP status or no
 * description.
 */
const path = require('node:path');

const { NodeApiError, NodeOperationError } = require('n8n-workflow');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { alreadySentNote, asStopError, toNodeApiError, unexpectedErrorItem } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/actions/errorOutput.js'),
);

const NODE = {
	id: 'n1',
	name: 'Juspay Payout',
	type: 'juspayPayout',
	typeVersion: 1,
	parameters: {},
	position: [0, 0],
};
const FULFILLMENT = {
	resource: 'fulfillment',
	id: 'abc-f1',
	environment: 'sandbox',
	timeoutMs: 30_000,
};
const KEY = 'sk_fake_error_output_key';
const THEIR_STATUS = 'their results are not in the output, so check their status before running the workflow again.';

describe('the "already sent" note of a run that stopped', () => {
	test('none sent: no note', () => {
		expect(alreadySentNote([])).toBeUndefined();
	});

	test('one item, then several: counted and named, singular and plural', () => {
		expect(alreadySentNote([4])).toBe(
			`Before the run stopped, 1 other item had already been sent to Juspay (item 4); ${THEIR_STATUS}`,
		);
		expect(alreadySentNote([0, 7])).toBe(
			`Before the run stopped, 2 other items had already been sent to Juspay (items 0, 7); ${THEIR_STATUS}`,
		);
	});

	test('ten items are all named; from eleven on, the first ten and an ellipsis, with the full count', () => {
		const ten = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
		expect(alreadySentNote(ten)).toBe(
			`Before the run stopped, 10 other items had already been sent to Juspay (items 0, 1, 2, 3, 4, 5, 6, 7, 8, 9); ${THEIR_STATUS}`,
		);
		expect(alreadySentNote([...ten, 10, 11])).toBe(
			`Before the run stopped, 12 other items had already been sent to Juspay (items 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, …); ${THEIR_STATUS}`,
		);
	});
});

describe('the error that stops the run', () => {
	test('a Juspay failure: the note follows the description, the HTTP status is kept as text', () => {
		const error = toNodeApiError(
			NODE,
			{ reason: 'juspay_error', httpCode: 404, errorCode: 'E09', tries: 1 },
			FULFILLMENT,
			3,
			{ secrets: [KEY] },
			'NOTE.',
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Juspay has no fulfillment "abc-f1" (HTTP 404, E09 not found)');
		expect(error.description).toMatch(/^Check the fulfillment ID\. .* NOTE\.$/);
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(3);
	});

	test('a failure with no HTTP status (a timeout) has no status, and no note means none added', () => {
		const error = toNodeApiError(NODE, { reason: 'timeout', tries: 1 }, FULFILLMENT, 0, {
			secrets: [KEY],
		});
		expect(error.httpCode).toBeNull();
		expect(error.description).toBe(
			'Juspay may or may not have acted on fulfillment "abc-f1": check its order status before sending it again. If Juspay is slow, raise the Timeout option.',
		);
	});

	test('an error n8n built (an expression that failed) is thrown as it is, with the note after its description', () => {
		const operationError = new NodeOperationError(NODE, 'bad expression', {
			description: 'Fix the field.',
		});
		const stopped = asStopError(NODE, operationError, 2, 'NOTE.');
		expect(stopped).toBe(operationError);
		expect(stopped.description).toBe('Fix the field. NOTE.');

		const apiError = new NodeApiError(NODE, { message: 'x' }, { message: 'api', description: 'Look.' });
		expect(asStopError(NODE, apiError, 2, 'NOTE.')).toBe(apiError);
		expect(apiError.description).toBe('Look. NOTE.');

		const bare = new NodeOperationError(NODE, 'no description');
		expect(asStopError(NODE, bare, 2, 'NOTE.').description).toBe('NOTE.');

		const untouched = new NodeOperationError(NODE, 'no note', { description: 'As it was.' });
		expect(asStopError(NODE, untouched, 2).description).toBe('As it was.');
	});

	test('any other error becomes a NodeOperationError of that item, the note as its description', () => {
		const stopped = asStopError(NODE, new Error('plain'), 5, 'NOTE.');
		expect(stopped).toBeInstanceOf(NodeOperationError);
		expect(stopped.message).toBe('plain');
		expect(stopped.description).toBe('NOTE.');
		expect(stopped.context.itemIndex).toBe(5);
	});
});

describe('an unexpected error as an error-output item', () => {
	test('its message and description, redacted; reason node_error, nothing tried', () => {
		const error = Object.assign(new Error(`failed with ${KEY}`), { description: `see ${KEY}` });
		expect(unexpectedErrorItem(error, 1, [KEY])).toEqual({
			json: {
				error: {
					message: 'failed with [redacted]',
					description: 'see [redacted]',
					reason: 'node_error',
					tries: 0,
				},
				message: 'failed with [redacted]',
			},
			pairedItem: { item: 1 },
		});
	});

	test('no description, an undefined one, or a thrown string: description null', () => {
		const descriptionOf = (error) => unexpectedErrorItem(error, 0, []).json.error.description;
		expect(descriptionOf(new Error('m'))).toBeNull();
		expect(descriptionOf(Object.assign(new Error('m'), { description: undefined }))).toBeNull();
		expect(unexpectedErrorItem('a string', 0, []).json).toEqual({
			error: { message: 'a string', description: null, reason: 'node_error', tries: 0 },
			message: 'a string',
		});
	});

	test('a thrown null or undefined still makes an item, not a crash of the node', () => {
		for (const thrown of [null, undefined]) {
			expect(unexpectedErrorItem(thrown, 2, []).json).toEqual({
				error: { message: String(thrown), description: null, reason: 'node_error', tries: 0 },
				message: String(thrown),
			});
		}
	});
});
