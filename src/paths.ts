// Where the project's own files are, from source (src/) and from the build (dist/) alike: the
// nearest folder above this module with opsloop's package.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findProjectRoot(from: string): string {
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'opsloop') return dir;
  }
  return process.cwd();
}

export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);

/** The built dashboard (npm run build:dashboard, also run by npm run build). */
export const DASHBOARD_DIR = path.join(PROJECT_ROOT, 'dist', 'dashboard');
