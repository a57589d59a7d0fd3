// Ctrl-C, a terminal closing, or a polite kill, while a command writes: instead of dying on the spot (and
// leaving a half-written file), the command is told through an AbortSignal and cleans up itself.

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Aborts `controller` on the first interrupting signal; returns the function that stops listening. */
export function abortOnInterrupt(controller: AbortController): () => void {
  const abort = () => controller.abort();
  for (const signal of SIGNALS) process.on(signal, abort);
  return () => {
    for (const signal of SIGNALS) process.off(signal, abort);
  };
}

/** Lets pending signals be handled: a long synchronous loop calls it now and then. */
export function letSignalsIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
