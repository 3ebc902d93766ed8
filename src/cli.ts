import { flush, run } from '@oclif/core';
import { reportError } from './base-command.js';

/**
 * Runs k8sdoc. Errors that escape a command (an unknown command, a broken install) are
 * reported on one line with a documented exit code, like every other error.
 */
export async function main(argv: string[], root: string): Promise<void> {
  try {
    await run(argv, root);
    await flush();
  } catch (error) {
    const exit = (error as { oclif?: { exit?: number }; code?: string }).code === 'EEXIT' ? (error as { oclif?: { exit?: number } }).oclif?.exit : undefined;
    process.exitCode = exit ?? reportError(error, argv.includes('--debug'));
  }
}
