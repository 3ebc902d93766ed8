// Entry of the embedded kubelet server: `node kubelet-main.js '<KubeletServerOptions as JSON>'`.
import { serveKubelet } from './kubelet-server.js';
import type { KubeletServerOptions } from './kubelet-server.js';

const server = serveKubelet(JSON.parse(process.argv[2] ?? '{}') as KubeletServerOptions);
server.on('error', (error) => {
  process.stderr.write(`kubelet server: ${error.message}\n`);
  process.exit(1);
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => server.close(() => process.exit(0)));
