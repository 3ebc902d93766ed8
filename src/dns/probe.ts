import { Resolver } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { resolve4OverTls } from './dot.js';
import type { DotTls } from './dot.js';

/** Why a lookup did not give the answer it must give. */
export type DnsFailure =
  | 'timeout'
  | 'servfail'
  | 'refused'
  /** NXDOMAIN for a name that must exist */
  | 'nxdomain'
  /** the name exists but has no A record */
  | 'no-answer'
  /** an address other than the kubernetes Service's clusterIP */
  | 'wrong-answer'
  /** a name that must not exist resolved */
  | 'resolved'
  | 'error';

export interface LookupExpectation {
  name: string;
  /** the addresses it must resolve to (any answer will do when empty), or 'nxdomain' */
  expect: string[] | 'nxdomain';
}

export interface LookupResult extends LookupExpectation {
  ok: boolean;
  answers: string[];
  failure?: DnsFailure;
  /** the resolver's own words (error code, nslookup line) */
  detail?: string;
  ms?: number;
}

export interface DnsProbe {
  method: 'direct' | 'pod';
  /** the DNS server queried (direct), or the probe pod's resolver */
  server: string;
  lookups: LookupResult[];
  /** the probe could not run or its result could not be read: why */
  inconclusive?: string;
  pod?: { namespace: string; name: string; image: string; node?: string; phase?: string; deleted: boolean };
}

/** The name that must resolve, and one under the cluster domain that must not. */
export function probeNames(clusterDomain: string, kubernetesServiceIp: string | undefined): LookupExpectation[] {
  return [
    { name: `kubernetes.default.svc.${clusterDomain}`, expect: kubernetesServiceIp ? [kubernetesServiceIp] : [] },
    { name: `k8sdoc-must-not-exist.default.svc.${clusterDomain}`, expect: 'nxdomain' },
  ];
}

/** What each failure class means for a cluster, in one line. */
export const FAILURE_MEANING: Record<DnsFailure, string> = {
  timeout: 'no answer in time: CoreDNS is down or unreachable (kube-dns Service without ready endpoints, a NetworkPolicy dropping port 53, kube-proxy not routing the Service IP)',
  servfail: 'the server failed (SERVFAIL): CoreDNS cannot reach the API server (kubernetes plugin) or its upstream (forward), or a plugin errors; see the CoreDNS logs',
  refused: 'the server refused or nothing listens there: wrong DNS address, or CoreDNS is not serving this zone',
  nxdomain: 'NXDOMAIN for a name that must exist: CoreDNS does not serve the cluster domain (kubernetes plugin missing or a different cluster domain in the Corefile)',
  'no-answer': 'the name exists but has no address record: the kubernetes Service has no clusterIP or CoreDNS is not watching Services',
  'wrong-answer': "the answer is not the kubernetes Service's clusterIP: another DNS server is answering, or CoreDNS serves stale data",
  resolved: 'a name that must not exist resolved: a wildcard, rewrite or upstream answers everything, so typos and missing Services look like they exist',
  error: 'the lookup failed',
};

/** Judges one answer (or NXDOMAIN) against what was expected. */
export function judge(expectation: LookupExpectation, answers: string[], failure: DnsFailure | undefined, detail?: string, ms?: number): LookupResult {
  const base = { ...expectation, answers, ...(detail ? { detail } : {}), ...(ms === undefined ? {} : { ms }) };
  if (expectation.expect === 'nxdomain') {
    if (failure === 'nxdomain') return { ...base, ok: true };
    if (!failure) return { ...base, ok: false, failure: 'resolved' };
    return { ...base, ok: false, failure };
  }
  if (failure) return { ...base, ok: false, failure };
  if (answers.length === 0) return { ...base, ok: false, failure: 'no-answer' };
  const expected = expectation.expect;
  if (expected.length > 0 && !expected.some((ip) => answers.includes(ip))) return { ...base, ok: false, failure: 'wrong-answer' };
  return { ...base, ok: true };
}

const ERROR_CODES: Record<string, DnsFailure> = {
  ETIMEOUT: 'timeout',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'nxdomain',
  ENODATA: 'no-answer',
};

/**
 * Queries a DNS server directly: --server with Node's resolver, or the embedded CoreDNS over
 * TLS with its client certificate (it answers no one without one).
 */
export async function probeDirect(server: string, expectations: readonly LookupExpectation[], timeoutMs: number, tls?: DotTls): Promise<DnsProbe> {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (!tls) resolver.setServers([server]);
  const lookups = await Promise.all(
    expectations.map(async (expectation) => {
      const started = performance.now();
      try {
        const answers = tls ? await resolve4OverTls(server, expectation.name, tls, timeoutMs) : await resolver.resolve4(expectation.name);
        return judge(expectation, answers, undefined, undefined, Math.round(performance.now() - started));
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        return judge(expectation, [], ERROR_CODES[code] ?? 'error', code || String(error), Math.round(performance.now() - started));
      }
    }),
  );
  return { method: 'direct', server, lookups };
}
