'use strict';
/**
 * A credential type's form as n8n reads it: one field by its stored name (credentialField), or one row per
 * field (credentialFormFields): its stored name, whether it is secret
 * (typeOptions.password: n8n masks it in the form and its credential API blanks it when it sends a saved
 * credential back to the browser, CredentialsService.redactValues), whether it is required, and its default.
 */
const { createCredentialTypes } = require('../harness/node-types');

/** A credential type's fields, as n8n loads them from the built package. */
function credentialProperties(harness, credentialType) {
	return createCredentialTypes(harness.loader).getByName(credentialType).properties;
}

/** One field of a credential type's form, by its stored name. */
function credentialField(harness, credentialType, name) {
	return credentialProperties(harness, credentialType).find((field) => field.name === name);
}

function credentialFormFields(harness, credentialType) {
	return credentialProperties(harness, credentialType).map((field) => ({
		name: field.name,
		secret: field.typeOptions?.password === true,
		required: field.required === true,
		default: field.default,
	}));
}

module.exports = { credentialField, credentialFormFields };
