'use strict';
/** Test knobs: rate limit, injected faults (by id, by seeded rate), latency, and a clean close(). */
const net = require('node:net');
const { startEmulator } = require('../../tools/emulator');
const { mulberry32 } = require('../../tools/emulator/faults');
const { request, orderBody, paths, sleep } = require('./helpers');

let emu;
beforeEach(async () => {
	emu = await startEmulator({
		clock: 'manual',
		pickDelayMs: 100,
		gatewayDelayMs: 50,
		cancelDelayMs: 10,
		timeoutHangMs: 150,
	});
});
afterEach(() => emu.close());

const E429 = {
	error: true,
	errorCode: 'E429',
	errorMessage: 'Too many requests, please retry later.',
	userMessage: 'Too Many Requests',
};

describe('rate limit', () => {
	test('beyond perSecond in one window: 429 with Retry-After 1, logged; the next window serves again', async () => {
		emu.configure({ rateLimit: { perSecond: 3 } });
		const first = [];
		for (let i = 0; i < 4; i++) first.push(await request(emu, 'GET', paths.balance));
		expect(first.map((r) => r.status)).toEqual([200, 200, 200, 429]);
		expect(first[3].headers['retry-after']).toBe('1');
		expect(first[3].json).toEqual(E429);
		expect(emu.requestLog.map((e) => [e.status, e.fault])).toEqual([
			[200, null],
			[200, null],
			[200, null],
			[429, null],
		]);
		// The limit is checked before auth: an unauthenticated flood is limited too.
		expect((await request(emu, 'GET', paths.balance, { auth: false })).status).toBe(429);
		await sleep(1050);
		expect((await request(emu, 'GET', paths.balance)).status).toBe(200);
	});

	test('a rate-limited cancel has no effect', async () => {
		emu.configure({ rateLimit: { perSecond: 1 } });
		const o = emu.createOrder(orderBody());
		await request(emu, 'GET', paths.outage);
		expect((await request(emu, 'POST', paths.cancel(o.fulfillments[0].id))).status).toBe(429);
		emu.advance(10_000);
		expect(emu.getOrder(o.orderId).status).toBe('FULFILLMENTS_SUCCESSFUL');
	});

	test('configure(rateLimit: null) turns it off; bad values throw', async () => {
		emu.configure({ rateLimit: { perSecond: 1 } });
		emu.configure({ rateLimit: null });
		for (let i = 0; i < 5; i++) expect((await request(emu, 'GET', paths.outage)).status).toBe(200);
		expect(() => emu.configure({ rateLimit: { perSecond: 0 } })).toThrow(
			'rateLimit.perSecond must be an integer >= 1',
		);
	});
});

