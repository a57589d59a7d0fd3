// Runs a command in the foreground of a terminal and writes how it ended to a file, surviving the hangup
// itself: what a test needs to see how bant ends when its terminal closes under it.
// Usage: node recordExit.mjs <result.json> <command> [args...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

process.on('SIGHUP', () => {}); // outlive the terminal, to report on the child
const [resultFile, command, ...args] = process.argv.slice(2);
const result = spawnSync(command, args, { stdio: 'inherit' });
fs.writeFileSync(resultFile, JSON.stringify({ code: result.status, signal: result.signal }));
