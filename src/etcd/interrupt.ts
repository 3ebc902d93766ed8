import { K8sdocError } from '../errors.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `work` with an AbortSignal that fires on Ctrl-C, SIGTERM or SIGHUP (a closed terminal) instead of Node's default
 * of exiting on the spot: the work stops its child processes, `cleanup` removes what it left
 * (a partial snapshot, a throwaway etcd), and the run ends with exit 130.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>, cleanup: () => Promise<void>): Promise<T> {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    received = signal;
    controller.abort(new K8sdocError('interrupted', `stopped by ${signal}`, { exit: 'interrupted' }));
  };
  // `on`, not `once`: execa's exit hook re-raises a signal that no other listener is left to handle
  for (const name of SIGNALS) process.on(name, onSignal);
  try {
    const value = await work(controller.signal);
    if (received) throw controller.signal.reason;
    return value;
  } catch (error) {
    if (received) throw new K8sdocError('interrupted', `stopped by ${received}: ${error instanceof K8sdocError && error.code !== 'interrupted' ? error.message : 'the operation was cancelled'}`, { exit: 'interrupted' });
    throw error;
  } finally {
    await cleanup();
    for (const name of SIGNALS) process.off(name, onSignal);
  }
}
