'use strict';
// ICredentialsHelper for tests: credentials come from the test (plain objects, no database, no
// encryption), everything else follows n8n's cli CredentialsHelper (packages/cli/src/
// credentials-helper.ts) so that a credential type behaves here as it does in n8n:
// - getDecrypted fills in the credential type's defaults with NodeHelpers.getNodeParameters
//   (which also drops fields hidden by displayOptions) and resolves expressions in the data;
// - authenticate() applies `authenticate: { type: 'generic', properties }` by resolving each key
//   and value with the workflow's own expression engine, with `$credentials` as extra key, and
//   assigning requestOptions[auth|headers|qs|body][key] = value. `auth: { username, password }`
//   thereby becomes axios' `auth`, i.e. HTTP Basic, when n8n-core sends the request.
const { getAdditionalKeys } = require('n8n-core');
const { ICredentialsHelper, NodeHelpers, UnexpectedError, isExpression } = require('n8n-workflow');

class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param credentialTypes from node-types.js createCredentialTypes()
	 * @param credentials { [type]: { id, name?, data } }
	 */
	constructor(credentialTypes, credentials = {}) {
		super();
		this.credentialTypes = credentialTypes;
		this.credentials = credentials;
		/** Every updateCredentials call, for tests that care (n8n would write to its database). */
		this.updates = [];
	}

	getParentTypes(typeName) {
		return this.credentialTypes.getParentTypes(typeName);
	}

	isCredentialUsableByNode(credentialType, nodeType) {
		let typeDef;
		try {
			typeDef = this.credentialTypes.getByName(credentialType);
		} catch {
			return true; // unknown type: let the caller fail later, as n8n does
		}
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (typeof authenticate !== 'object' || authenticate === null) return requestOptions;
		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		if (requestOptions.headers === undefined) requestOptions.headers = {};
		if (authenticate.type !== 'generic') return requestOptions; // n8n ignores other types too

		const resolve = (value) => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? resolved.toString() : '';
		};
		for (const [target, entries] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(entries)) {
				if (!requestOptions[target]) requestOptions[target] = {};
				requestOptions[target][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		// Only credential types with an expirable hidden property (token fetch) use this.
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(helpers, credentials)) ?? undefined;
	}

	async getCredentials(nodeCredentials, type) {
		// n8n returns an encrypted Credentials instance; nothing in node execution needs it.
		const entry = this.lookup(nodeCredentials, type);
		return { id: entry.id, name: entry.name, type, getData: async () => ({ ...entry.data }) };
	}

	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		const entry = this.lookup(nodeCredentials, type);
		const stored = { ...entry.data };
		if (raw === true) return stored;

		let data = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored,
			true,
			false,
			null,
			null,
		);
		// Credential fields may hold expressions (`={{ $vars.x }}`); n8n resolves them per node
		// execution with the node's context. Skipped when there are none (the common case).
		if (expressionResolveValues && Object.values(data).some((v) => isExpression(v))) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				getAdditionalKeys(additionalData, mode, null, { isCredential: true }),
				executeData,
				false,
				data,
			);
		}
		return data;
	}

	async updateCredentials(nodeCredentials, type, data) {
		this.updates.push({ nodeCredentials, type, data });
	}

	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		this.updates.push({ nodeCredentials, type, data });
	}

	getCredentialsProperties(type) {
		const credentialType = this.credentialTypes.getByName(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	lookup(nodeCredentials, type) {
		const entry = this.credentials[type];
		if (!entry) {
			throw new UnexpectedError(`Harness: no credentials of type "${type}" were given to the run`);
		}
		if (nodeCredentials && nodeCredentials.id && entry.id && nodeCredentials.id !== entry.id) {
			throw new UnexpectedError(
				`Harness: node asks for ${type} credential id "${nodeCredentials.id}", the run has "${entry.id}"`,
			);
		}
		return entry;
	}
}

module.exports = { HarnessCredentialsHelper };
