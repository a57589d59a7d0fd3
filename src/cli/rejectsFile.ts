// The rejects file of an import (`--rejects FILE`): the rejected rows (and skipped duplicates) under the file's
// own header plus `line` and `error`, in the file's own delimiter, ready to fix and import again. Written
// through OutputFile: under a hidden name, renamed into place only when the import commits.

import { OutputFile, type OutputTarget } from './outputFile.js';
import { toCsvLine } from './render.js';

/** The rejected rows under the file's own header plus `line` and `error`, ready to fix and import again. */
export class RejectsFile {
  private out: OutputFile | undefined;
  private delimiter = ',';

  constructor(private readonly target: OutputTarget) {}

  start(headers: string[], delimiter: string): void {
    this.delimiter = delimiter;
    this.out = new OutputFile(this.target);
    this.out.write(toCsvLine([...headers, 'line', 'error'], delimiter));
  }

  add(fields: string[], line: number, error: string): void {
    this.out?.write(toCsvLine([...fields, String(line), error], this.delimiter));
  }

  /** Every rejected row on disk before the import commits; the file takes its name only after. */
  flush(): void {
    this.out?.flush();
  }

  finish(): void {
    this.out?.commit();
  }

  discard(): void {
    this.out?.discard();
  }
}
