import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { seenBefore } from './dedupe';
import { parseEvent, toOutputJson } from './event';
import { isSelected } from './events';
import { isAuthorized, type IncomingHeaders } from './verification';

export const CREDENTIAL_TYPE = 'juspayPayoutWebhookApi';
/** The static data key of the remembered event ids (stored with the workflow: renaming breaks it) */
const SEEN_KEY = 'seenEventIds';

function reject(
	context: IWebhookFunctions,
	status: 400 | 401,
	message: string,
): IWebhookResponseData {
	const res = context.getResponseObject();
	if (status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="Juspay Payout webhook"');
	res.status(status).json({ message });
	return { noWebhookResponse: true };
}

/** 200 without an execution; the body says why, for whoever reads Juspay's delivery log. */
function ignore(reason: string, eventId: string): IWebhookResponseData {
	return { webhookResponse: { received: true, eventId, started: false, reason } };
}

/**
 * One webhook call: verify (401), parse (400), filter on the chosen events (200, nothing started),
 * drop a repeated event id (200, nothing started), else start the workflow with one item. n8n answers
 * Juspay as soon as the execution is started (response mode "on received").
 */
export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credential = await this.getCredentials<IDataObject>(CREDENTIAL_TYPE);
	const expected = {
		username: typeof credential.username === 'string' ? credential.username : '',
		password: typeof credential.password === 'string' ? credential.password : '',
		headerName: typeof credential.headerName === 'string' ? credential.headerName : '',
		headerValue: typeof credential.headerValue === 'string' ? credential.headerValue : '',
	};
	if (expected.username === '' || expected.password === '') {
		this.logger.warn(
			'Juspay Payout Trigger: its credential has no username or password, so every call is refused',
		);
	}
	if (!isAuthorized(this.getHeaderData() as IncomingHeaders, expected)) {
		return reject(this, 401, 'Unauthorized');
	}

	const parsed = parseEvent(this.getBodyData());
	if ('problem' in parsed) {
		return reject(this, 400, `Not a Juspay Payout event: ${parsed.problem}`);
	}
	const { event } = parsed;

	const selected = this.getNodeParameter('events', []) as string[];
	if (!isSelected(selected, event.name)) return ignore(`${event.name} is not selected`, event.id);

	// "Listen for test event" in the editor: the same sample may be sent again on purpose.
	if (this.getMode() !== 'manual') {
		const node = this.getNode();
		const staticData = this.getWorkflowStaticData('node');
		const { duplicate, seen } = seenBefore(
			`${this.getWorkflow().id ?? ''}\u0000${node.id}`,
			staticData[SEEN_KEY],
			event.id,
			Date.now(),
		);
		staticData[SEEN_KEY] = seen;
		if (duplicate) return ignore('this event id was already received', event.id);
	}

	const secrets = [expected.password, expected.headerValue.trim()].filter((s) => s !== '');
	return {
		workflowData: [[{ json: toOutputJson(event, new Date(), secrets) }]],
	};
}
