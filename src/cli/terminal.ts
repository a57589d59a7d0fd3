// When the terminal bant runs in closes (its window shut, an SSH link dropped) during a prompt, two things
// crash the process instead of letting it end as on Ctrl-C:
// - readline, closing, turns raw mode off on the dead terminal, gets EIO, and re-emits it as an 'error' on
//   its own Interface (created inside @inquirer/core, out of reach of a listener): an uncaught exception;
// - Node, at exit, restores the terminal's settings on the standard descriptors, gets EIO, and a CHECK
//   turns that into SIGABRT (nodejs/node#51519, fixed in later Node versions by #58200).
// So raw mode is not touched on a terminal that is gone, and the descriptors of a dead terminal are
// pointed at /dev/null before exit, which Node then leaves alone.

import fs from 'node:fs';
import tty from 'node:tty';

const STDIO = [0, 1, 2] as const;

/** Notes which standard descriptors are terminals now; the returned function detaches those that died. */
export function watchTerminal(stdin: NodeJS.ReadStream): () => void {
  const wasTerminal = STDIO.map((fd) => tty.isatty(fd));
  if (stdin.isTTY) {
    const setRawMode = stdin.setRawMode.bind(stdin);
    stdin.setRawMode = (mode: boolean) => (tty.isatty(0) ? setRawMode(mode) : stdin);
  }
  return () => {
    for (const fd of STDIO) {
      if (!wasTerminal[fd] || tty.isatty(fd)) continue; // never a terminal, or still alive
      try {
        fs.closeSync(fd);
        const reopened = fs.openSync('/dev/null', fd === 0 ? 'r' : 'w'); // the lowest free descriptor: fd itself
        if (reopened !== fd) fs.closeSync(reopened);
      } catch {
        // nothing better to do on the way out
      }
    }
  };
}

/** Writing to a terminal that is gone fails with EIO (or EPIPE for a pipe whose reader left): not a crash. */
export function isGoneOutput(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EIO' || error.code === 'EPIPE';
}
