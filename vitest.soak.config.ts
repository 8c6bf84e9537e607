import { defineConfig } from 'vitest/config';

/** Long-running robustness runs, kept out of `npm test`: `npm run test:soak`. */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    // The soak files skip themselves without this, so the main config's `test/**` glob does not run them.
    env: { GATEHOOK_SOAK: '1' },
  },
});
