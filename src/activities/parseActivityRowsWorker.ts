// The worker thread of a large activity import: it decodes, parses and checks the file while the main thread
// writes, as a lead import's worker does (src/import/parseLeadRowsWorker.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { serveParser } from '../import/parseInWorker.js';
import { ActivityRowParser, type ActivityParseOptions } from './parseActivityRows.js';

serveParser(parentPort!, new ActivityRowParser(workerData as ActivityParseOptions));
