/**
 * Writes a new project: the example project (the package's examples/ folder, the same files this repository
 * tests) plus the files that name the project. Refuses to write into a folder that has files in it.
 */
import { cp, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { CliUsageError } from '../commands/types.js';
import { gatehookManifest, gatehookRoot } from './package-root.js';
import { projectPackageJson, projectReadme, projectTsconfig } from './project-files.js';

export interface InitOptions {
  dir: string;
  /** How the project's package.json names gatehook: an npm spec; a path to a folder or tarball becomes `file:`. */
  gatehook?: string;
}

/** Files of examples/ that are the repository's own, not the project's. */
const SKIPPED = new Set(['node_modules', 'cdk.out', '.data', 'package.json', 'package-lock.json', 'tsconfig.json', 'README.md']);

/** A path (./x, ../x, /x, x.tgz) becomes an absolute `file:` spec, so the project installs it from anywhere. */
export function gatehookSpec(raw: string | undefined, version: string, cwd = process.cwd()): string {
  if (raw === undefined) return `^${version}`;
  if (raw.startsWith('file:')) return `file:${resolve(cwd, raw.slice(5))}`;
  if (/^(\.{1,2}[\\/]|[\\/])/.test(raw) || /\.(tgz|tar\.gz)$/.test(raw)) return `file:${resolve(cwd, raw)}`;
  return raw;
}

/** A valid npm package name from the folder's name. */
export function projectName(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name || 'gatehook-hooks';
}

export async function writeProject(options: InitOptions): Promise<{ dir: string; files: string[] }> {
  const dir = resolve(options.dir);
  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw new CliUsageError(`gatehook init: ${options.dir} is a file, not a folder`);
    throw error;
  });
  if (existing.length > 0) throw new CliUsageError(`gatehook init: ${options.dir} is not empty (${existing.length} entr${existing.length === 1 ? 'y' : 'ies'}); choose a new folder`);
  const root = gatehookRoot();
  const manifest = gatehookManifest(root);
  const template = join(root, 'examples');
  const name = projectName(dir);
  // Everything that can fail is computed before the first file is written.
  const generated = {
    'package.json': projectPackageJson(name, gatehookSpec(options.gatehook, manifest.version), manifest),
    'tsconfig.json': projectTsconfig(),
    'README.md': projectReadme(name),
  };
  await mkdir(dir, { recursive: true });
  await cp(template, dir, {
    recursive: true,
    filter: (source) => {
      const path = relative(template, source);
      return path === '' || !SKIPPED.has(path.split(/[\\/]/)[0]!);
    },
  });
  // npm never packs a file named .gitignore, so the template keeps it as `gitignore`.
  await rename(join(dir, 'gitignore'), join(dir, '.gitignore'));
  for (const [file, text] of Object.entries(generated)) await writeFile(join(dir, file), text);
  return { dir, files: await listFiles(dir) };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, path)));
    else out.push(path);
  }
  return out.sort();
}
