import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/** RFC 9110 header name characters */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * Juspay offers no way to check webhook credentials from outside, so this test checks what can be:
 * that Juspay can send these values at all and that the trigger can compare them.
 */
export function checkWebhookCredential(data: Record<string, unknown>): string | undefined {
	const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
	const username = text('username');
	const password = text('password');
	const headerName = text('headerName').trim();
	const headerValue = text('headerValue').trim();
	if (username === '' || password === '')
		return 'Set both the username and the password you gave Juspay for the webhook.';
	if (username.includes(':'))
		return 'The username cannot contain ":" (HTTP Basic auth splits username and password there).';
	if (CONTROL_CHARACTER.test(username) || CONTROL_CHARACTER.test(password))
		return 'The username or password contains a control character (a pasted line break?).';
	if (headerName === '' && headerValue !== '')
		return 'A custom header value is set without a header name.';
	if (headerName !== '') {
		if (!HEADER_NAME.test(headerName)) return `"${headerName}" is not a valid HTTP header name.`;
		if (headerName.toLowerCase() === 'authorization')
			return 'The custom header cannot be Authorization: Juspay sends the Basic auth there.';
		if (headerValue === '') return `Set the value Juspay sends in the ${headerName} header.`;
		if (CONTROL_CHARACTER.test(headerValue))
			return 'The custom header value contains a control character (a pasted line break?).';
	}
	return undefined;
}

export async function juspayPayoutWebhookApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = checkWebhookCredential((credential.data ?? {}) as Record<string, unknown>);
	if (problem) return { status: 'Error', message: problem };
	return {
		status: 'OK',
		message:
			'The values are usable. Juspay cannot be asked to confirm them: send a test webhook from the Juspay dashboard to be sure.',
	};
}
