import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A fresh folder under the OS temp dir, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bant-test-'));
  made.push(dir);
  return dir;
}

/** A temp folder owned by `uid` (the user a permission test runs bant as), with every file put in it. */
export function chownTree(dir: string, uid: number): void {
  fs.chownSync(dir, uid, uid);
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name);
    if (fs.statSync(entry).isDirectory()) chownTree(entry, uid);
    else fs.chownSync(entry, uid, uid);
  }
}

afterEach(() => {
  for (const dir of made.splice(0)) {
    fs.chmodSync(dir, 0o700); // a test may have made it read-only
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
