'use strict';
/**
 * Juspay's per-request checks: Basic auth with the API key as username, then the x-merchantid header.
 * Node lower-cases header names, so "x-merchantId" (as one Juspay sample writes it) matches too.
 */
const { errors } = require('./errors');

function authenticate(headers, { apiKey, merchantId }) {
	const header = headers.authorization;
	if (header === undefined || header.trim() === '') throw errors.apiKeyMissing();
	// A header with another scheme (Bearer …) carries no usable key: we call that an invalid key.
	const m = /^Basic\s+(\S+)\s*$/i.exec(header);
	if (!m) throw errors.invalidApiKey();
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	// Juspay says "password: empty string"; like any Basic-auth server it most likely reads only the
	// username, so a non-empty password is ignored (the request log keeps the header for tests to check).
	const key = colon === -1 ? decoded : decoded.slice(0, colon);
	if (key === '') throw errors.apiKeyMissing();
	if (key !== apiKey) throw errors.invalidApiKey();
	const merchant = headers['x-merchantid'];
	if (merchant === undefined || merchant === '') throw errors.merchantMissing();
	if (merchant !== merchantId) throw errors.merchantMismatch();
}

module.exports = { authenticate };
