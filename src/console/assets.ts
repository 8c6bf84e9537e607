/**
 * The console's stylesheet and script, served from memory. The script is TypeScript compiled by
 * esbuild on first request (no build step, no CDN, works offline) and cached for the process.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

let script: Promise<string> | undefined;
let style: Promise<string> | undefined;

export function consoleScript(): Promise<string> {
  script ??= (async () => {
    // Loaded lazily: only the console needs it, and the console is a development tool.
    const { build } = await import('esbuild');
    const result = await build({
      // The TypeScript source in a clone, the compiled file in the installed package.
      entryPoints: [existsSync(here('./client/main.ts')) ? here('./client/main.ts') : here('./client/main.js')],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
    });
    return result.outputFiles[0]?.text ?? '';
  })();
  script.catch(() => {
    script = undefined;
  });
  return script;
}

export function consoleStyle(): Promise<string> {
  style ??= readFile(here('./client/style.css'), 'utf8');
  return style;
}