describe('faults by id', () => {
	const kinds = {
		http503: [
			503,
			{
				error: true,
				errorCode: 'E06',
				errorMessage: 'Service temporarily unavailable.',
				userMessage: 'Internal Server Error',
			},
		],
		http500: [
			500,
			{
				error: true,
				errorCode: 'E90',
				errorMessage: 'Something went wrong.',
				userMessage: 'Internal Server Error',
			},
		],
		http429: [429, E429],
	};

	test.each(Object.keys(kinds))(
		'%s: the error answer, and the cancel has no effect',
		async (kind) => {
			const o = emu.createOrder(orderBody());
			const id = o.fulfillments[0].id;
			emu.configure({ faults: { byId: { [id]: kind } } });
			const r = await request(emu, 'POST', paths.cancel(id));
			expect([r.status, r.json]).toEqual(kinds[kind]);
			expect(r.headers['content-type']).toBe('application/json');
			// Only the rate limit says when to come back.
			expect(r.headers['retry-after']).toBe(kind === 'http429' ? '1' : undefined);
			expect(emu.requestLog.map((e) => [e.status, e.fault, e.fulfillmentId])).toEqual([
				[kinds[kind][0], kind, id],
			]);
			emu.advance(10_000);
			expect(emu.getOrder(o.orderId).fulfillments[0].status).toBe('SUCCESS'); // the fault replaced the cancel
		},
	);

	test('garbled: 200 with an HTML body', async () => {
		emu.configure({ faults: { byId: { 'abc-f1': 'garbled' } } });
		const r = await request(emu, 'POST', paths.cancel('abc-f1'));
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(r.text).toBe('<html><body><h1>502 Bad Gateway</h1>upstream error</body></html>');
		expect(emu.requestLog[0].fault).toBe('garbled');
	});

	test('reset: the connection dies with no answer (ECONNRESET), logged with status null', async () => {
		emu.configure({ faults: { byId: { 'abc-f1': 'reset' } } });
		const r = await request(emu, 'POST', paths.cancel('abc-f1'));
		expect(r.status).toBeUndefined();
		expect(r.error.code).toBe('ECONNRESET');
		expect(emu.requestLog.map((e) => [e.status, e.fault])).toEqual([[null, 'reset']]);
	});

	test('timeout: no answer; the client times out first, the socket is destroyed after timeoutHangMs', async () => {
		emu.configure({ faults: { byId: { 'abc-f1': 'timeout' } } });
		const clientGivesUp = await request(emu, 'POST', paths.cancel('abc-f1'), { timeoutMs: 40 });
		expect(clientGivesUp.error.code).toBe('CLIENT_TIMEOUT');
		const patient = await request(emu, 'POST', paths.cancel('abc-f1'));
		expect(patient.error.code).toBe('ECONNRESET'); // "socket hang up"
		expect(patient.ms).toBeGreaterThanOrEqual(140);
		expect(patient.ms).toBeLessThan(1000);
		expect(emu.requestLog.map((e) => [e.status, e.fault])).toEqual([
			[null, 'timeout'],
			[null, 'timeout'],
		]);
	});

	test('byId matches order ids too; { fault, times } fires that many times only', async () => {
		const o = emu.createOrder(orderBody());
		emu.configure({ faults: { byId: { [o.orderId]: { fault: 'http503', times: 2 } } } });
		const statuses = [];
		for (let i = 0; i < 3; i++)
			statuses.push((await request(emu, 'GET', paths.order(o.orderId))).status);
		expect(statuses).toEqual([503, 503, 200]);
		expect(emu.requestLog.map((e) => e.orderId)).toEqual([o.orderId, o.orderId, o.orderId]);
	});

	test('faults come before auth (they stand for infrastructure)', async () => {
		emu.configure({ faults: { byId: { 'abc-f1': 'http503' } } });
		expect((await request(emu, 'POST', paths.cancel('abc-f1'), { auth: false })).status).toBe(503);
	});

	test('bad fault configurations throw and change nothing', async () => {
		emu.configure({ faults: { byId: { 'abc-f1': 'http503' } } });
		expect(() => emu.configure({ faults: { rates: { boom: 0.1 } } })).toThrow(
			'faults.rates: unknown fault "boom"',
		);
		expect(() => emu.configure({ faults: { rates: { http503: 0.7, reset: 0.7 } } })).toThrow(
			'faults.rates must sum to <= 1',
		);
		expect(() => emu.configure({ faults: { byId: { x: 'nope' } } })).toThrow(
			'faults.byId[x]: unknown fault "nope"',
		);
		expect(() => emu.configure({ latencyMs: -1 })).toThrow('latencyMs must be a number >= 0');
		expect(() => emu.configure({ apiKey: 'x' })).toThrow(
			'configure: unknown or start-only knob apiKey',
		);
		await expect(startEmulator({ latency: 5 })).rejects.toThrow(
			'startEmulator: unknown option latency',
		);
	});
});

