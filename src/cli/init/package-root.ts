import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the gatehook package this module belongs to (a clone, or node_modules/gatehook). */
export function gatehookRoot(from: string = import.meta.url): string {
  for (let dir = dirname(fileURLToPath(from)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${fileURLToPath(from)}`);
  }
}

export interface GatehookManifest {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

export function gatehookManifest(root = gatehookRoot()): GatehookManifest {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as GatehookManifest;
}
