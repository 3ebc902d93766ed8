import { seesKubeSystem } from '../../src/controlplane/scope.js';
import { CorefileError, parseCorefile, plugin } from '../../src/dns/corefile.js';
import type { Directive, ServerBlock } from '../../src/dns/corefile.js';
import { kubeDnsService } from '../../src/dns/kube-dns.js';
import type { Check, CheckResult, ObjectRef } from '../../src/engine/types.js';
import type { KubeObject } from '../../src/kube/types.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** `dns://127.0.0.1:53`, `tls://[::1]`, `127.0.0.53` → the bare host. */
function hostOf(target: string): string {
  const bare = target.replace(/^[a-z]+:\/\//, '');
  const bracketed = /^\[([^\]]+)\]/.exec(bare);
  if (bracketed) return bracketed[1] ?? '';
  return bare.split(':').length === 2 ? (bare.split(':')[0] ?? '') : bare;
}

function isLoopback(host: string): boolean {
  return /^127\./.test(host) || host === 'localhost' || host === '::1';
}

function where(directive: Directive): string {
  return `Corefile line ${directive.line}: ${directive.name} ${directive.args.join(' ')}`;
}

function forwardFindings(server: ServerBlock, object: ObjectRef, dnsNoEndpointsIp: string | undefined): CheckResult[] {
  const forward = plugin(server, 'forward');
  if (!forward) return [];
  const targets = forward.args.slice(1);
  const zone = server.keys.join(' ');
  const selfTargets = targets.filter((t) => {
    const host = hostOf(t);
    return isLoopback(host) || host === dnsNoEndpointsIp;
  });
  if (selfTargets.length > 0) {
    return [
      {
        object,
        message: `the Corefile forwards ${zone} to ${selfTargets.join(', ')}, which is CoreDNS itself: queries for names outside the cluster loop until they time out`,
        evidence: [where(forward), ...(dnsNoEndpointsIp && selfTargets.some((t) => hostOf(t) === dnsNoEndpointsIp) ? [`${dnsNoEndpointsIp} is the kube-dns Service`] : ['inside the CoreDNS pod, a loopback address is CoreDNS'])],
        remediation: 'Forward to real upstream resolvers (`forward . /etc/resolv.conf` with a node resolv.conf that names them, or their IPs), then `kubectl -n kube-system rollout restart deployment coredns`.',
      },
    ];
  }
  if (targets.some((t) => t.startsWith('/')) && !plugin(server, 'loop')) {
    return [
      {
        object,
        severity: 'warning',
        message: `the Corefile forwards ${zone} to the node's resolv.conf without the loop plugin: a node whose resolv.conf names a local stub resolver (systemd-resolved at 127.0.0.53) makes an undetected forwarding loop`,
        evidence: [where(forward), 'no loop plugin in this server block'],
        remediation: 'Add `loop` to the server block so CoreDNS detects a loop and stops, and point the kubelet at a resolv.conf with real upstreams (resolvConf: /run/systemd/resolve/resolv.conf).',
      },
    ];
  }
  return [];
}

export const dnsCorefile: Check = {
  id: 'dns-corefile',
  title: 'CoreDNS Corefile that does not parse, lacks the kubernetes plugin, or forwards in a loop',
  area: 'dns',
  severity: 'error',
  needs: ['configmaps', 'services'],
  docs: 'https://coredns.io/plugins/loop/#troubleshooting-loops-in-kubernetes-clusters',
  run(view) {
    if (!seesKubeSystem(view)) return [];
    const configMap = view.get<ConfigMap>('ConfigMap', 'coredns', 'kube-system');
    const text = configMap?.data?.Corefile;
    if (!configMap || text === undefined) return [];
    const object: ObjectRef = { kind: 'ConfigMap', name: 'coredns', namespace: 'kube-system' };
    let servers: ServerBlock[];
    try {
      servers = parseCorefile(text).servers;
    } catch (error) {
      if (!(error instanceof CorefileError)) throw error;
      return [
        {
          object,
          message: `the Corefile does not parse (${error.message}): CoreDNS pods that restart will not start`,
          evidence: [`Corefile ${error.message}`],
          remediation: 'Fix the braces of the Corefile in ConfigMap kube-system/coredns; the running pods keep the last good configuration until they restart.',
        },
      ];
    }
    const results: CheckResult[] = [];
    if (!servers.some((server) => plugin(server, 'kubernetes'))) {
      results.push({
        object,
        message: 'the Corefile has no kubernetes plugin: CoreDNS does not answer for Services and pods, so cluster names get NXDOMAIN or are forwarded upstream',
        evidence: [`server blocks: ${servers.map((s) => `${s.keys.join(' ')} (${s.directives.map((d) => d.name).join(', ')})`).join('; ') || 'none'}`],
        remediation: 'Restore the kubernetes block (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa }`) in ConfigMap kube-system/coredns.',
      });
    }
    for (const server of servers) {
      const proxy = plugin(server, 'proxy');
      if (proxy) {
        results.push({
          object,
          message: 'the Corefile uses the proxy plugin, removed in CoreDNS 1.7: current CoreDNS refuses to start with it',
          evidence: [where(proxy)],
          remediation: 'Replace `proxy` with `forward` (same arguments for the common case).',
        });
      }
      results.push(...forwardFindings(server, object, kubeDnsService(view)?.spec?.clusterIP));
    }
    return results;
  },
};
