// npm run token -- --sub alice --role ADMIN [--inst 7] [--expires 12h]
// Prints a development token signed with JWT_SECRET, or with the secret kept in DATA_DIR.
import { parseArgs } from 'node:util';
import { loadOrCreateSecret, mintToken } from '../src/auth/jwt.js';
import { ROLES } from '../src/auth/permissions.js';
import { loadConfig } from '../src/config.js';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    role: { type: 'string', default: 'ENGINEER' },
    inst: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});
const role = values.role?.toUpperCase() as (typeof ROLES)[number];
if (!values.sub || !ROLES.includes(role)) {
  console.error(`usage: npm run token -- --sub <username> --role <${ROLES.join('|')}> [--inst <id>] [--expires 12h]`);
  process.exit(2);
}
const config = loadConfig();
if (config.jwt.jwksUrl && !config.jwt.secret) {
  console.error('JWKS_URL is set: tokens come from your identity provider, not from this CLI');
  process.exit(2);
}
const secret = config.jwt.secret ?? loadOrCreateSecret(config.dataDir);
const inst = values.inst === undefined ? undefined : Number(values.inst);
if (inst !== undefined && !Number.isInteger(inst)) {
  console.error('--inst must be an integer');
  process.exit(2);
}
console.log(await mintToken({ ...config.jwt, secret }, { sub: values.sub, role, inst, expiresIn: values.expires }));
