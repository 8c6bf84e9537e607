import { devCommand } from './dev.js';
import type { Command } from './types.js';

/** Every sub-command; add `emulator`, `send`, `register` here as one file each. */
export const commands: readonly Command[] = [devCommand];
