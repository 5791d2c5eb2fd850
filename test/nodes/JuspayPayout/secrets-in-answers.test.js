'use strict';
/**
 * The API key hidden in an answer's JSON where a plain text search cannot see it (a \u escape), in each
 * place a JSON value can hold a string: a value, an array entry, an object key. Order → Get with
 * Simplify off passes Juspay's answer on as it came: it must come out with the same shape (arrays stay
 * arrays, untouched parts unchanged) and "[redacted]" wherever the key was. And a key whose Basic auth
 * form starts with its plain base64 form (any key of 3n characters) is redacted whole, not in part.
 */
const { useEngine } = require('../../helpers/engine');
const { API_KEY, credentialFor } = require('../../../tools/story/fixtures');

const engine = useEngine(false);

/** The key as JSON text that a reader decodes to the key but that does not contain it. */
const ESCAPED_KEY = API_KEY.replaceAll('_', '\\u005f');

async function rawOrder(text, apiKey = API_KEY) {
	const server = await engine.scripted(() => ({ status: 200, body: text }));
	return engine.runJuspay({
		parameters: { resource: 'order', operation: 'get', orderId: 'ord_1', simplify: false },
		credentials: { juspayPayoutApi: credentialFor(server.url, apiKey) },
	});
}

test('an escaped key in a value, an array entry and an object key is redacted; the shape is kept', async () => {
	expect(ESCAPED_KEY).not.toContain(API_KEY);
	const text = `{"orderId":"ord_1","status":"FULFILLMENTS_SCHEDULED","note":"key ${ESCAPED_KEY} seen",` +
		`"fulfillments":[{"id":"ord_1-f1","tags":["${ESCAPED_KEY}","plain"]}],` +
		`"${ESCAPED_KEY}":{"x":1},"clean":{"list":[1,2],"nested":{"a":"b"}}}`;
	const result = await rawOrder(text);

	expect(result.error).toEqual([]);
	expect(result.main.map((item) => item.json)).toEqual([
		{
			orderId: 'ord_1',
			status: 'FULFILLMENTS_SCHEDULED',
			note: 'key [redacted] seen',
			fulfillments: [{ id: 'ord_1-f1', tags: ['[redacted]', 'plain'] }],
			'[redacted]': { x: 1 },
			clean: { list: [1, 2], nested: { a: 'b' } },
		},
	]);
	expect(JSON.stringify(result.main)).not.toContain(API_KEY);
});

test('an escaped key that is the only thing in its array or object is redacted', async () => {
	const inValue = await rawOrder(`{"orderId":"ord_1","status":"S","deep":{"k":"${ESCAPED_KEY}"}}`);
	expect(inValue.main[0].json).toEqual({ orderId: 'ord_1', status: 'S', deep: { k: '[redacted]' } });

	const inArray = await rawOrder(`{"orderId":"ord_1","status":"S","list":[["${ESCAPED_KEY}"]]}`);
	expect(inArray.main[0].json).toEqual({ orderId: 'ord_1', status: 'S', list: [['[redacted]']] });

	const inKey = await rawOrder(`{"orderId":"ord_1","status":"S","deep":{"${ESCAPED_KEY}":true}}`);
	expect(inKey.main[0].json).toEqual({ orderId: 'ord_1', status: 'S', deep: { '[redacted]': true } });
});

test('a key of 3n characters echoed as its Basic auth header is redacted whole', async () => {
	const key = 'live_key_fake_abcd'; // 18 characters: its base64 is the start of the base64 of "key:"
	const basic = Buffer.from(`${key}:`).toString('base64');
	expect(basic.startsWith(Buffer.from(key).toString('base64'))).toBe(true);

	const result = await rawOrder(`{"orderId":"ord_1","status":"S","echo":"Basic ${basic}","plain":"${Buffer.from(key).toString('base64')}"}`, key);
	expect(result.main[0].json).toEqual({ orderId: 'ord_1', status: 'S', echo: 'Basic [redacted]', plain: '[redacted]' });
});
