/**
 * Generates a kubeadm-layout PKI with openssl for tests: `<dir>/pki/...` and the component
 * kubeconfigs in `<dir>`. Validity is relative to the moment it runs, so a certificate that
 * "expires in 3 days" does so whenever the tests run; nothing with fixed dates is committed.
 *
 *   npx tsx scripts/test-pki.ts OUTDIR [--server https://127.0.0.1:6443]
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';

const DAY_MS = 86_400_000;

/** Validity in days relative to now; a negative notAfterDays makes an expired certificate. */
export interface Validity {
  notBeforeDays?: number;
  notAfterDays: number;
}

export interface TestPkiOptions {
  /** the apiserver URL written into the kubeconfigs */
  server?: string;
  /** subject alternative names of apiserver.crt */
  apiserverSans?: string[];
  /** validity by kubeadm name (ca, apiserver, etcd-server, admin.conf...); default 365 days, CAs 3650 */
  validity?: Record<string, Validity>;
  /** kubeadm names whose private key is replaced by an unrelated one */
  wrongKey?: string[];
  /** kubeadm names signed by an unrelated CA instead of their own */
  foreignIssuer?: string[];
  /** files (relative to the pki dir or the kubeconfig dir) not to write */
  omit?: string[];
  /** give sa.pub the public key of another pair */
  saMismatch?: boolean;
}

export interface Issued {
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** openssl ca takes GeneralizedTime: 20260101000000Z */
function asn1Time(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

const CA_CONFIG = `[ ca ]
default_ca = test
[ test ]
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = copy
[ anything ]
commonName = supplied
organizationName = optional
`;

/** Issues test certificates with openssl into a scratch folder; close() removes it. */
export class TestIssuer {
  /** where CSRs, the CA database and certificates that belong to no file of the layout live */
  readonly work: string;
  private count = 0;

  constructor(private readonly now: Date) {
    this.work = mkdtempSync(path.join(tmpdir(), 'k8sdoc-test-pki-'));
    writeFileSync(path.join(this.work, 'ca.cnf'), CA_CONFIG);
    writeFileSync(path.join(this.work, 'index.txt'), '');
    writeFileSync(path.join(this.work, 'serial'), '1000\n');
  }

  key(file: string): void {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], this.work);
    chmodSync(file, 0o600);
  }

  /** Issues a certificate (self-signed when no signer) and writes cert and key. */
  issue(out: Issued, subject: string, validity: Validity, options: { signer?: Issued; ca?: boolean; sans?: string[] } = {}): Issued {
    this.key(out.key);
    const csr = path.join(this.work, `req-${++this.count}.csr`);
    const ext: string[] = [];
    if (options.ca) ext.push('-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature');
    else ext.push('-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment');
    if (options.sans?.length) ext.push('-addext', `subjectAltName=${options.sans.join(',')}`);
    openssl(['req', '-new', '-key', out.key, '-subj', subject, ...ext, '-out', csr], this.work);
    const start = new Date(this.now.getTime() + (validity.notBeforeDays ?? Math.min(-1, validity.notAfterDays - 30)) * DAY_MS);
    const end = new Date(this.now.getTime() + validity.notAfterDays * DAY_MS);
    const signWith = options.signer ? ['-cert', options.signer.cert, '-keyfile', options.signer.key] : ['-selfsign', '-keyfile', out.key];
    openssl(['ca', '-batch', '-config', 'ca.cnf', ...signWith, '-in', csr, '-out', out.cert, '-startdate', asn1Time(start), '-enddate', asn1Time(end), '-notext'], this.work);
    return out;
  }

  /** A certificate and key in the scratch folder, returned as PEM too. */
  pem(name: string, subject: string, validity: Validity, options: { signer?: Issued; ca?: boolean; sans?: string[] } = {}): Issued & { certPem: string; keyPem: string } {
    const issued = this.issue({ cert: path.join(this.work, `${name}.crt`), key: path.join(this.work, `${name}.key`) }, subject, validity, options);
    return { ...issued, certPem: readFileSync(issued.cert, 'utf8'), keyPem: readFileSync(issued.key, 'utf8') };
  }

  close(): void {
    rmSync(this.work, { recursive: true, force: true });
  }
}

const LEAVES: { name: string; file: string; signer: 'ca' | 'etcd-ca' | 'front-proxy-ca'; subject: string; sans?: (o: TestPkiOptions) => string[] }[] = [
  { name: 'apiserver', file: 'apiserver', signer: 'ca', subject: '/CN=kube-apiserver', sans: (o) => o.apiserverSans ?? ['DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc', 'DNS:localhost', 'IP:127.0.0.1', 'IP:10.96.0.1'] },
  { name: 'apiserver-kubelet-client', file: 'apiserver-kubelet-client', signer: 'ca', subject: '/CN=kube-apiserver-kubelet-client/O=kubeadm:cluster-admins' },
  { name: 'front-proxy-client', file: 'front-proxy-client', signer: 'front-proxy-ca', subject: '/CN=front-proxy-client' },
  { name: 'apiserver-etcd-client', file: 'apiserver-etcd-client', signer: 'etcd-ca', subject: '/CN=kube-apiserver-etcd-client' },
  { name: 'etcd-server', file: 'etcd/server', signer: 'etcd-ca', subject: '/CN=etcd', sans: () => ['DNS:localhost', 'IP:127.0.0.1'] },
  { name: 'etcd-peer', file: 'etcd/peer', signer: 'etcd-ca', subject: '/CN=etcd', sans: () => ['DNS:localhost', 'IP:127.0.0.1'] },
  { name: 'etcd-healthcheck-client', file: 'etcd/healthcheck-client', signer: 'etcd-ca', subject: '/CN=kube-etcd-healthcheck-client' },
];

