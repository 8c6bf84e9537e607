/**
 * Calls `onChange` (debounced) when any of a set of files changes. Directories are watched rather than the
 * files themselves, because editors that save by writing a new file and renaming it over the old one would
 * silently end a watch on the old file.
 */
import { watch, type FSWatcher } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

export interface FileWatcher {
  /** Replaces the set of watched files (a reload may import different files). */
  update(files: readonly string[]): void;
  close(): void;
}

export function watchFiles(onChange: (file: string) => void, debounceMs = 80): FileWatcher {
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let changed: string | undefined;
  const fire = (file: string) => {
    changed ??= file;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const first = changed!;
      changed = undefined;
      onChange(first);
    }, debounceMs);
  };
  return {
    update(next) {
      files = new Set(next.map((file) => resolve(file)));
      const dirs = new Set([...files].map((file) => dirname(file)));
      for (const [dir, watcher] of watchers) {
        if (!dirs.has(dir)) {
          watcher.close();
          watchers.delete(dir);
        }
      }
      for (const dir of dirs) {
        if (watchers.has(dir)) continue;
        try {
          const watcher = watch(dir, (_event, name) => {
            const file = name ? resolve(dir, name.toString()) : undefined;
            if (file && files.has(file)) fire(file);
          });
          watcher.on('error', () => watcher.close());
          watchers.set(dir, watcher);
        } catch {
          // A directory that vanished is not watched; the next successful load names the files again.
        }
      }
    },
    close() {
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** Relative to the working directory when the file is inside it, else the absolute path. */
export function displayName(file: string, cwd = process.cwd()): string {
  const path = relative(cwd, file);
  return path.startsWith('..') ? file : path;
}
