'use strict';
/** Shared test values. Keys are fake strings, never real ones. */
const path = require('node:path');

const REPO_DIR = path.resolve(__dirname, '../..');
const API_KEY = 'test_key_fake_5f2a9c';
const MERCHANT_ID = 'test_merchant';
const ROUTING_ID = 'cust_1122';
const CANCEL_PATH = (id) => `/payout/merchant/v1/fulfillment/${id}/cancel`;
const SCHEDULED_TEXT =
	'Fulfillment is scheduled for cancelation. Please check order status for final status.';

/** Credential data for the emulator (or any loopback server) at `url`. */
function credentialFor(url, apiKey = API_KEY) {
	return { apiKey, merchantId: MERCHANT_ID, environment: 'custom', baseUrl: url };
}

/** Every form in which the API key could leak: as typed, in the Basic auth header, URL-encoded. */
function secretForms(apiKey = API_KEY) {
	return [
		apiKey,
		Buffer.from(`${apiKey}:`).toString('base64'),
		Buffer.from(apiKey).toString('base64'),
		encodeURIComponent(apiKey),
	];
}

/** An order with one small IMPS fulfillment (succeeds at the dummy gateway unless cancelled). */
function orderBody(orderId, { amount = 1, customerId = ROUTING_ID, scheduleTime } = {}) {
	return {
		orderId,
		amount,
		customerId,
		type: 'FULFILL_ONLY',
		fulfillments: [
			{
				preferredMethodList: ['DUMMY_IMPS'],
				amount,
				beneficiaryDetails: {
					type: 'ACCOUNT_IFSC',
					details: { name: 'Asha Rao', account: '026291800001191', ifsc: 'YESB0000262' },
				},
				additionalInfo: { remark: 'refund', ...(scheduleTime ? { scheduleTime } : {}) },
			},
		],
	};
}

module.exports = {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	ROUTING_ID,
	CANCEL_PATH,
	SCHEDULED_TEXT,
	credentialFor,
	secretForms,
	orderBody,
};
