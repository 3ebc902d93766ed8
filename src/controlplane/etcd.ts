import { samples } from './metrics.js';

/** etcd's --quota-backend-bytes default; clusters that raise it should say so in thresholds. */
export const ETCD_DEFAULT_QUOTA_BYTES = 2 * 1024 ** 3;

/** Share of the quota where a warning starts (the field guide's 75%) and where it becomes an error. */
export const ETCD_SIZE_WARNING = 0.75;
export const ETCD_SIZE_ERROR = 0.9;

/**
 * The names the apiserver has exported etcd's database size under, newest first:
 * apiserver_storage_size_bytes (1.28+), apiserver_storage_db_total_size_in_bytes (1.23–1.28),
 * etcd_db_total_size_in_bytes (older).
 */
const SIZE_METRICS = ['apiserver_storage_size_bytes', 'apiserver_storage_db_total_size_in_bytes', 'etcd_db_total_size_in_bytes'];

export interface StorageSize {
  metric: string;
  /** the largest value over etcd clusters/endpoints */
  bytes: number;
  /** the label set of that sample, for evidence */
  labels: Record<string, string>;
}

export function storageSize(metrics: string): StorageSize | undefined {
  const found = samples(metrics, SIZE_METRICS);
  for (const metric of SIZE_METRICS) {
    const largest = found.filter((s) => s.name === metric).sort((a, b) => b.value - a.value)[0];
    if (largest) return { metric, bytes: largest.value, labels: largest.labels };
  }
  return undefined;
}
