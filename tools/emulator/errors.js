'use strict';
/**
 * Juspay's error bodies, in one place so every route answers in the same flat shape:
 * {"error":true,"errorCode":"E..","errorMessage":"…","userMessage":"…"}.
 * Codes and HTTP statuses follow the table in shared/juspay-payout-api.md; the texts Juspay does not
 * publish are our best guess and are marked below.
 */

class JuspayError extends Error {
	constructor(status, errorCode, errorMessage, userMessage, headers) {
		super(`${status} ${errorCode}: ${errorMessage}`);
		this.name = 'JuspayError';
		this.status = status;
		this.errorCode = errorCode;
		this.errorMessage = errorMessage;
		this.userMessage = userMessage;
		this.headers = headers || {};
	}

	/** The flat body Juspay documents. */
	body() {
		return {
			error: true,
			errorCode: this.errorCode,
			errorMessage: this.errorMessage,
			userMessage: this.userMessage,
		};
	}
}

const errors = {
	// E01: validation failure. Juspay does not publish its per-field texts; ours name the field.
	validation: (message) => new JuspayError(400, 'E01', message, 'Bad Request'),
	// E02 text is documented verbatim.
	invalidApiKey: () =>
		new JuspayError(401, 'E02', 'Invalid API key passed in request.', 'Unauthorized'),
	apiKeyMissing: () =>
		new JuspayError(401, 'E04', 'API key not present in request.', 'Unauthorized'),
	// E05: documented as "bad request (route or query parameters)".
	badRequest: (message) => new JuspayError(400, 'E05', message, 'Bad Request'),
	// An unknown route: Juspay documents nothing; we keep the E05 code (a route problem) with a 404
	// status, which is what a client most likely sees from any web server.
	noRoute: (method, path) =>
		new JuspayError(404, 'E05', `No route for ${method} ${path}`, 'Not Found'),
	// The emulator's choice: x-merchantid missing -> 401 E07, present but for another merchant -> 403 E08.
	merchantMissing: () =>
		new JuspayError(401, 'E07', 'x-merchantid header not present in request.', 'Unauthorized'),
	merchantMismatch: () =>
		new JuspayError(
			403,
			'E08',
			'Merchant id in x-merchantid does not match the API key.',
			'Forbidden',
		),
	// E09 text is documented verbatim: "Could not find resource: Fulfillment <id>".
	notFound: (kind, id) =>
		new JuspayError(404, 'E09', `Could not find resource: ${kind} ${id}`, 'Not Found'),
	// Injected faults. Juspay documents no 503 and no 429: E06/E429 are the emulator's picks.
	unavailable: () =>
		new JuspayError(503, 'E06', 'Service temporarily unavailable.', 'Internal Server Error'),
	somethingWentWrong: () =>
		new JuspayError(500, 'E90', 'Something went wrong.', 'Internal Server Error'),
	tooManyRequests: (retryAfterSeconds) =>
		new JuspayError(429, 'E429', 'Too many requests, please retry later.', 'Too Many Requests', {
			'retry-after': String(retryAfterSeconds),
		}),
};

module.exports = { JuspayError, errors };
