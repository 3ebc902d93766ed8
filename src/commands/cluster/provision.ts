import { BaseCommand } from '../../base-command.js';
import { provisionAll } from '../../embedded/binaries.js';
import { binaryFlags, provisionOptions } from '../../embedded/flags.js';

export default class ClusterProvision extends BaseCommand {
  static override description = 'Get the pinned control-plane binaries into the cache (release download with sha256 check, or a Go build), without starting anything.';
  static override examples = ['<%= config.bin %> cluster provision', '<%= config.bin %> cluster provision --source build'];
  static override flags = { ...binaryFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterProvision);
    let last = 0;
    const dirs = await provisionAll({
      ...provisionOptions(flags),
      onProgress: (message) => {
        // builds print a line per package: keep stderr readable
        if (Date.now() - last > 2000 || !message.includes('packages compiled')) {
          last = Date.now();
          this.note(message);
        }
      },
    });
    this.out(dirs.join('\n'));
  }
}
