import { bundleCommand } from './bundle.js';
import { devCommand } from './dev.js';
import { emulatorCommand } from './emulator.js';
import { initCommand } from './init.js';
import { registerCommand } from './register.js';
import { replayCommand } from './replay.js';
import { sendCommand } from './send.js';
import type { Command } from './types.js';

/** Every sub-command, one file each in this folder. */
export const commands: readonly Command[] = [initCommand, devCommand, emulatorCommand, sendCommand, registerCommand, replayCommand, bundleCommand];
