// Small timing helpers for `npm run bench`: whole commands run many times, medians reported. Commands
// compared with each other are run in turn (a, b, c, a, b, c, …) so that a noisy moment on the machine
// hits them all alike.
import { spawnSync } from 'node:child_process';

function runOnce({ command, args, env, input }) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return ms;
}

/** Medians in ms, in the order of `commands` ({ command, args, env?, input? }). */
export function timeInTurn(commands, { runs = 25, warmup = 3 } = {}) {
  const samples = commands.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    commands.forEach((spec, index) => {
      const ms = runOnce({ env: process.env, ...spec });
      if (round >= warmup) samples[index].push(ms);
    });
  }
  return samples.map((list) => {
    list.sort((a, b) => a - b);
    return list[Math.floor(list.length / 2)];
  });
}

export const fmt = (ms) => `${ms.toFixed(1)} ms`;

export function printRow(label, figure, extra = '') {
  process.stdout.write(`  ${label.padEnd(48)} ${figure.padStart(12)}  ${extra}\n`);
}
