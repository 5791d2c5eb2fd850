import type { INodeProperties } from 'n8n-workflow';

import { ALL_EVENTS, eventOptions } from './events';

export const properties: INodeProperties[] = [
	{
		displayName:
			'Paste this node’s Production URL into Juspay: in the Juspay dashboard under Payout Management → Settings → Webhooks (with the username and password of this node’s credential), or per order in <code>additionalInfo.webhookDetails</code> at order create. Juspay only reaches the production URL while the workflow is active.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ALL_EVENTS],
		description:
			'Which Juspay events start the workflow. Other events are answered 200 and start nothing.',
		options: [
			{
				name: 'All Events',
				value: ALL_EVENTS,
				description: 'Every event Juspay sends, including ones not listed here',
			},
			...eventOptions(),
		],
	},
];
