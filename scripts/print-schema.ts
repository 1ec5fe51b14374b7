// npm run schema:print writes schema.graphql; npm run schema:check fails when it is stale.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { printSortedSchema } from '../src/schema.js';

const printed = printSortedSchema();
if (process.argv.includes('--check')) {
  const committed = existsSync('schema.graphql') ? readFileSync('schema.graphql', 'utf8') : '';
  if (committed !== printed) {
    console.error('schema.graphql is stale: run `npm run schema:print` and commit it');
    process.exit(1);
  }
  console.log('schema.graphql is current');
} else {
  writeFileSync('schema.graphql', printed);
  console.log('wrote schema.graphql');
}
