/** One instance per org store (repositories hold prepared statements), made on first use. */
import type { DatabaseSync } from 'node:sqlite';
import type { EmulatorDeps } from '../context.js';

export function perStore<T>(make: (db: DatabaseSync) => T): (deps: Pick<EmulatorDeps, 'store'>) => T {
  const made = new WeakMap<DatabaseSync, T>();
  return (deps) => {
    let instance = made.get(deps.store.db);
    if (instance === undefined) {
      instance = make(deps.store.db);
      made.set(deps.store.db, instance);
    }
    return instance;
  };
}
