import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `gatehook/<subpath>` resolves to the sources, from the package's own `exports` map: the example project
 * imports gatehook by name as a user's project does, and its tests run against the code under test, in the
 * same module instances as every other test.
 */
function sourceAliases() {
  const exportsMap = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')).exports as Record<string, string | { default: string }>;
  return Object.entries(exportsMap)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => {
      const built = typeof target === 'string' ? target : target.default;
      const source = fileURLToPath(new URL(built.replace('./dist/', './').replace(/\.js$/, '.ts'), import.meta.url));
      const name = `gatehook${subpath.slice(1)}`;
      if (!name.includes('*')) return { find: new RegExp(`^${name.replaceAll('/', '\\/')}$`), replacement: source };
      return { find: new RegExp(`^${name.replace('*', '([^/]+)').replaceAll('/', '\\/')}$`), replacement: source.replace('*', '$1') };
    });
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: ['test/**/*.test.ts', 'examples/test/**/*.test.ts'],
    // The long fault runs live in `npm run test:soak` (vitest.soak.config.ts).
    exclude: [...configDefaults.exclude, 'test/soak/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The package is built once first: some tests import the built package, as users do.
    globalSetup: ['test/support/build-package.ts'],
  },
});
