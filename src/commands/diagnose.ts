import { Args, Flags } from '@oclif/core';
import { allChecks } from '../../checks/index.js';
import { KubeCommand, gateFlags, gateOptions, namespaceFlags } from '../base-command.js';
import { usageError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { diagnose } from '../engine/diagnose.js';
import type { DiagnoseOptions } from '../engine/diagnose.js';
import { parseFocusTarget } from '../engine/focus.js';
import { selectChecks, splitList } from '../engine/select.js';
import { parseLabelSelector } from '../engine/selector.js';
import { renderCatalog } from '../report/catalog.js';
import type { CatalogFormat } from '../report/catalog.js';
import { OUTPUT_FORMATS, renderReport } from '../report/index.js';
import type { OutputFormat } from '../report/index.js';
import { runInteractiveDiagnose } from '../ui/diagnose-app.js';
import { stderrProgress } from '../ui/progress.js';
import { clientVersion } from '../version.js';

export default class Diagnose extends KubeCommand {
  static override description = [
    'Find what is wrong in the cluster: each finding names the object and its workload, the evidence and what to do.',
    'With TYPE/NAME, a deep dive into one object and everything it owns, following the chain of causes.',
    'Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 bad flags or configuration, 3 cluster unreachable, 5 TYPE/NAME not found, 6 TYPE/NAME not readable.',
  ].join('\n');

  static override examples = [
    '<%= config.bin %> diagnose -A',
    '<%= config.bin %> diagnose -n shop --checks pods,services -o markdown',
    '<%= config.bin %> diagnose deployment/web -n shop',
    '<%= config.bin %> diagnose -A -o junit --fail-on warning > k8sdoc.xml',
    '<%= config.bin %> diagnose --from ./incident-dump -o json',
    '<%= config.bin %> diagnose --list-checks -o markdown',
  ];

  static override args = {
    target: Args.string({ description: 'TYPE/NAME for a deep dive, e.g. pod/web-7d9f, deployment/web, node/worker-1, service/api' }),
  };

  static override flags = {
    ...namespaceFlags,
    selector: Flags.string({ char: 'l', description: 'Label selector for pods and workloads, e.g. -l app=web.' }),
    checks: Flags.string({ description: 'Run only these checks or areas (comma-separated ids or areas).', multiple: true }),
    'skip-checks': Flags.string({ description: 'Leave out these checks or areas (comma-separated).', multiple: true }),
    ...gateFlags,
    output: Flags.string({ char: 'o', options: [...OUTPUT_FORMATS], description: 'Output format (default: the interactive view on a terminal, else human).' }),
    from: Flags.string({ description: 'Analyze a dump written by `k8sdoc dump DIR` instead of a live cluster.' }),
    config: Flags.string({ description: 'Configuration file (default: .k8sdoc.yaml in the current folder).' }),
    active: Flags.boolean({ description: 'Also run active probes (e.g. a DNS lookup from inside the cluster).' }),
    'list-checks': Flags.boolean({ description: 'Print the check catalog (id, area, severity, title) and exit.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Diagnose);
    if (flags['list-checks']) {
      if (flags.output === 'junit') throw usageError('--list-checks prints human, json, yaml or markdown', 'drop -o junit');
      this.out(renderCatalog(allChecks, (flags.output ?? 'human') as CatalogFormat));
      return;
    }
    const checks = selectChecks(allChecks, { checks: splitList(flags.checks), skip: splitList(flags['skip-checks']) });
    const { config } = loadConfig({ file: flags.config, knownChecks: allChecks.map((c) => c.id) });
    // a bad selector is a usage error before any request, not the API server's 400 halfway through
    if (flags.selector) parseLabelSelector(flags.selector);

    let source: DiagnoseOptions['source'];
    if (flags.from) {
      source = { kind: 'dump', dir: flags.from, namespace: flags['all-namespaces'] ? undefined : flags.namespace };
    } else {
      const client = this.kube(flags);
      source = { kind: 'live', client, namespace: this.namespaceFor(client, flags) };
    }
    const options: DiagnoseOptions = {
      source,
      checks,
      labelSelector: flags.selector,
      focus: args.target ? parseFocusTarget(args.target, source.namespace) : undefined,
      active: flags.active,
      thresholds: config.thresholds,
      suppressions: config.suppressions,
      ...gateOptions(flags, config),
    };

    const interactive = flags.output === undefined && process.stdin.isTTY && process.stdout.isTTY && !process.env.CI;
    const result = interactive
      ? await runInteractiveDiagnose((onProgress) => diagnose({ ...options, onProgress }), checks.length)
      : await diagnose({ ...options, onProgress: stderrProgress((line) => this.note(line)) });
    if (!interactive) this.out(renderReport(result, (flags.output ?? 'human') as OutputFormat, clientVersion().k8sdoc));
    if (result.failed) this.exit(1);
  }
}
