// The main thread's half of parsing a file in a worker thread (a lead list, an activity file): chunks of the
// file go to the worker as they are read, parsed batches come back, a few in flight at a time so that both
// threads stay busy and memory stays flat. The worker answers { batch } per chunk, then { done }, or
// { failure } for a file that cannot be read (parseLeadRowsWorker.ts, parseActivityRowsWorker.ts).

import { Worker } from 'node:worker_threads';
import { BantError } from '../domain/errors.js';

/** Chunks handed to the worker and not yet written: enough to keep both threads busy, few enough to keep memory flat. */
const CHUNKS_IN_FLIGHT = 3;

type WorkerMessage<B> = { batch: B } | { done: true } | { failure: { kind?: BantError['kind']; key?: string; params?: BantError['params']; message?: string } };

export async function* parseInWorker<B>(workerFile: URL, input: AsyncIterable<Uint8Array>, options: unknown): AsyncGenerator<B> {
  const worker = new Worker(workerFile, {
    workerData: options,
    // A small young generation keeps the worker's garbage, and so the import's peak memory, low.
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
  });
  const inbox: WorkerMessage<B>[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: WorkerMessage<B>) => {
    inbox.push(message);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ failure: { message: String(error.stack ?? error) } }));
  const receive = async (): Promise<WorkerMessage<B>> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return inbox.shift()!;
  };
  const open = (message: WorkerMessage<B>): B | undefined => {
    if ('failure' in message) {
      const { kind, key, params, message: text } = message.failure;
      throw kind && key ? new BantError(kind, key, params) : new Error(`import worker failed: ${text}`);
    }
    return 'batch' in message ? message.batch : undefined;
  };
  try {
    let inFlight = 0;
    for await (const chunk of input) {
      // Moved to the worker rather than copied: a chunk that owns its memory as it is (a file's, read in
      // chunks of its own), else a copy that does.
      const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer ? chunk : new Uint8Array(chunk);
      worker.postMessage({ chunk: owned }, [owned.buffer as ArrayBuffer]);
      inFlight++;
      while (inFlight >= CHUNKS_IN_FLIGHT || (inbox.length > 0 && inFlight > 0)) {
        const batch = open(await receive());
        inFlight--;
        if (batch) yield batch;
      }
    }
    worker.postMessage({ end: true });
    for (;;) {
      const message = await receive();
      if ('done' in message) break;
      const batch = open(message);
      if (batch) yield batch;
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * The worker's half: a parser's push and end, answered as parseInWorker expects. `buffers` names the memory of
 * a batch that moves to the main thread rather than being copied (it is then unusable here).
 */
export function serveParser<B>(
  port: import('node:worker_threads').MessagePort,
  parser: { push(bytes: Uint8Array): B; end(): B },
  buffers: (batch: B) => ArrayBuffer[] = () => [],
): void {
  const send = (batch: B) => port.postMessage({ batch }, buffers(batch));
  port.on('message', (message: { chunk?: Uint8Array; end?: true }) => {
    try {
      if (message.chunk) send(parser.push(message.chunk));
      else {
        send(parser.end());
        port.postMessage({ done: true });
      }
    } catch (error) {
      port.postMessage({
        failure: error instanceof BantError ? { kind: error.kind, key: error.key, params: error.params } : { message: String((error as Error)?.stack ?? error) },
      });
    }
  });
}

/** The same parsing on this thread, for small files: a worker costs more to start than they take to parse. */
export async function* parseInline<B>(parser: { push(bytes: Uint8Array): B; end(): B }, input: AsyncIterable<Uint8Array>): AsyncGenerator<B> {
  for await (const chunk of input) yield parser.push(chunk);
  yield parser.end();
}
