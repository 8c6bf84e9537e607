/** Lambda entry of a hook secret's rotation function (the construct bundles this file, one function per hook). */
import { createRotationHandler, rotationTargetFromEnv } from '../rotation/handler.js';

export const handler = createRotationHandler(() => rotationTargetFromEnv());