describe('faults by seeded rate', () => {
	const rates = { http503: 0.2, http500: 0.1, http429: 0.05, garbled: 0.1 };

	async function faultSequence(seed, n = 40) {
		const e = await startEmulator({ clock: 'manual', faults: { seed, rates } });
		try {
			for (let i = 0; i < n; i++) await request(e, 'GET', paths.outage);
			return e.requestLog.map((x) => x.fault);
		} finally {
			await e.close();
		}
	}

	test('mulberry32 is the reference implementation', () => {
		const r = mulberry32(42);
		expect([r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
	});

	test('the same seed gives the same faults on the same request sequence; another seed does not', async () => {
		const a = await faultSequence(42);
		const b = await faultSequence(42);
		const c = await faultSequence(7);
		expect(b).toEqual(a);
		expect(c).not.toEqual(a);
		// Seed 42's first draws are 0.601, 0.448, 0.852: no fault below 0.45 cumulative, so null first...
		const r = mulberry32(42);
		const expected = Array.from({ length: 40 }, () => {
			const u = r();
			return u < 0.2
				? 'http503'
				: u < 0.3
					? 'http500'
					: u < 0.35
						? 'http429'
						: u < 0.45
							? 'garbled'
							: null;
		});
		expect(a).toEqual(expected);
		expect(new Set(a)).toEqual(new Set([null, 'http503', 'http500', 'http429', 'garbled']));
	});

	test('rate 1 faults every request; configure(faults: null) stops it', async () => {
		emu.configure({ faults: { seed: 3, rates: { http500: 1 } } });
		expect((await request(emu, 'GET', paths.balance)).status).toBe(500);
		emu.configure({ faults: null });
		expect((await request(emu, 'GET', paths.balance)).status).toBe(200);
	});
});

describe('latency', () => {
	// The latency given is read from the log (latencyMs); the clock only checks that it was waited out.
	// Times measured in this process only grow on a busy CI core, so only lower bounds are measured.
	const last = () => emu.requestLog[emu.requestLog.length - 1];

	test('latencyMs delays every answer, errors included', async () => {
		emu.configure({ latencyMs: 300 });
		const ok = await request(emu, 'GET', paths.outage);
		const unauth = await request(emu, 'GET', paths.outage, { auth: false });
		expect([ok.status, unauth.status]).toEqual([200, 401]);
		expect(emu.requestLog.slice(-2).map((e) => e.latencyMs)).toEqual([300, 300]);
		expect(ok.ms).toBeGreaterThanOrEqual(295);
		expect(unauth.ms).toBeGreaterThanOrEqual(295);
		emu.configure({ latencyMs: 0 });
		expect((await request(emu, 'GET', paths.outage)).status).toBe(200);
		expect(last().latencyMs).toBe(0);
	});

	test('latencyGrowth: each request in flight beyond freeInFlight adds perInFlightMs; the log says how many were in flight', async () => {
		emu.configure({ latencyMs: 20, latencyGrowth: { perInFlightMs: 300, freeInFlight: 2 } });
		const alone = await request(emu, 'GET', paths.outage);
		expect(last().latencyMs).toBe(20); // 320 if it counted as one in flight beyond the free ones
		expect(alone.ms).toBeGreaterThanOrEqual(15);
		emu.clearLog();
		// Six at once: the 3rd to 6th arrive with 3..6 in flight, 300 ms more each beyond the 2 free ones.
		// A request's latency is set when its answer is scheduled, with at least as many in flight as when
		// it arrived; the last to arrive finds all six.
		const six = await Promise.all(
			Array.from({ length: 6 }, () => request(emu, 'GET', paths.outage)),
		);
		expect(six.every((r) => r.status === 200)).toBe(true);
		expect(emu.requestLog.map((e) => e.inFlight).sort()).toEqual([1, 2, 3, 4, 5, 6]);
		const latencyWith = (inFlight) => 20 + 300 * Math.max(0, inFlight - 2);
		for (const e of emu.requestLog) {
			expect([20, 320, 620, 920, 1220]).toContain(e.latencyMs);
			expect(e.latencyMs).toBeGreaterThanOrEqual(latencyWith(e.inFlight));
			expect(e.answeredAt - e.at).toBeGreaterThanOrEqual(e.latencyMs - 5);
		}
		expect(Math.max(...emu.requestLog.map((e) => e.latencyMs))).toBe(latencyWith(6));
		expect(Math.max(...six.map((r) => r.ms))).toBeGreaterThanOrEqual(latencyWith(6) - 5);
		// Answered requests leave: one alone is given the floor again.
		await request(emu, 'GET', paths.outage);
		expect(last()).toMatchObject({ inFlight: 1, latencyMs: 20 });
		expect(() => emu.configure({ latencyGrowth: { perInFlightMs: -1, freeInFlight: 2 } })).toThrow(
			'latencyGrowth.perInFlightMs must be a number >= 0',
		);
		expect(() => emu.configure({ latencyGrowth: { perInFlightMs: 1, freeInFlight: 1.5 } })).toThrow(
			'latencyGrowth.freeInFlight must be a whole number >= 0',
		);
		emu.configure({ latencyGrowth: null, latencyMs: 0 });
	});
});

describe('close()', () => {
	test('stops timers and the server, drops held requests, and is idempotent', async () => {
		const e = await startEmulator({ pickDelayMs: 60_000, latencyMs: 0, timeoutHangMs: 60_000 });
		await request(e, 'POST', paths.orders, { body: orderBody() }); // a pick timer 60 s away
		e.configure({ faults: { byId: { 'held-f1': 'timeout' } } });
		const held = request(e, 'POST', paths.cancel('held-f1'));
		e.configure({ latencyMs: 60_000 });
		const slow = request(e, 'GET', paths.outage);
		await sleep(30);
		const started = Date.now();
		await e.close();
		await e.close();
		expect(Date.now() - started).toBeLessThan(500);
		expect((await held).error.code).toBe('ECONNRESET');
		expect((await slow).error.code).toBe('ECONNRESET');
		const refused = await new Promise((resolve) => {
			const s = net.connect(e.port, '127.0.0.1');
			s.on('connect', () => resolve(s.destroy() && 'connected'));
			s.on('error', (err) => resolve(err.code));
		});
		expect(refused).toBe('ECONNREFUSED');
	});

	test('listens on 127.0.0.1 only', async () => {
		expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
		const viaOtherAddress = await new Promise((resolve) => {
			const s = net.connect(emu.port, '127.0.0.2');
			s.on('connect', () => {
				s.destroy();
				resolve('connected');
			});
			s.on('error', (err) => resolve(err.code));
			// 127.0.0.2 is loopback on Linux (refused at once); elsewhere it may not answer at all.
			s.setTimeout(500, () => {
				s.destroy();
				resolve('no answer');
			});
		});
		expect(viaOtherAddress).not.toBe('connected');
	});
});
