import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What Juspay sends with each webhook so that the Juspay Payout Trigger can tell it from anyone else:
 * HTTP Basic auth with a username and password the merchant chose, and optionally one custom header.
 * Nothing here is sent anywhere; the trigger compares incoming requests with it.
 *
 * The property names below are stored in users' saved credentials: renaming one breaks them.
 */
export class JuspayPayoutWebhookApi implements ICredentialType {
	name = 'juspayPayoutWebhookApi';

	displayName = 'Juspay Payout Webhook API';

	icon: Icon = {
		light: 'file:../nodes/JuspayPayout/juspayPayout.svg',
		dark: 'file:../nodes/JuspayPayout/juspayPayout.dark.svg',
	};

	documentationUrl =
		'https://github.com/juspay-payout-n8n/n8n-nodes-juspay-payout?tab=readme-ov-file#juspay-payout-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			description:
				'The webhook username set in the Juspay dashboard (Payout Management → Settings → Webhooks), or sent per order as additionalInfo.webhookDetails.username',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The webhook password set next to that username in the Juspay dashboard, or sent per order as additionalInfo.webhookDetails.password',
		},
		{
			displayName: 'Custom Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'e.g. x-webhook-token',
			description:
				'Only if you added a custom header to Juspay’s webhooks (dashboard webhook settings, or webhookDetails.customHeader): its name. Leave empty otherwise.',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the custom header is a shared secret like the password
		{
			displayName: 'Custom Header Value',
			name: 'headerValue',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The value Juspay sends in that custom header',
		},
	];
}
