'use strict';
/**
 * Orders, fulfillments and transactions, and the state machine that moves them with time.
 *
 *   fulfillment CREATED --pick--> PENDING (transaction <id>-t1 INITIATED) --gateway--> outcome
 *   pick: pickDelayMs after creation, or at additionalInfo.scheduleTime when that is in the future.
 *   gateway: gatewayDelayMs after the pick; the outcome follows gateway.js's amount rules:
 *     SUCCESS                 t1 SUCCESS, fulfillment SUCCESS, balance debited
 *     MANUAL_REVIEW           t1 MANUAL_REVIEW, fulfillment MANUAL_REVIEW (stays there)
 *     FAIL_ONCE_THEN_SUCCESS  t1 FAILURE and t2 INITIATED; one gatewayDelayMs later t2 SUCCESS
 *     SLOW_FAILURE            stays INITIATED/PENDING two more gatewayDelayMs, then FAILURE
 *     SUCCESS_THEN_REVERSED   SUCCESS as above; one gatewayDelayMs later the transaction is REVERSED,
 *                             the fulfillment goes to FAILURE and the balance is credited back (our
 *                             reading: the money did not reach the beneficiary, so the payout failed)
 *     FAILURE                 t1 FAILURE, fulfillment FAILURE
 *   cancel: always accepted for a known id; cancelDelayMs later it takes effect only if the fulfillment is
 *     still CREATED. A pick that comes first wins, as at Juspay ("scheduled", not "done").
 *   Every change of an order's, fulfillment's or transaction's status is reported to onEvent(label, value,
 *   info, order), which sends Juspay's webhooks (webhooks.js).
 */
const crypto = require('node:crypto');
const { errors } = require('./errors');
const { outcomeFor, iso, createBalances } = require('./gateway');
const { parseCreateOrder } = require('./validate');

const TERMINAL = new Set(['SUCCESS', 'FAILURE', 'CANCELLED', 'DISCARDED']);

/** The order's status follows its fulfillments. */
function orderStatusOf(fulfillments) {
	const s = fulfillments.map((f) => f.status);
	if (s.includes('MANUAL_REVIEW')) return 'FULFILLMENTS_MANUAL_REVIEW';
	if (s.every((x) => TERMINAL.has(x))) {
		if (s.every((x) => x === 'CANCELLED')) return 'FULFILLMENTS_CANCELLED';
		if (s.every((x) => x === 'SUCCESS')) return 'FULFILLMENTS_SUCCESSFUL';
		// Some paid, some not (failed or cancelled): Juspay's multi-fulfillment "partially" state.
		if (s.includes('SUCCESS')) return 'FULFILLED_PARTIALLY';
		return 'FULFILLMENTS_FAILURE'; // failures, possibly mixed with cancellations
	}
	// Nothing picked yet (cancellations aside): still waiting for fulfillment.
	if (s.every((x) => x === 'CREATED' || x === 'CANCELLED')) return 'READY_FOR_FULFILLMENT';
	return 'FULFILLMENTS_SCHEDULED';
}

