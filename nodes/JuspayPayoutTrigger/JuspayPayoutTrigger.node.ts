import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { juspayPayoutWebhookApiTest } from './credentialTest';
import { properties } from './description';
import { receive } from './receive';

export class JuspayPayoutTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Juspay Payout Trigger',
		name: 'juspayPayoutTrigger',
		icon: {
			light: 'file:../JuspayPayout/juspayPayout.svg',
			dark: 'file:../JuspayPayout/juspayPayout.dark.svg',
		},
		group: ['trigger'],
		version: [1],
		subtitle:
			'={{ $parameter["events"].includes("*") ? "All events" : $parameter["events"].join(", ") }}',
		description:
			'Starts the workflow when Juspay reports that a payout order, fulfillment or transaction changed state',
		defaults: { name: 'Juspay Payout Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'juspayPayoutWebhookApi', required: true, testedBy: 'juspayPayoutWebhookApiTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answer Juspay as soon as the execution has started: its delivery must not wait for the workflow.
				responseMode: 'onReceived',
				// An empty 200 once the execution has started (without it n8n's default answer is the text
				// "firstEntryJson"); refusals and ignored events answer with their own body.
				responseData: 'noData',
				path: 'webhook',
			},
		],
		// What the editor's left pane says while one listens for a test event
		triggerPanel: {
			header: 'Listen for a test event from Juspay',
			executionsHelp: {
				inactive:
					'While the workflow is inactive, send a test webhook from the Juspay dashboard to the Test URL after clicking "Listen for test event". Activate the workflow and give Juspay the Production URL to start it on every payout status change.',
				active:
					'The workflow is active: Juspay’s webhooks to the Production URL start it. Repeated deliveries of one event start it only once. Past runs are under Executions.',
			},
			activationHint:
				'Once you have finished building the workflow, activate it and paste the Production URL into the Juspay dashboard (or an order’s webhookDetails).',
		},
		properties,
	};

	methods = {
		credentialTest: { juspayPayoutWebhookApiTest },
	};

	// Juspay has no API to register a webhook URL: the merchant pastes it into the Juspay dashboard (or
	// sends it per order in webhookDetails). So there is nothing to create, find or delete remotely, and
	// activation must not fail for want of it.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive.call(this);
	}
}
