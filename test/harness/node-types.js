'use strict';
// Node and credential types, loaded the way n8n loads an installed community package:
// n8n-core's PackageDirectoryLoader reads the package.json "n8n" section and requires each
// dist file; n8n's LoadNodesAndCredentials then names every node `<package name>.<node name>`
// and resolves a versioned node with NodeHelpers.getVersionedNodeType. We do the same here
// (that part of n8n lives in the unpublished cli package, so it is re-implemented, not copied).
const { PackageDirectoryLoader } = require('n8n-core');
const { NodeHelpers, UnexpectedError } = require('n8n-workflow');

const { ItemsTrigger, TRIGGER_PACKAGE } = require('./trigger-node');

async function loadPackage(packageDir) {
	const loader = new PackageDirectoryLoader(packageDir);
	await loader.loadAll();
	if (loader.loadedNodes.length === 0 && Object.keys(loader.credentialTypes).length === 0) {
		throw new UnexpectedError(
			`No nodes or credentials loaded from ${packageDir}: is it built (npm run build) and does its package.json have an "n8n" section?`,
		);
	}
	return loader;
}

/** INodeTypes over the loaded package plus the harness's own trigger stand-in. */
function createNodeTypes(loader) {
	const trigger = new ItemsTrigger();
	const byPackage = (fullType) => {
		const dot = fullType.indexOf('.');
		return [fullType.slice(0, dot), fullType.slice(dot + 1)];
	};

	const nodeTypes = {
		getByName(fullType) {
			const [pkg, name] = byPackage(fullType);
			if (pkg === TRIGGER_PACKAGE && name === trigger.description.name) return trigger;
			if (pkg !== loader.packageName) {
				throw new UnexpectedError(
					`Unknown node type "${fullType}" (loaded package: ${loader.packageName})`,
				);
			}
			// n8n also offers each node marked usableAsTool to AI agents as `<name>Tool`, running the same
			// execute(); the node only sees the type name. (n8n's conversion, which adds the tool's
			// inputs and outputs, lives in its unpublished cli package and is not re-implemented.)
			const base = name.endsWith('Tool') ? name.slice(0, -'Tool'.length) : undefined;
			if (base && loader.known.nodes[base] && loader.getNode(base).type.description.usableAsTool) {
				return loader.getNode(base).type;
			}
			// Throws n8n-core's UnrecognizedNodeTypeError for unknown names, as n8n does.
			return loader.getNode(name).type;
		},
		getByNameAndVersion(fullType, version) {
			return NodeHelpers.getVersionedNodeType(nodeTypes.getByName(fullType), version);
		},
		getKnownTypes() {
			const known = {};
			for (const [name, value] of Object.entries(loader.known.nodes)) {
				known[`${loader.packageName}.${name}`] = value;
			}
			return known;
		},
	};
	return nodeTypes;
}

/** Credential type lookups the credentials helper needs (n8n's CredentialTypes equivalent). */
function createCredentialTypes(loader) {
	const getByName = (name) => loader.getCredential(name).type;
	const getParentTypes = (name) => {
		const parents = getByName(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...safeParentTypes(parent)]);
	};
	// Parents outside the package (oAuth2Api, ...) are not loaded here; they still count as
	// parents, which is what httpRequestWithAuthentication checks.
	const safeParentTypes = (name) => {
		try {
			return getParentTypes(name);
		} catch {
			return [];
		}
	};
	return {
		getByName,
		getParentTypes,
		getSupportedNodes: (name) =>
			(loader.known.credentials[name]?.supportedNodes ?? []).map(
				(n) => `${loader.packageName}.${n}`,
			),
	};
}

module.exports = { loadPackage, createNodeTypes, createCredentialTypes };
