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

// A new embedded database is copied from the build's template in the background while the
// server's code loads (the lock is taken first: a second process is refused before either starts).
const preparing = config.databaseUrl ? undefined : import('./db/adapter.js').then(({ prepareDataDir }) => prepareDataDir(config.dataDir));
preparing?.catch(() => {}); // reported where it is awaited, below

const { checkExternalServices, checkListenAddress } = await import('./startup-checks.js');
const { createLogger } = await import('./logger.js');
const { buildServer } = await import('./server.js');

let url = '';
let server!: ReturnType<typeof buildServer>;
const logger = createLogger(config.logLevel);
try {
  await Promise.all([checkListenAddress(config), checkExternalServices(config)]);
  server = buildServer(config, { logger, preparedDataDir: await preparing });
  ({ url } = await server.start());
} catch (error) {
  onStartupCrash(error);
}
process.off('uncaughtException', onStartupCrash);
process.off('unhandledRejection', onStartupCrash);
installLastResortHandlers(logger);
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

/**
 * Last resort once serving: a stray rejected promise or an exception escaping a callback is logged
 * on one line with its context instead of taking every in-flight request down with the process.
 * Each cause found is fixed where it happens; this only keeps the next one from being fatal. A
 * burst (more than 20 uncaught exceptions in a minute) means the process is broken: exit 1 and let
 * the orchestrator restart it.
 */
function installLastResortHandlers(log: typeof logger): void {
  const recent: number[] = [];
  process.on('unhandledRejection', (reason, promise) => {
    log.error({ err: reason, kind: 'unhandledRejection', promise: String(promise) }, 'unhandled promise rejection (the server keeps running)');
  });
  process.on('uncaughtException', (error, origin) => {
    log.error({ err: error, kind: origin }, 'uncaught exception (the server keeps running)');
    const now = Date.now();
    recent.push(now);
    while (recent.length > 0 && now - recent[0]! > 60_000) recent.shift();
    if (recent.length > 20) {
      log.fatal({ count: recent.length }, 'too many uncaught exceptions in a minute: exiting for a restart');
      process.exit(1);
    }
  });
}
