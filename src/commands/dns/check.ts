import { Flags } from '@oclif/core';
import { KubeCommand, parseDuration } from '../../base-command.js';
import { dnsCheck, parseClusterDomain } from '../../dns/check.js';
import type { ProbeMode } from '../../dns/check.js';
import { DEFAULT_PROBE_IMAGE } from '../../dns/probe-pod.js';
import { probePassed, renderDnsProbe } from '../../dns/render.js';

export default class DnsCheck extends KubeCommand {
  static override description = `Resolve kubernetes.default.svc.<domain> (it must answer the kubernetes Service IP) and a name that must not exist (NXDOMAIN), with timings, and name the failure: timeout, SERVFAIL, refused, NXDOMAIN, wrong answer.

How it asks: with --server, or on the embedded cluster, it queries that DNS server directly. On a live cluster it runs a short-lived probe pod (restartPolicy Never) that runs nslookup, reads its log and always deletes it, also on Ctrl-C.

Exit codes: 0 DNS works, 1 a lookup failed or the probe could not run, 2 bad flags, 3 cluster unreachable, 6 forbidden to create the probe pod.`;

  static override examples = [
    '<%= config.bin %> dns check',
    '<%= config.bin %> dns check --server 127.0.0.1:1053',
    '<%= config.bin %> dns check --mode pod --probe-image busybox:1.36 -n kube-system -o json',
  ];

  static override flags = {
    server: Flags.string({ description: 'Query this DNS server (IP or IP:PORT) directly instead of through a pod.' }),
    mode: Flags.string({ description: 'direct: query --server (or the embedded CoreDNS); pod: always use a probe pod; auto: direct when an address is known.', options: ['auto', 'direct', 'pod'], default: 'auto' }),
    'probe-image': Flags.string({ description: 'Image of the probe pod; it needs sh and nslookup.', default: DEFAULT_PROBE_IMAGE }),
    namespace: Flags.string({ char: 'n', description: 'Namespace of the probe pod.', default: 'default' }),
    'cluster-domain': Flags.string({ description: 'The cluster domain (kubelet clusterDomain).', default: 'cluster.local' }),
    timeout: Flags.string({ description: 'How long one direct lookup may take.', default: '5s' }),
    'pod-timeout': Flags.string({ description: 'How long the probe pod may take to finish, scheduling and image pull included.', default: '2m' }),
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['text', 'json', 'yaml'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DnsCheck);
    const clusterDomain = parseClusterDomain(flags['cluster-domain']);
    const timeoutMs = parseDuration(flags.timeout, '--timeout');
    const podTimeoutMs = parseDuration(flags['pod-timeout'], '--pod-timeout');
    const probe = await dnsCheck(this.kube(flags), {
      server: flags.server,
      mode: flags.mode as ProbeMode,
      image: flags['probe-image'],
      namespace: flags.namespace,
      clusterDomain,
      timeoutMs,
      podTimeoutMs,
      onProgress: (message) => this.note(message),
    });
    this.out(renderDnsProbe(probe, flags.output));
    if (!probePassed(probe)) this.exit(1);
  }
}
