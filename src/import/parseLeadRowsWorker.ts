// The worker thread of a large import: it decodes, parses and checks the file (and scores each new lead)
// while the main thread writes to the database, so the two halves of the work overlap on two cores.
// Messages in: { chunk } and { end }; out: a ParsedBatch per chunk, then { done }, or { failure } for a file
// that cannot be read (src/import/parseInWorker.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { serveParser } from './parseInWorker.js';
import { LeadRowParser, parsedBatchBuffers, type ParseOptions } from './parseLeadRows.js';

serveParser(parentPort!, new LeadRowParser(workerData as ParseOptions), parsedBatchBuffers);
