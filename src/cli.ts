import { flush, run } from '@oclif/core';
import { reportError } from './base-command.js';

/**
 * Runs k8sdoc. Errors that escape a command (an unknown command, a broken install) are
 * reported on one line with a documented exit code, like every other error. When the command
 * is done, k8sdoc is done: a request still pending towards a server that never answers (the
 * other half of a parallel discovery) must not hold the process for another timeout. stdout
 * and stderr are written synchronously to files and pipes on Linux, so nothing printed is lost.
 */
export async function main(argv: string[], root: string): Promise<void> {
  try {
    await run(argv, root);
    await flush();
  } catch (error) {
    const exit = (error as { oclif?: { exit?: number }; code?: string }).code === 'EEXIT' ? (error as { oclif?: { exit?: number } }).oclif?.exit : undefined;
    process.exitCode = exit ?? reportError(error, argv.includes('--debug'));
  }
  process.exit();
}
