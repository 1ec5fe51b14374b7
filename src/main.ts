// Entry point: read the configuration, check the services it names, start the server and its jobs,
// stop gracefully. A setting that is invalid or unusable stops the process with one line naming it
// (src/startup-errors.ts); the server's modules load only after the settings were read.
import { ConfigError, loadConfig, type Config } from './config.js';
import { describeStartupError } from './startup-errors.js';

/** Exit status of a start-up refused because of a setting. */
const EXIT_SETTINGS = 2;

function refuse(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(EXIT_SETTINGS);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) refuse(error.message);
  throw error;
}

// Some start-up failures surface as an 'error' event nobody listens to (the WebSocket server
// re-emits the HTTP server's listen error): map those too, until the server is up.
const onStartupCrash = (error: unknown): never => {
  const line = describeStartupError(error, config);
  if (line) refuse(line);
  console.error(error);
  process.exit(1);
};
process.on('uncaughtException', onStartupCrash);
process.on('unhandledRejection', onStartupCrash);

// A stop requested while starting is honoured once started.
let stopRequested: NodeJS.Signals | undefined;
const requestStop = (signal: NodeJS.Signals) => (stopRequested ??= signal);
process.on('SIGTERM', requestStop);
process.on('SIGINT', requestStop);

const { checkExternalServices, checkListenAddress } = await import('./startup-checks.js');
const { createLogger } = await import('./logger.js');
const { buildServer } = await import('./server.js');

let url = '';
let server!: ReturnType<typeof buildServer>;
const logger = createLogger(config.logLevel);
try {
  await Promise.all([checkListenAddress(config), checkExternalServices(config)]);
  server = buildServer(config, { logger });
  ({ url } = await server.start());
} catch (error) {
  onStartupCrash(error);
}
process.off('uncaughtException', onStartupCrash);
process.off('unhandledRejection', onStartupCrash);
logger.info(
  { url, database: config.databaseUrl ? 'postgresql' : `pglite (${config.dataDir})`, events: config.redisUrl ? 'redis' : 'in-process' },
  `opsloop listening on ${url}`,
);

let stopping = false;
function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  server
    .stop()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
}
process.off('SIGTERM', requestStop);
process.off('SIGINT', requestStop);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
if (stopRequested) stop(stopRequested);
