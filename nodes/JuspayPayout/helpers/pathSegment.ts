/**
 * IDs go into URL paths. Juspay promises no format for them, so instead of a pattern this refuses only
 * what could make the URL mean something else: a segment break, a query or fragment, a percent escape
 * that a server might decode twice, dot segments, and whitespace or control characters.
 * Returns why the value is refused, or undefined when it is safe to encode into one path segment.
 */
const MAX_ID_LENGTH = 256;

const FORBIDDEN_CHARACTERS: Array<[RegExp, string]> = [
	[/\//, 'a slash "/"'],
	[/\\/, 'a backslash "\\"'],
	[/\?/, 'a question mark "?"'],
	[/#/, 'a hash "#"'],
	[/%/, 'a percent sign "%"'],
	// eslint-disable-next-line no-control-regex
	[/[\u0000-\u001f\u007f-\u009f]/, 'a control character'],
	[/[\s\u200b-\u200d\u2060\ufeff]/, 'whitespace'],
];

export function whyUnsafePathSegment(value: string): string | undefined {
	if (value.length === 0) return 'it is empty';
	if (value.length > MAX_ID_LENGTH) return `it is longer than ${MAX_ID_LENGTH} characters`;
	if (value === '.' || value.includes('..')) return 'it contains a dot segment ("." or "..")';
	for (const [pattern, label] of FORBIDDEN_CHARACTERS) {
		if (pattern.test(value)) return `it contains ${label}`;
	}
	// encodeURIComponent throws on lone surrogates: such a string has no URL form at all.
	try {
		encodeURIComponent(value);
	} catch {
		return 'it contains an invalid Unicode character';
	}
	return undefined;
}

/** Header values must not carry line breaks or other control characters. */
export function whyUnsafeHeaderValue(value: string): string | undefined {
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(value)) return 'it contains a line break or control character';
	if (/[^\u0020-\u00ff]/.test(value)) return 'it contains characters outside Latin-1';
	return undefined;
}
