// The running process's validated configuration, for services that need a setting
// (approval TTL, four-eyes, webhook URL, …). Set once by buildServer().start() or a script.
import type { Config } from './config.js';

let current: Config | undefined;

export function configureRuntime(config: Config): void {
  current = config;
}

export function settings(): Config {
  if (!current) throw new Error('runtime not configured: call configureRuntime() first');
  return current;
}
