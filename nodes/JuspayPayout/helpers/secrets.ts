import type { IDataObject } from 'n8n-workflow';

/**
 * Keeping the API key out of everything the node outputs or throws. Juspay, or a proxy in front of it,
 * may echo a request back (headers in an error page, a debugging proxy's JSON), so every string that
 * leaves the node passes through here first, and is cut only afterwards: a key that straddles an
 * excerpt's end would otherwise leave a piece of itself behind.
 */

/** Shorter values are not redacted: replacing every "ab" in an answer would garble it and hide nothing. */
const MIN_SECRET_LENGTH = 4;

const REDACTED = '[redacted]';

/** The forms in which a request can carry the key: as typed, in the Basic auth header, URL-encoded. */
export function secretFormsOf(apiKey: string): string[] {
	if (apiKey.length < MIN_SECRET_LENGTH) return [];
	const forms = [
		apiKey,
		Buffer.from(`${apiKey}:`).toString('base64'),
		Buffer.from(apiKey).toString('base64'),
		encodeURIComponent(apiKey),
	];
	// Longest first, so that no form is half-replaced by a shorter one it contains.
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

export function redactText(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (result.includes(secret)) result = result.split(secret).join(REDACTED);
	}
	return result;
}

/** Redacts first, then cuts to `maxLength` characters. */
export function redactedExcerpt(
	text: string,
	secrets: readonly string[],
	maxLength: number,
): string {
	return redactText(text, secrets).slice(0, maxLength).trim();
}

/** Every string in a JSON value, keys included, redacted. Returns the value itself when nothing matched. */
export function redactJson<T>(value: T, secrets: readonly string[]): T {
	if (secrets.length === 0) return value;
	return redactValue(value, secrets) as T;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return redactText(value, secrets);
	if (Array.isArray(value)) {
		let changed = false;
		const copy = value.map((entry) => {
			const redacted = redactValue(entry, secrets);
			if (redacted !== entry) changed = true;
			return redacted;
		});
		return changed ? copy : value;
	}
	if (value !== null && typeof value === 'object') {
		let changed = false;
		const copy: IDataObject = {};
		for (const [key, entry] of Object.entries(value as IDataObject)) {
			const redactedKey = redactText(key, secrets);
			const redacted = redactValue(entry, secrets);
			if (redactedKey !== key || redacted !== entry) changed = true;
			copy[redactedKey] = redacted as IDataObject[string];
		}
		return changed ? copy : value;
	}
	return value;
}

/**
 * Whether a raw answer text can hold a secret once parsed. Without a backslash no JSON escape can hide
 * one, so a plain search of the text is exact and spares a walk through every parsed answer.
 */
export function mayHoldSecret(text: string, secrets: readonly string[]): boolean {
	return text.includes('\\') || secrets.some((secret) => text.includes(secret));
}
