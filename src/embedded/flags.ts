import { Flags } from '@oclif/core';
import type { BinarySource, ProvisionOptions } from './binaries.js';

/** Flags of the commands that need the control-plane binaries. */
export const binaryFlags = {
  'bin-dir': Flags.string({ description: 'Folder holding the control-plane binaries (also K8SDOC_BIN_DIR); skips the cache, download and build.' }),
  source: Flags.string({ options: ['auto', 'download', 'build'], default: 'auto', description: 'How to get binaries missing from the cache: auto (release download, else Go build), download or build.' }),
};

export function provisionOptions(flags: { 'bin-dir'?: string | undefined; source?: string | undefined }): ProvisionOptions {
  return { binDir: flags['bin-dir'], source: (flags.source ?? 'auto') as BinarySource };
}
