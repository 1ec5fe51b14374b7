// Entry point: read the configuration, start the server and its jobs, stop gracefully.
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './db/adapter.js';
import { createLogger } from './logger.js';
import { buildServer } from './server.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
const server = buildServer(config, { logger });
let url: string;
try {
  ({ url } = await server.start());
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
logger.info(
  { url, database: config.databaseUrl ? 'postgresql' : `pglite (${config.dataDir})`, events: config.redisUrl ? 'redis' : 'in-process' },
  `opsloop listening on ${url}`,
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .stop()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  });
}
