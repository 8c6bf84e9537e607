/** The local Okta org emulator: what the CLI (`npm run emulator`, `npm run dev`) and tests use. */
export { createEmulator, startEmulator, consoleLogger, silentLogger } from './server.js';
export type { Emulator, EmulatorOptions, RunningEmulator, StartEmulatorOptions } from './server.js';
export { createFetchHookCaller, HOOK_TIMEOUT_MS } from './hook-caller.js';
export type { HookCaller, InlineHookResult } from './hook-caller.js';
export { createOktaHookCaller } from './hook-calls/okta-hook-caller.js';
export type { HookCallOutcome } from './hook-calls/outcome.js';
export type { OAuthClient } from './authorization-server/client-auth.js';
export { DEMO_PASSWORD, demoClientCredentials } from './seed.js';
export type { DemoClientCredentials } from './seed.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export type { Store } from './store/index.js';
export type { LogListener } from './store/logs.js';
export type * from './store/types.js';
