/** The local web console for the org emulator (development only). Mount with `app.route('/_console', createConsole(...))`. */
export { createConsole } from './app.js';
export { defaultCallHook } from './call-hook.js';
export type { CallHook, ConsoleOptions, HookAuthHeader, HookCallResult } from './options.js';
