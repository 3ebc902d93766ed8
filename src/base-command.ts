import { SEVERITIES } from './engine/types.js';
import type { Severity } from './engine/types.js';
import type { FailOn } from './engine/run.js';
import { Command, Flags } from '@oclif/core';
import type { Interfaces } from '@oclif/core';
import chalk from 'chalk';
import { ExitCode, K8sdocError, isK8sdocError, messageOf } from './errors.js';
import type * as KubeClientModule from './kube/client.js';
import type { KubeClient } from './kube/client.js';
import type * as KubeConfigModule from './kube/config.js';
import { runningEmbeddedKubeconfig } from './embedded/paths.js';

/** Flags every command has. */
export const globalFlags = {
  'no-color': Flags.boolean({ description: 'Disable colours (also NO_COLOR=1; FORCE_COLOR=1 forces them).', helpGroup: 'GLOBAL' }),
  debug: Flags.boolean({ description: 'Print stack traces and request details on errors.', helpGroup: 'GLOBAL' }),
};

/** Flags of every command that talks to a cluster, as kubectl spells them. */
export const kubeFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster).', helpGroup: 'CLUSTER' }),
  context: Flags.string({ description: 'The kubeconfig context to use.', helpGroup: 'CLUSTER' }),
  'request-timeout': Flags.string({
    description: 'How long to wait for one API request (e.g. 30s, 1m; 0 waits forever).',
    default: '30s',
    helpGroup: 'CLUSTER',
  }),
};

export const namespaceFlags = {
  namespace: Flags.string({ char: 'n', description: "Namespace (default: the context's namespace).", helpGroup: 'CLUSTER' }),
  'all-namespaces': Flags.boolean({ char: 'A', description: 'Across all namespaces.', helpGroup: 'CLUSTER' }),
};

/** The flags of a command that reports findings and gates a CI job on them (diagnose, upgrade plan). */
export const gateFlags = {
  'min-severity': Flags.string({ options: [...SEVERITIES], description: 'Report only findings at or above this severity (what fails is judged on all of them).' }),
  'fail-on': Flags.string({ options: ['error', 'warning', 'never'], description: 'Exit 1 when a finding is at or above this severity (default: error, or failOn in .k8sdoc.yaml).' }),
  'fail-on-skipped': Flags.boolean({ description: 'Exit 1 when any selected check was skipped because it could not read its inputs (RBAC); default: failOnSkipped in .k8sdoc.yaml.' }),
};

/** What those flags (or .k8sdoc.yaml) ask of the engine. */
export function gateOptions(
  flags: { 'min-severity'?: string | undefined; 'fail-on'?: string | undefined; 'fail-on-skipped'?: boolean | undefined },
  config: { failOn?: FailOn | undefined; failOnSkipped?: boolean | undefined },
): { minSeverity: Severity | undefined; failOn: FailOn; failOnSkipped: boolean } {
  return {
    minSeverity: flags['min-severity'] as Severity | undefined,
    failOn: (flags['fail-on'] ?? config.failOn ?? 'error') as FailOn,
    failOnSkipped: flags['fail-on-skipped'] || (config.failOnSkipped ?? false),
  };
}

/** Parses kubectl-style durations: 30s, 5m, 1h30m, 500ms, or plain seconds. */
export function parseDuration(input: string, flag = 'duration'): number {
  if (/^\d+$/.test(input)) return Number(input) * 1000;
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = '';
  for (const match of input.matchAll(pattern)) {
    const value = Number(match[1]);
    const unit = match[2];
    total += unit === 'ms' ? value : unit === 's' ? value * 1000 : unit === 'm' ? value * 60_000 : value * 3_600_000;
    consumed += match[0];
  }
  if (!consumed || consumed !== input) {
    throw new K8sdocError('usage', `invalid ${flag} "${input}"`, { exit: 'usage', hint: 'use a duration such as 30s, 5m or 1h30m' });
  }
  return total;
}

export abstract class BaseCommand extends Command {
  static override baseFlags = globalFlags;

  protected debugMode = false;

  override async init(): Promise<void> {
    this.debugMode = this.argv.includes('--debug');
    if (this.argv.includes('--no-color') || (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '' && !process.env.FORCE_COLOR)) {
      chalk.level = 0;
    }
    await super.init();
  }

  /** Progress and notes go to stderr so stdout carries only the result. */
  protected note(message: string): void {
    process.stderr.write(`${message}\n`);
  }

  /** Writes the result to stdout. */
  protected out(text: string): void {
    process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  }

  /** One line, an exit code, no stack trace unless --debug. */
  protected override async catch(error: Interfaces.CommandError): Promise<void> {
    if ((error as { code?: string }).code === 'EEXIT') throw error;
    const exit = reportError(error, this.debugMode, this.id);
    this.exit(exit);
  }
}

