import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The long fault runs live in `npm run test:soak` (vitest.soak.config.ts).
    exclude: [...configDefaults.exclude, 'test/soak/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The package is built once first: some tests import it by name, as users do.
    globalSetup: ['test/support/build-package.ts'],
  },
});
