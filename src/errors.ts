/**
 * One error type for everything a user can run into. Each carries a stable code (for JSON
 * output and tests), a message that says what is wrong and what to do, and the process exit
 * code documented in the README.
 */
export const ExitCode = {
  ok: 0,
  /** findings at or above the --fail-on level, or a verification that did not pass */
  findings: 1,
  /** bad flags, arguments or configuration files */
  usage: 2,
  /** the cluster cannot be reached or does not accept our credentials */
  cluster: 3,
  /** a missing precondition: a binary, a file, a free port, a lock held by another run */
  precondition: 4,
  /** the named object does not exist */
  notFound: 5,
  /** the API denied the request (RBAC) */
  forbidden: 6,
  /** data that cannot be trusted: a corrupt snapshot, a checksum mismatch */
  data: 7,
  /** the operation would overwrite or conflict with existing state, and was refused */
  conflict: 8,
  /** an unexpected failure inside k8sdoc: a bug to report */
  internal: 70,
  /** stopped by Ctrl-C (SIGINT) */
  interrupted: 130,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

export interface K8sdocErrorOptions {
  /** what the user can do about it, printed after the message */
  hint?: string;
  exit?: ExitCodeName;
  cause?: unknown;
  /** extra machine-readable details for JSON output */
  details?: Record<string, unknown>;
}

export class K8sdocError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: K8sdocErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'K8sdocError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = ExitCode[options.exit ?? 'internal'];
    this.details = options.details;
  }

  /** The one line shown to the user. */
  oneLine(): string {
    return this.hint ? `${this.message}. ${this.hint}` : this.message;
  }
}

export function usageError(message: string, hint?: string): K8sdocError {
  return new K8sdocError('usage', message, { exit: 'usage', ...(hint ? { hint } : {}) });
}

export function preconditionError(code: string, message: string, hint?: string): K8sdocError {
  return new K8sdocError(code, message, { exit: 'precondition', ...(hint ? { hint } : {}) });
}

export function isK8sdocError(error: unknown): error is K8sdocError {
  return error instanceof K8sdocError;
}

/** Message of any thrown value, for wrapping. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