const KUBECONFIGS: { file: string; subject: string }[] = [
  { file: 'admin.conf', subject: '/CN=kubernetes-admin/O=kubeadm:cluster-admins' },
  { file: 'super-admin.conf', subject: '/CN=kubernetes-super-admin/O=system:masters' },
  { file: 'controller-manager.conf', subject: '/CN=system:kube-controller-manager' },
  { file: 'scheduler.conf', subject: '/CN=system:kube-scheduler' },
  { file: 'kubelet.conf', subject: '/CN=system:node:node-1/O=system:nodes' },
];

function kubeconfig(server: string, caPem: string, issued: Issued, user: string): string {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubernetes', cluster: { server, 'certificate-authority-data': b64(caPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(readFileSync(issued.cert, 'utf8')), 'client-key-data': b64(readFileSync(issued.key, 'utf8')) } }],
    contexts: [{ name: `${user}@kubernetes`, context: { cluster: 'kubernetes', user } }],
    'current-context': `${user}@kubernetes`,
  });
}

/**
 * Writes the PKI into `dir/pki` and the kubeconfigs into `dir`; returns the pki directory.
 * Every variation a test needs (expiring, expired, wrong key, wrong CA, missing file, SANs) is
 * an option, so one call gives one scenario.
 */
export function generateTestPki(dir: string, options: TestPkiOptions = {}, now = new Date()): string {
  const pki = path.join(dir, 'pki');
  mkdirSync(path.join(pki, 'etcd'), { recursive: true });
  const issuer = new TestIssuer(now);
  const validity = (name: string, ca = false): Validity => options.validity?.[name] ?? { notAfterDays: ca ? 3650 : 365 };
  const at = (file: string): Issued => ({ cert: path.join(pki, `${file}.crt`), key: path.join(pki, `${file}.key`) });
  try {
    const cas = {
      ca: issuer.issue(at('ca'), '/CN=kubernetes', validity('ca', true), { ca: true }),
      'etcd-ca': issuer.issue(at('etcd/ca'), '/CN=etcd-ca', validity('etcd-ca', true), { ca: true }),
      'front-proxy-ca': issuer.issue(at('front-proxy-ca'), '/CN=front-proxy-ca', validity('front-proxy-ca', true), { ca: true }),
    };
    const foreign = issuer.issue({ cert: path.join(issuer.work, 'foreign.crt'), key: path.join(issuer.work, 'foreign.key') }, '/CN=some-other-ca', { notAfterDays: 3650 }, { ca: true });
    const signerFor = (name: string, own: Issued): Issued => (options.foreignIssuer?.includes(name) ? foreign : own);
    for (const leaf of LEAVES) {
      issuer.issue(at(leaf.file), leaf.subject, validity(leaf.name), { signer: signerFor(leaf.name, cas[leaf.signer]), ...(leaf.sans ? { sans: leaf.sans(options) } : {}) });
    }
    for (const name of options.wrongKey ?? []) {
      const file = LEAVES.find((l) => l.name === name)?.file ?? name;
      issuer.key(at(file).key);
    }
    issuer.key(path.join(pki, 'sa.key'));
    const pairFor = options.saMismatch ? path.join(issuer.work, 'other-sa.key') : path.join(pki, 'sa.key');
    if (options.saMismatch) issuer.key(pairFor);
    openssl(['pkey', '-in', pairFor, '-pubout', '-out', path.join(pki, 'sa.pub')], pki);

    const server = options.server ?? 'https://127.0.0.1:6443';
    const caPem = readFileSync(cas.ca.cert, 'utf8');
    for (const conf of KUBECONFIGS) {
      const issued = issuer.issue({ cert: path.join(issuer.work, `${conf.file}.crt`), key: path.join(issuer.work, `${conf.file}.key`) }, conf.subject, validity(conf.file), { signer: signerFor(conf.file, cas.ca) });
      const file = path.join(dir, conf.file);
      writeFileSync(file, kubeconfig(server, caPem, issued, conf.subject.split('/')[1]?.slice(3) ?? conf.file), { mode: 0o600 });
    }
    for (const file of options.omit ?? []) rmSync(file.endsWith('.conf') ? path.join(dir, file) : path.join(pki, file), { force: true });
    return pki;
  } finally {
    issuer.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [out, flag, server] = process.argv.slice(2);
  if (!out) {
    console.error('usage: npx tsx scripts/test-pki.ts OUTDIR [--server https://127.0.0.1:6443]');
    process.exit(2);
  }
  const pki = generateTestPki(path.resolve(out), flag === '--server' && server ? { server } : {});
  console.log(pki);
}
