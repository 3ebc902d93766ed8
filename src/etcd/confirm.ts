import { createInterface } from 'node:readline/promises';
import { usageError } from '../errors.js';

/** Whether a person can answer a prompt: stdin and stderr are terminals and CI is unset. */
export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY && !process.env.CI);
}

/**
 * Asks before a disruptive operation. Without a terminal nobody can answer, so scripts must
 * say --yes (exit 2 otherwise) rather than hang or proceed silently.
 */
export async function confirm(question: string, yes: boolean, flag = '--yes'): Promise<boolean> {
  if (yes) return true;
  if (!interactive()) throw usageError(`${question.replace(/\?$/, '')}: refusing without confirmation in a non-interactive run`, `pass ${flag} to proceed`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
