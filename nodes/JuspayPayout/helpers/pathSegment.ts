/**
 * IDs go into URL paths. Juspay promises no format for them, but its ids (order ids: letters, digits,
 * `_ - @`; fulfillment ids: hex plus `-f<n>`) are printable ASCII. So instead of a pattern this refuses
 * what could make the URL mean something else (a segment break, a query or fragment, a percent escape
 * that a server might decode twice, dot segments) and anything outside printable ASCII: whitespace,
 * control characters, and Unicode look-alikes (full-width "．．／", "％２ｆ"), zero-width and
 * direction marks, which a server or proxy may fold into the characters they imitate.
 * Returns why the value is refused, or undefined when it is safe to put into one path segment as is.
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
	[/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/, 'a text direction mark'],
	[/[^\u0021-\u007e]/, 'a character that is not printable ASCII (an accent, symbol or look-alike)'],
];

export function whyUnsafePathSegment(value: string): string | undefined {
	if (value.length === 0) return 'it is empty';
	if (value.length > MAX_ID_LENGTH) return `it is longer than ${MAX_ID_LENGTH} characters`;
	if (value === '.' || value.includes('..')) return 'it contains a dot segment ("." or "..")';
	for (const [pattern, label] of FORBIDDEN_CHARACTERS) {
		if (pattern.test(value)) return `it contains ${label}`;
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
