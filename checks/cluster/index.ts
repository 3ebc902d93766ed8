import type { Check } from '../../src/engine/types.js';
import { apiserverHealth } from './apiserver-health.js';
import { apiserviceUnavailable } from './apiservice-unavailable.js';
import { certCaBundles } from './cert-ca-bundles.js';
import { certExpiring } from './cert-expiring.js';
import { certPkiFiles } from './cert-pki-files.js';
import { certTlsSecrets } from './cert-tls-secrets.js';
import { certTrust } from './cert-trust.js';
import { controlPlaneLeader } from './control-plane-leader.js';
import { controlPlaneSkew } from './control-plane-skew.js';
import { dnsCorefile } from './dns-corefile.js';
import { dnsEgressBlocked } from './dns-egress-blocked.js';
import { dnsProbe } from './dns-probe.js';
import { dnsNoEndpoints } from './dns-no-endpoints.js';
import { etcdAlarm } from './etcd-alarm.js';
import { etcdDbSize } from './etcd-db-size.js';
import { etcdFragmentation } from './etcd-fragmentation.js';
import { etcdLeader } from './etcd-leader.js';
import { etcdMemberCount } from './etcd-member-count.js';
import { etcdMemberHealth } from './etcd-member-health.js';
import { etcdVersionSkew } from './etcd-version-skew.js';
import { etcdViaApiserver } from './etcd-via-apiserver.js';
import { namespaceTerminating } from './namespace-terminating.js';
import { webhookTimeout } from './webhook-timeout.js';
import { webhookNoEndpoints } from './webhook-no-endpoints.js';

/** Certificate, DNS, control-plane, admission and etcd checks. */
export const clusterChecks: readonly Check[] = [
  apiserverHealth,
  etcdViaApiserver,
  etcdLeader,
  etcdAlarm,
  etcdMemberHealth,
  etcdDbSize,
  etcdFragmentation,
  etcdVersionSkew,
  etcdMemberCount,
  controlPlaneLeader,
  apiserviceUnavailable,
  namespaceTerminating,
  webhookNoEndpoints,
  webhookTimeout,
  controlPlaneSkew,
  dnsNoEndpoints,
  dnsCorefile,
  dnsEgressBlocked,
  dnsProbe,
  certExpiring,
  certPkiFiles,
  certTrust,
  certTlsSecrets,
  certCaBundles,
];
