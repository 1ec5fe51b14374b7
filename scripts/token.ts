// npm run token -- --sub alice --role ADMIN [--inst 7] [--expires 12h]
// Prints a development token signed with JWT_SECRET, or with the secret kept in DATA_DIR.
// In a production image: node dist/scripts/token.js --sub alice --role ADMIN
import { parseArgs } from 'node:util';
import { loadOrCreateSecret, mintToken } from '../src/auth/jwt.js';
import { ROLES } from '../src/auth/permissions.js';
import { ConfigError, loadConfig } from '../src/config.js';

const USAGE = `usage: npm run token -- --sub <username> --role <${ROLES.join('|')}> [--inst <id>] [--expires 12h]

Prints a token signed with JWT_SECRET (or the secret generated in DATA_DIR) for the given user.
  --sub      username (the token's subject), required
  --role     ${ROLES.join(', ')} (default ENGINEER)
  --inst     institution id of a REQUESTER (integer)
  --expires  lifetime: 30m, 12h, 7d… (default 12h)`;

function fail(message: string): never {
  console.error(`${message} (npm run token -- --help for usage)`);
  process.exit(2);
}

let values: { sub?: string; role?: string; inst?: string; expires?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      sub: { type: 'string' },
      role: { type: 'string', default: 'ENGINEER' },
      inst: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(String((error as Error).message).split('\n')[0]!);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const role = values.role?.toUpperCase() as (typeof ROLES)[number];
if (!values.sub) fail('--sub <username> is required');
if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
if (!/^\d+\s*(s|m|h|d|w)?$|^\d+\s*(sec|min|hour|day|week)s?$/i.test(values.expires ?? '')) fail('--expires must be a duration such as 30m, 12h or 7d');
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (config.jwt.jwksUrl && !config.jwt.secret) {
  console.error('JWKS_URL is set: tokens come from your identity provider, not from this CLI');
  process.exit(2);
}
const secret = config.jwt.secret ?? loadOrCreateSecret(config.dataDir);
const inst = values.inst === undefined ? undefined : Number(values.inst);
if (inst !== undefined && !Number.isInteger(inst)) fail('--inst must be an integer');
console.log(await mintToken({ ...config.jwt, secret }, { sub: values.sub, role, inst, expiresIn: values.expires }));
