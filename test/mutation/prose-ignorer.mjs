/**
 * Stryker ignorer: the wording the n8n editor shows is not mutated.
 *
 * Inside the node's and the credential's descriptions (anything typed INodeTypeDescription,
 * INodeProperties or ICredentialType, or NumberSetting: the Options' INodeProperties with their bounds
 * spelled out, in actions/options.ts; or EventOption, the trigger's event choices), the text of `description`, `displayName`, `hint`,
 * `placeholder`, `action`, `subtitle` and `documentationUrl`, and the label (`name`) of an option
 * that has a `value`, is prose for people, and `icon` names a picture: n8n stores none of it and no
 * run reads it. Replacing it
 * with "" changes what the editor displays, nothing a workflow does, and a test pinning the words
 * would state the implementation, not a behaviour. What is mutated there is everything n8n does
 * read: parameter names, option values, defaults, types, displayOptions, required flags, the
 * credential's authenticate and test request and its rules' messages. Also left unmutated: the text
 * values of a declaration typed with the `EditorText` alias (the trigger's event catalog: each event's
 * description and its label's name); its keys, the event names, are not text values and stay tested.
 * test/mutation/equivalent-mutants.json lists this rule; the report shows these mutants as Ignored.
 */
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const PROSE_KEYS = new Set([
	'description',
	'displayName',
	'hint',
	'placeholder',
	'action',
	'subtitle',
	'documentationUrl',
]);
const DESCRIPTION_TYPES = /\b(INodeTypeDescription|INodeProperties|ICredentialType|NumberSetting|EventOption)\b/;
/** A declaration typed with this alias (the trigger's event catalog) holds only editor words as values. */
const EDITOR_TEXT = /\bEditorText\b/;

function keyName(node) {
	if (!node) return undefined;
	if (node.type === 'Identifier') return node.name;
	if (node.type === 'StringLiteral') return node.value;
	return undefined;
}

/** Whether `path` sits in code whose declared type is a node or credential description. */
function inDescription(path, code, types = DESCRIPTION_TYPES) {
	return Boolean(
		path.findParent((ancestor) => {
			const annotated =
				ancestor.node.typeAnnotation ?? ancestor.node.returnType ?? ancestor.node.id?.typeAnnotation;
			if (annotated && types.test(code.slice(annotated.start, annotated.end))) return true;
			const implemented = ancestor.isClassDeclaration() ? ancestor.node.implements ?? [] : [];
			return implemented.some((clause) => types.test(code.slice(clause.start, clause.end)));
		}),
	);
}

function isOptionLabel(property) {
	const object = property.parentPath;
	return (
		keyName(property.node.key) === 'name' &&
		object.isObjectExpression() &&
		object.node.properties.some((p) => p.type === 'ObjectProperty' && keyName(p.key) === 'value')
	);
}

export const proseIgnorer = {
	shouldIgnore(path) {
		const property = path.parentPath;
		if (!property || path.key !== 'value') return undefined;
		if (!property.isObjectProperty() && !property.isClassProperty()) return undefined;
		const key = keyName(property.node.key);
		const text = path.isStringLiteral() || path.isTemplateLiteral();
		let what;
		if (key === 'icon') what = 'editor icon';
		else if (text && PROSE_KEYS.has(key)) what = `editor wording (${key})`;
		else if (text && property.isObjectProperty() && isOptionLabel(property)) what = 'editor wording (option label)';
		const code = path.hub?.file?.code ?? '';
		if (!what && path.isStringLiteral() && property.isObjectProperty() && inDescription(path, code, EDITOR_TEXT)) {
			return 'Editor wording (EditorText): shown to people, read by no run';
		}
		if (!what || !inDescription(path, code)) return undefined;
		return `${what[0].toUpperCase()}${what.slice(1)}: shown to people, read by no run`;
	},
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'editor-prose', proseIgnorer)];
