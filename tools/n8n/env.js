'use strict';
/**
 * The environment of every n8n process the runner starts: offline, quiet about telemetry, deterministic,
 * none of the caller's n8n settings, plus the instance's own folder, key, ports, queue and database.
 */
const path = require('node:path');

/** A fixed, fake encryption key: test instances' credentials need no secrecy. */
const TEST_ENCRYPTION_KEY = 'n8n-nodes-juspay-payout-e2e-test-key-not-secret';

/** Environment that keeps n8n offline, quiet about telemetry and deterministic. */
function offlineEnv() {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'false', // no npm registry look-ups, no reinstall of missing packages
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_PUBLIC_API_DISABLED: 'true',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_SENTRY_DSN: '',
		N8N_FRONTEND_SENTRY_DSN: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_METRICS: 'false',
		N8N_SECURE_COOKIE: 'false', // plain http on loopback
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_RUNNERS_MODE: 'internal',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		DO_NOT_TRACK: '1',
		SCARF_ANALYTICS: 'false',
	};
}

/** The caller's environment without anything that would change how n8n behaves or where it connects. */
function baseEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODES_|WEBHOOK_URL$|CREDENTIALS_|npm_)/i.test(k)) continue;
		if (/^(https?_proxy|all_proxy|no_proxy)$/i.test(k)) continue; // emulator calls go to 127.0.0.1 directly
		// jest sets NODE_ENV=test, which makes n8n refuse to load nodes ("Not available in tests")
		if (k === 'NODE_ENV' || k === 'NODE_OPTIONS' || k === 'NODE_PATH' || /^JEST_/.test(k)) continue;
		env[k] = v;
	}
	return env;
}

/** Queue mode (Bull on Redis) for every process of an instance. */
function queueEnv(redis) {
	const env = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_HEALTH_CHECK_ACTIVE: 'false', // workers then open no HTTP port at all
		QUEUE_HEALTH_CHECK_ADDRESS: '127.0.0.1',
	};
	if (redis.password) env.QUEUE_BULL_REDIS_PASSWORD = redis.password;
	return env;
}

/** Another database than the instance's own SQLite file (PostgreSQL). */
function databaseEnv(db) {
	const type = db.type || 'postgresdb';
	if (type !== 'postgresdb') return { DB_TYPE: type };
	return {
		DB_TYPE: type,
		DB_POSTGRESDB_HOST: db.host || '127.0.0.1',
		DB_POSTGRESDB_PORT: String(db.port || 5432),
		DB_POSTGRESDB_DATABASE: db.database || 'n8n',
		DB_POSTGRESDB_USER: db.user || 'postgres',
		DB_POSTGRESDB_PASSWORD: db.password || '',
		DB_POSTGRESDB_SCHEMA: db.schema || 'public',
	};
}

/**
 * The environment of one n8n process of `instance` (an N8nInstance): the offline defaults, its folder,
 * key, log level and task-broker port, its queue and database settings, and last the caller's values
 * (the instance's `env` option, then `extra`), which win over everything else.
 */
function instanceEnv(instance, extra = {}) {
	const env = {
		...baseEnv(),
		...offlineEnv(),
		N8N_USER_FOLDER: instance.userFolder,
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		N8N_LOG_LEVEL: instance.logLevel,
		N8N_LOG_OUTPUT: 'console',
		N8N_RUNNERS_BROKER_PORT: String(instance.runnerBrokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
	};
	// n8n and whatever it starts with a bare `node` (task runners, `#!/usr/bin/env node` tools) use the
	// same node as n8n itself
	const nodeDir = path.dirname(instance.nodeBinary);
	if (nodeDir !== path.dirname(process.execPath) || !env.PATH)
		env.PATH = [nodeDir, env.PATH].filter(Boolean).join(path.delimiter);
	if (instance.customExtensions.length)
		env.N8N_CUSTOM_EXTENSIONS = instance.customExtensions.join(';');
	if (instance.executionsMode === 'queue') Object.assign(env, queueEnv(instance.redis));
	if (instance.database) Object.assign(env, databaseEnv(instance.database));
	return Object.assign(env, instance.extraEnv, extra);
}

module.exports = { TEST_ENCRYPTION_KEY, offlineEnv, baseEnv, instanceEnv };
