import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { SENDABLE_BASE_URL } from '../nodes/JuspayPayout/transport/baseUrl';
import { BALANCE_PATH } from '../nodes/JuspayPayout/transport/endpoints';

/**
 * Not a URL at all: a request to it fails before anything is sent (n8n's Test button then says "Invalid
 * URL"), and anyone reading the resolved address sees why.
 */
const REFUSED_BASE_URL =
	'Base URL refused: use https://, or http:// only for a local or private-network host, with no user name, query or fragment';

/**
 * Juspay Payout authenticates with HTTP Basic: the API key is the username and the password is empty.
 * Every call also names the merchant in `x-merchantid`.
 *
 * The property names below are stored in users' saved credentials: renaming one breaks them.
 */
export class JuspayPayoutApi implements ICredentialType {
	name = 'juspayPayoutApi';

	displayName = 'Juspay Payout API';

	icon: Icon = {
		light: 'file:../nodes/JuspayPayout/juspayPayout.svg',
		dark: 'file:../nodes/JuspayPayout/juspayPayout.dark.svg',
	};

	documentationUrl =
		'https://github.com/juspay-payout-n8n/n8n-nodes-juspay-payout?tab=readme-ov-file#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The API key from the Juspay dashboard. Sandbox and production keys are different.',
		},
		{
			displayName: 'Merchant ID',
			name: 'merchantId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. acme_payouts',
			description: 'The merchant ID Juspay gave you, sent as the x-merchantid header',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'sandbox',
			options: [
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: 'https://sandbox.juspay.in, dummy gateways, no real money',
				},
				{
					name: 'Production',
					value: 'production',
					description: 'https://api.juspay.in, real payouts',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A proxy in front of Juspay, or the local Juspay Payout emulator',
				},
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4010',
			description:
				'The URL that stands in for https://api.juspay.in: https://, or http:// only for this machine or a private network (127.0.0.1, 10.x, 192.168.x, a container name), since the API key goes with every request. No user name, query or fragment.',
			displayOptions: { show: { environment: ['custom'] } },
		},
	];

	/**
	 * HTTP Basic with the key as username and an empty password, plus `x-merchantid`. Written as a
	 * function rather than `={{$credentials.apiKey}}` expressions: n8n resolves such expressions through
	 * its expression engine for every request (a workflow data proxy each time), which was a fifth of
	 * n8n's CPU time per cancel in a large batch; reading two strings costs nothing. Same result on the
	 * wire, and n8n applies it the same way for this node, the HTTP Request node and the credential test.
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		auth: { username: String(credentials.apiKey ?? ''), password: '' },
		headers: { ...requestOptions.headers, 'x-merchantid': String(credentials.merchantId ?? '') },
	});

	// The balance endpoint is read-only and needs a valid key and merchant: it proves both without
	// touching any order or fulfillment. A custom Base URL the node would refuse (see transport/baseUrl)
	// becomes an address that cannot be requested, so "Test" sends the key nowhere; no redirect is followed.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "production" ? "https://api.juspay.in" : $credentials.environment !== "custom" ? "https://sandbox.juspay.in" : /${SENDABLE_BASE_URL.source}/i.test(String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, "")) ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : "${REFUSED_BASE_URL}" }}`,
			url: BALANCE_PATH,
			method: 'GET',
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Juspay rejected the API key or merchant ID (HTTP 401). Copy both again from the Juspay dashboard, and check that the key belongs to the chosen environment: sandbox and production keys differ.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Juspay accepted the key but refused access for this merchant (HTTP 403). Check the Merchant ID, or ask Juspay to enable Payout API access for it.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Juspay Payout API at this address (HTTP 404). Check the environment, or the Base URL: it should be the host only, without /payout/... in it.',
				},
			},
		],
	};
}
