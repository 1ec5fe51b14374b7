// Schema evolution guard: compares schema.graphql with the one of a base commit (default HEAD~1,
// the previous commit) using @graphql-inspector/core, and fails when a breaking change is not in
// CHANGELOG.md. The rule: each breaking change's path (e.g. `AutoAction.target`,
// `Query.pattern.id`) appears, in backticks or not, in the "## Unreleased" section.
//   node scripts/schema-diff.mjs [--base <git ref>] [--schema schema.graphql] [--changelog CHANGELOG.md]
// No base schema (first commit, shallow clone, file not there yet): says so and passes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const base = option('base', 'HEAD~1');
const schemaPath = option('schema', 'schema.graphql');
const changelogPath = option('changelog', 'CHANGELOG.md');

let baseSdl;
try {
  baseSdl = execFileSync('git', ['show', `${base}:${schemaPath}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch {
  console.log(`schema-diff: no ${schemaPath} at ${base} (first commit or shallow clone): nothing to compare`);
  process.exit(0);
}

const changes = await diff(buildSchema(baseSdl), buildSchema(readFileSync(schemaPath, 'utf8')));
const breaking = changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking);
const dangerous = changes.filter((change) => change.criticality.level === CriticalityLevel.Dangerous);

/** The "## Unreleased" section of the changelog (up to the next "## " heading). */
function unreleased() {
  let text;
  try {
    text = readFileSync(changelogPath, 'utf8');
  } catch {
    return '';
  }
  const start = text.search(/^## Unreleased\b/m);
  if (start < 0) return '';
  const rest = text.slice(start + 3);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

const section = unreleased();
const mentioned = (path) => new RegExp(`(^|[^\\w.])${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`, 'm').test(section);
const missing = breaking.filter((change) => !change.path || !mentioned(change.path));

console.log(`schema-diff: ${schemaPath} against ${base}: ${changes.length} changes, ${breaking.length} breaking, ${dangerous.length} dangerous`);
for (const change of breaking) console.log(`  breaking  ${change.path ?? '(no path)'}: ${change.message}${missing.includes(change) ? '   <- not in CHANGELOG.md Unreleased' : ''}`);
for (const change of dangerous) console.log(`  dangerous ${change.path ?? '(no path)'}: ${change.message}`);
if (missing.length > 0) {
  console.error(`schema-diff: ${missing.length} breaking change(s) not listed in the "## Unreleased" section of ${changelogPath}: name each path (e.g. \`${missing[0].path}\`) with what clients must do`);
  process.exit(1);
}
console.log('schema-diff: every breaking change is in the changelog');