function createState({ clock, config, onEvent = () => {} }) {
	const orders = new Map(); // orderId -> order
	const fulfillments = new Map(); // fulfillment id -> fulfillment (which points at its order)
	const balances = createBalances(clock.now);
	const later = (ms, fn) => clock.setTimer(fn, ms);

	function touch(order) {
		order.updatedAt = clock.now();
		const before = order.status;
		order.status = orderStatusOf(order.fulfillments);
		if (order.status !== before)
			onEvent('ORDER', order.status, orderView(order, FULL_EXPAND), order);
	}

	const fulfillmentInfo = (f) => ({ ...fulfillmentView(f), orderId: f.order.orderId });
	const transactionInfo = (t) => ({
		...transactionView(t),
		fulfillmentId: t.fulfillment.id,
		orderId: t.fulfillment.order.orderId,
	});

	function setFulfillment(f, status) {
		if (f.status !== status) {
			f.status = status;
			f.statusUpdatedAt = clock.now();
			onEvent('FULFILLMENT_ORDER', status, fulfillmentInfo(f), f.order);
		}
		touch(f.order);
	}

	function addTransaction(f) {
		const t = {
			transactionRef: `${f.id}-t${f.transactions.length + 1}`,
			status: 'INITIATED',
			fulfillmentMethod: f.method,
			amount: f.amount,
			createdAt: clock.now(),
			updatedAt: clock.now(),
			fulfillment: f,
		};
		f.transactions.push(t);
		onEvent('FULFILLMENT_TXN', t.status, transactionInfo(t), f.order);
		return t;
	}

	function setTransaction(t, status) {
		if (t.status === status) return;
		t.status = status;
		t.updatedAt = clock.now();
		onEvent('FULFILLMENT_TXN', status, transactionInfo(t), t.fulfillment.order);
	}

	function succeed(f, t) {
		setTransaction(t, 'SUCCESS');
		balances.change(f.method, -f.paise);
		setFulfillment(f, 'SUCCESS');
	}

	function fail(f, t) {
		setTransaction(t, 'FAILURE');
		setFulfillment(f, 'FAILURE');
	}

	function pick(f) {
		f.pickTimer = null;
		if (f.status !== 'CREATED') return;
		f.method = f.preferredMethodList[0]; // the dummy gateways are always up: first preference wins
		const t = addTransaction(f);
		setFulfillment(f, 'PENDING');
		later(config().gatewayDelayMs, () => gatewayAnswers(f, t));
	}

	function gatewayAnswers(f, t) {
		const gap = config().gatewayDelayMs;
		switch (outcomeFor(f.method, f.paise)) {
			case 'SUCCESS':
				return succeed(f, t);
			case 'MANUAL_REVIEW':
				setTransaction(t, 'MANUAL_REVIEW');
				return setFulfillment(f, 'MANUAL_REVIEW');
			case 'FAIL_ONCE_THEN_SUCCESS': {
				setTransaction(t, 'FAILURE');
				const retry = addTransaction(f);
				touch(f.order);
				return later(gap, () => succeed(f, retry));
			}
			case 'SLOW_FAILURE':
				return later(2 * gap, () => fail(f, t));
			case 'SUCCESS_THEN_REVERSED':
				succeed(f, t);
				return later(gap, () => {
					setTransaction(t, 'REVERSED');
					balances.change(f.method, f.paise);
					setFulfillment(f, 'FAILURE');
				});
			default:
				return fail(f, t);
		}
	}

	function createOrder(body) {
		const input = parseCreateOrder(body);
		// Juspay rejects a reused orderId; it documents no code, E01 (validation) is our pick.
		if (orders.has(input.orderId)) throw errors.validation(`Order ${input.orderId} already exists`);
		const now = clock.now();
		const internalId = crypto.randomBytes(16).toString('hex');
		const order = {
			orderId: input.orderId,
			status: 'READY_FOR_FULFILLMENT',
			type: 'FULFILL_ONLY',
			amount: input.amount,
			customerId: input.customerId,
			createdAt: now,
			updatedAt: now,
			udfs: input.udfs,
			webhookDetails: input.webhookDetails,
			fulfillments: [],
		};
		input.fulfillments.forEach((fin, i) => {
			const f = {
				...fin,
				id: `${internalId}-f${i + 1}`,
				order,
				status: 'CREATED',
				statusUpdatedAt: now,
				fulfillmentMethodList: [...fin.preferredMethodList],
				method: null,
				transactions: [],
				pickTimer: null,
				cancelTimer: null,
			};
			const inFuture = f.scheduleAtMs !== null && f.scheduleAtMs > now;
			f.pickTimer = later(inFuture ? f.scheduleAtMs - now : config().pickDelayMs, () => pick(f));
			order.fulfillments.push(f);
			fulfillments.set(f.id, f);
		});
		orders.set(order.orderId, order);
		// "Fulfillment created at Juspay"
		for (const f of order.fulfillments)
			onEvent('FULFILLMENT_ORDER', 'INITIATED', fulfillmentInfo(f), order);
		return orderView(order, FULL_EXPAND);
	}

	/** Returns false for an unknown id. Repeated or too-late cancels are accepted and change nothing. */
	function cancelFulfillment(id) {
		const f = fulfillments.get(id);
		if (!f) return false;
		if (f.status === 'CREATED' && f.cancelTimer === null) {
			f.cancelTimer = later(config().cancelDelayMs, () => {
				if (f.status !== 'CREATED') return; // picked in the meantime: the payout goes on
				clock.clearTimer(f.pickTimer);
				f.pickTimer = null;
				setFulfillment(f, 'CANCELLED');
			});
		}
		return true;
	}

	function getOrder(orderId, expand = FULL_EXPAND) {
		const order = orders.get(orderId);
		return order ? orderView(order, expand) : null;
	}

	return { createOrder, cancelFulfillment, getOrder, balances: () => balances.view() };
}

const FULL_EXPAND = new Set(['fulfillment', 'payment', 'refund']);

/** A fresh plain copy in Juspay's shape, so callers can never mutate the emulator's state. */
function orderView(order, expand) {
	const view = {
		orderId: order.orderId,
		status: order.status,
		type: order.type,
		amount: order.amount,
		customerId: order.customerId,
		createdAt: iso(order.createdAt),
		updatedAt: iso(order.updatedAt),
		...order.udfs,
	};
	// FULFILL_ONLY orders never have payments or refunds; like fulfillments they appear only when expanded.
	if (expand.has('payment')) view.payments = [];
	if (expand.has('refund')) view.refunds = [];
	if (expand.has('fulfillment')) view.fulfillments = order.fulfillments.map(fulfillmentView);
	return view;
}

function fulfillmentView(f) {
	return {
		id: f.id,
		status: f.status,
		amount: f.amount,
		statusUpdatedAt: iso(f.statusUpdatedAt),
		preferredMethodList: [...f.preferredMethodList],
		fulfillmentMethodList: [...f.fulfillmentMethodList],
		merchantCustomerId: f.order.customerId,
		beneficiaryDetails: JSON.parse(JSON.stringify(f.beneficiaryDetails)),
		additionalInfo: JSON.parse(JSON.stringify(f.additionalInfo)),
		transactions: f.transactions.map(transactionView),
	};
}

function transactionView(t) {
	return {
		transactionRef: t.transactionRef,
		status: t.status,
		fulfillmentMethod: t.fulfillmentMethod,
		amount: t.amount,
		createdAt: iso(t.createdAt),
		updatedAt: iso(t.updatedAt),
	};
}

module.exports = { createState, orderStatusOf, FULL_EXPAND };