/**
 * oclif's parsing errors on one line: "Missing 1 required arg:" is followed by the argument's
 * name on the next line, and an unknown word after a command reads as a command of its own.
 */
export function usageLine(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^See more help with/.test(line))
    // oclif's heading above a list of flag errors, which reads as "The following error occurred:; ..." when joined
    .filter((line) => !/^The following errors? occurred:$/.test(line));
  const [first = 'invalid usage', ...rest] = lines;
  if (/^Missing \d+ required args?:$/.test(first) && rest.length > 0) {
    return `missing required argument${rest.length > 1 ? 's' : ''}: ${rest.map((line) => line.split(/\s{2,}/)[0] ?? line).join(', ')}`;
  }
  const unknown = /^command (\S+) not found$/.exec(first);
  if (unknown) return `unknown command "${(unknown[1] ?? '').replaceAll(':', ' ')}": a mistyped command, or arguments the command does not take`;
  return lines.join('; ') || first;
}

/** Prints an error the way every k8sdoc command does and returns its exit code. */
export function reportError(error: unknown, debug: boolean, commandId?: string): number {
  if (isK8sdocError(error)) {
    process.stderr.write(`${chalk.red('error:')} ${error.oneLine()}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    if (debug && error.cause instanceof Error && error.cause.stack) process.stderr.write(`caused by: ${error.cause.stack}\n`);
    return error.exitCode;
  }
  const oclifExit = (error as { oclif?: { exit?: number } }).oclif?.exit;
  if (oclifExit !== undefined) {
    // flag and argument parsing errors from oclif: usage errors
    const help = ` (see \`k8sdoc ${commandId ? `${commandId.replaceAll(':', ' ')} ` : ''}--help\`)`;
    process.stderr.write(`${chalk.red('error:')} ${usageLine(messageOf(error))}${help}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return ExitCode.usage;
  }
  process.stderr.write(`${chalk.red('error:')} ${messageOf(error).split('\n')[0]} (an unexpected failure inside k8sdoc; rerun with --debug and report it)\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}

export type KubeModules = typeof KubeClientModule & typeof KubeConfigModule;

/** The Kubernetes client, loaded on demand: it is most of k8sdoc's start-up time. */
export async function loadKubeModules(): Promise<KubeModules> {
  const [client, config] = await Promise.all([import('./kube/client.js'), import('./kube/config.js')]);
  return { ...client, ...config };
}

export type KubeFlagValues = { kubeconfig?: string | undefined; context?: string | undefined; 'request-timeout'?: string | undefined };

/**
 * A client for the kubeconfig every cluster command finds: --kubeconfig, KUBECONFIG,
 * ~/.kube/config, in-cluster, then the running embedded cluster (said in a note).
 */
export function kubeClientFor(modules: KubeModules, flags: KubeFlagValues, note: (message: string) => void): KubeClient {
  const resolved = modules.resolveKubeConfig({ kubeconfig: flags.kubeconfig, context: flags.context, fallback: runningEmbeddedKubeconfig });
  if (resolved.source.kind === 'embedded') note('note: no kubeconfig found; using the running embedded cluster');
  return new modules.KubeClient(resolved, { timeoutMs: parseDuration(flags['request-timeout'] ?? '30s', '--request-timeout') });
}

/** Commands that talk to a cluster. */
export abstract class KubeCommand extends BaseCommand {
  static override baseFlags = { ...globalFlags, ...kubeFlags };

  private client: KubeClient | undefined;
  private kubeModules: KubeModules | undefined;

  /**
   * Loads the Kubernetes client here, not at import: it is most of k8sdoc's start-up time, and
   * only commands that talk to the API (these) pay for it.
   */
  override async init(): Promise<void> {
    await super.init();
    this.kubeModules = await loadKubeModules();
  }

  /** The client for the selected kubeconfig and context, made once per run. */
  protected kube(flags: KubeFlagValues): KubeClient {
    if (this.client) return this.client;
    if (!this.kubeModules) throw new Error('KubeCommand.kube() called before init()');
    this.client = kubeClientFor(this.kubeModules, flags, (message) => this.note(message));
    return this.client;
  }

  /** The namespace a command works in: -n, else the context's; undefined with -A. */
  protected namespaceFor(client: KubeClient, flags: { namespace?: string | undefined; 'all-namespaces'?: boolean }): string | undefined {
    if (flags['all-namespaces']) return undefined;
    return flags.namespace ?? client.defaultNamespace;
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    this.client?.close();
    return super.finally(error);
  }
}
