import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * mkdir -p for a file's folder, one level at a time: Node's recursive mkdir never returns for a
 * path under /proc (it takes the ENOENT it gets there for a missing parent and retries forever),
 * and on a read-only file system it reports ENOENT where the real reason is EROFS.
 */
export function makeParents(file: string): void {
  const missing: string[] = [];
  for (let dir = dirname(resolve(file)); !existsSync(dir); dir = dirname(dir)) {
    missing.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) mkdirSync(dir);
}
