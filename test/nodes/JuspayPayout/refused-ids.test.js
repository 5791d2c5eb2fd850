'use strict';
/**
 * Every kind of id the node refuses before sending, each with the reason the user is told: one node
 * run of many items (On Error = continue), where the emulator must see only the acceptable ones and
 * each refused item must say, in its own words, what is wrong with its id. The property test
 * (fulfillment-id.property.test.js) shows "refused, or sent exactly as given" over generated ids;
 * this one pins which reason goes with which id, the 256-character bound, and the Routing ID's rules.
 */
const { useEngine } = require('../../helpers/engine');

const engine = useEngine();

const A256 = 'a'.repeat(256);

/** [id, what the error message ends with]. */
const REFUSED = [
	['', 'the Fulfillment ID is empty'],
	['a'.repeat(257), 'the Fulfillment ID is longer than 256 characters'],
	['.', 'the Fulfillment ID contains a dot segment ("." or "..")'],
	['a..b', 'the Fulfillment ID contains a dot segment ("." or "..")'],
	['a/b', 'the Fulfillment ID contains a slash "/"'],
	['a\\b', 'the Fulfillment ID contains a backslash "\\"'],
	['a?b=1', 'the Fulfillment ID contains a question mark "?"'],
	['a#b', 'the Fulfillment ID contains a hash "#"'],
	['a%2fb', 'the Fulfillment ID contains a percent sign "%"'],
	['a\u0000b', 'the Fulfillment ID contains a control character'],
	['a\u001fb', 'the Fulfillment ID contains a control character'],
	['a\u007fb', 'the Fulfillment ID contains a control character'],
	['a\u0085b', 'the Fulfillment ID contains a control character'],
	['a\u009fb', 'the Fulfillment ID contains a control character'],
	['a b', 'the Fulfillment ID contains whitespace'],
	['a\u00a0b', 'the Fulfillment ID contains whitespace'],
	['a\u200bb', 'the Fulfillment ID contains whitespace'],
	['a\u200cb', 'the Fulfillment ID contains whitespace'],
	['a\u200db', 'the Fulfillment ID contains whitespace'],
	['a\u2060b', 'the Fulfillment ID contains whitespace'],
	['a\ufeffb', 'the Fulfillment ID contains whitespace'],
	['a\u200eb', 'the Fulfillment ID contains a text direction mark'],
	['a\u200fb', 'the Fulfillment ID contains a text direction mark'],
	['a\u202ab', 'the Fulfillment ID contains a text direction mark'],
	['a\u202eb', 'the Fulfillment ID contains a text direction mark'],
	['a\u2066b', 'the Fulfillment ID contains a text direction mark'],
	['a\u2069b', 'the Fulfillment ID contains a text direction mark'],
	['caf\u00e9-f1', 'the Fulfillment ID contains a character that is not printable ASCII (an accent, symbol or look-alike)'],
	['\uff0e\uff0e\uff0f', 'the Fulfillment ID contains a character that is not printable ASCII (an accent, symbol or look-alike)'],
	[12345678901234567890, 'the Fulfillment ID is the number 12345678901234567000, which cannot be an exact ID (too large to be exact, or not a whole number); pass it as text'],
	[1.5, 'the Fulfillment ID is the number 1.5, which cannot be an exact ID (too large to be exact, or not a whole number); pass it as text'],
	[true, 'the Fulfillment ID is not text'],
];

test('each refused id says why, nothing is sent for it, and the acceptable ones around it are sent', async () => {
	const accepted = [A256, '!~a.b_c-@', 12345];
	const items = [...REFUSED.map(([id]) => ({ id })), ...accepted.map((id) => ({ id }))];
	const result = await engine.cancel(items, { options: { maxTries: 1 } });

	// Refused first, in input order; then the acceptable ids, sent and answered 404 (unknown to Juspay).
	expect(result.error.map((item) => item.pairedItem.item)).toEqual(items.map((_, index) => index));
	result.error.slice(REFUSED.length).forEach((item) => {
		expect(item.json.error).toMatchObject({ httpCode: 404, errorCode: 'E09', tries: 1 });
	});
	result.error.slice(0, REFUSED.length).forEach((item, index) => {
		const [id, why] = REFUSED[index];
		expect({ id, message: item.json.message }).toEqual({ id, message: expect.stringMatching(/^Nothing was sent for /) });
		expect(item.json.message.endsWith(`: ${why}`)).toBe(true);
		expect(item.json.error).toMatchObject({ reason: 'invalid_input', tries: 0 });
	});
	// The acceptable ids reached Juspay exactly as given.
	expect(engine.emulator.requestLog.map((request) => request.fulfillmentId).sort()).toEqual(['!~a.b_c-@', '12345', A256]);
	expect(result.main).toEqual([]);
});

test('a Routing ID with a control character or beyond Latin-1 is refused; Latin-1 text is sent', async () => {
	const { fulfillmentId } = engine.newOrder();
	const run = (routingId) => engine.cancel([{ id: fulfillmentId }], { parameters: { routingId } });

	for (const [routingId, why] of [
		['cust\nx', 'the Routing ID contains a line break or control character'],
		['cust\u0000', 'the Routing ID contains a line break or control character'],
		['cust\u001f', 'the Routing ID contains a line break or control character'],
		['cust\u007f', 'the Routing ID contains a line break or control character'],
		['cust\u0100', 'the Routing ID contains characters outside Latin-1'],
		['cust\u20ac', 'the Routing ID contains characters outside Latin-1'],
	]) {
		const result = await run(routingId);
		expect({ routingId, message: result.error[0]?.json.message }).toEqual({ routingId, message: expect.stringContaining(`: ${why}`) });
	}
	expect(engine.emulator.requestLog).toHaveLength(0);

	const sent = await run('cust caf\u00e9 ~');
	expect(sent.error).toEqual([]);
	expect(engine.emulator.requestLog.map((request) => request.headers['x-routing-id'])).toEqual(['cust caf\u00e9 ~']);
});

test('a Routing ID an expression makes an object or true/false is refused as not text; a number is sent as its digits', async () => {
	const { fulfillmentId } = engine.newOrder();
	const run = (routingId) => engine.cancel([{ id: fulfillmentId }], { parameters: { routingId } });

	for (const routingId of ['={{ { id: 1 } }}', '={{ true }}', '={{ [1, 2] }}']) {
		const result = await run(routingId);
		expect({ routingId, message: result.error[0]?.json.message }).toEqual({
			routingId,
			message: expect.stringMatching(/^Nothing was sent for .*: the Routing ID is not text$/),
		});
	}
	expect(engine.emulator.requestLog).toHaveLength(0);

	const sent = await run('={{ 4021 }}');
	expect(sent.error).toEqual([]);
	expect(engine.emulator.requestLog.map((request) => request.headers['x-routing-id'])).toEqual(['4021']);
});

test('with Wait for Outcome, an unsafe Order ID is refused by its own name, and nothing is sent', async () => {
	const { fulfillmentId } = engine.newOrder();
	const result = await engine.cancel([{ id: fulfillmentId }], {
		parameters: { waitForOutcome: true, orderId: 'ord/1', maxWaitSeconds: 5 },
	});
	expect(result.error.map((item) => item.json.message)).toEqual([
		expect.stringMatching(/: the Order ID contains a slash "\/"$/),
	]);
	expect(engine.emulator.requestLog).toHaveLength(0);
});
