import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A file under data/, found from dist/ (the built command) or from src/ (tests) alike. */
export function shippedDataFile(relative: string): string {
  for (const prefix of ['../data/', '../../data/']) {
    const candidate = fileURLToPath(new URL(prefix + relative, import.meta.url));
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`data/${relative} is missing from the installation`);
}
