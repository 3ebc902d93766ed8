import { K8sdocError } from '../../src/errors.js';

/** The K8sdocError a call or promise fails with; anything else (or success) fails the test. */
export async function failureOf(run: Promise<unknown> | (() => unknown)): Promise<K8sdocError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    if (error instanceof K8sdocError) return error;
    throw error;
  }
  throw new Error('expected a K8sdocError');
}
