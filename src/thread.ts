import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module at `entry`, which may be TypeScript source. Node does not
 * apply --import loaders to a worker's entry module, so for a .ts entry a small bootstrap
 * registers tsx inside the worker before importing it; a compiled .js entry starts directly.
 */
export function startModuleWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (path.extname(fileURLToPath(entry)) !== '.ts') return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The sibling module `name` of the module at `self`, in the same form (.ts from source, .js once compiled). */
export function sibling(self: string, name: string): URL {
  return new URL(`./${name}${path.extname(fileURLToPath(self))}`, self);
}
