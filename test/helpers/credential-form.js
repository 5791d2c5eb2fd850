'use strict';
/**
 * A credential type's form as n8n reads it, one row per field: its stored name, whether it is secret
 * (typeOptions.password: n8n masks it in the form and its credential API blanks it when it sends a saved
 * credential back to the browser, CredentialsService.redactValues), whether it is required, and its default.
 */
const { createCredentialTypes } = require('../harness/node-types');

function credentialFormFields(harness, credentialType) {
	const { properties } = createCredentialTypes(harness.loader).getByName(credentialType);
	return properties.map((field) => ({
		name: field.name,
		secret: field.typeOptions?.password === true,
		required: field.required === true,
		default: field.default,
	}));
}

module.exports = { credentialFormFields };
