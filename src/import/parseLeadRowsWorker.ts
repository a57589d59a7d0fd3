// The worker thread of a large import: it decodes, parses and checks the file while the main thread
// writes to SQLite, so the two halves of the work overlap on two cores. Messages in: { chunk } and
// { end }; out: a ParsedBatch per chunk, then { done }, or { failure } for a file that cannot be read.

import { parentPort, workerData } from 'node:worker_threads';
import { BantError } from '../domain/errors.js';
import { LeadRowParser, type ParseOptions } from './parseLeadRows.js';

const parser = new LeadRowParser(workerData as ParseOptions);
const port = parentPort!;

port.on('message', (message: { chunk?: Uint8Array; end?: true }) => {
  try {
    if (message.chunk) port.postMessage({ batch: parser.push(message.chunk) });
    else {
      port.postMessage({ batch: parser.end() });
      port.postMessage({ done: true });
    }
  } catch (error) {
    port.postMessage({
      failure: error instanceof BantError ? { kind: error.kind, key: error.key, params: error.params } : { message: String((error as Error)?.stack ?? error) },
    });
  }
});
