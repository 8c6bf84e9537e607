/** Marks the value of the stack output that lists a GatehookHooks construct's hooks, and its version. */
export const MANIFEST_FORMAT = 'gatehook-hooks/1';
