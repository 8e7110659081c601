// `npm run bench [-- ARGS]`: the latency and scale bench with ARGS, then the Discord burst.
// npm appends ARGS to a script's last command, so a script written "bench.ts && discord-burst.ts"
// handed `--passages 166000` to the burst and ran the scale bench with its defaults.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const run = (argv) => spawnSync(process.execPath, argv, { stdio: 'inherit' }).status ?? 1;
const status = run(['--expose-gc', '--import', 'tsx', 'bench/bench.ts', ...args]);
const helpOnly = args.includes('--help') || args.includes('-h');
process.exit(status !== 0 || helpOnly ? status : run(['--import', 'tsx', 'bench/discord-burst.ts']));
