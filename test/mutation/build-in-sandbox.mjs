/**
 * Stryker's build command (stryker.config.mjs): builds the instrumented package in the sandbox.
 * Stryker links the project's node_modules into the sandbox only after the build, and `n8n-node build`
 * runs `npm exec -- tsc`, which needs them: so this links them first (symlinkNodeModules is off), then
 * runs the project's own `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectNodeModules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules');
if (!fs.existsSync('node_modules')) fs.symlinkSync(projectNodeModules, 'node_modules', 'junction');
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
process.exit(build.status ?? 1);
