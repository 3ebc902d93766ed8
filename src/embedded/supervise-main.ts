// Entry of the supervisor process: `node supervise-main.js '<SuperviseSpec as JSON>'`.
import { supervise } from './supervise.js';
import type { SuperviseSpec } from './supervise.js';

supervise(JSON.parse(process.argv[2] ?? '{}') as SuperviseSpec);
