/**
 * The Node server's request log: the JSON lines of src/plugins/observability.ts on standard output
 * (errors on standard error), written once per event-loop turn. Lines still held when the process
 * ends are written first, whether it exits or is stopped by a signal.
 */
import { createLineLogger, type LineLogger } from './observability';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function nodeRequestLogger(): LineLogger {
  // Writes to pipes and files are synchronous in Node on Linux, so a flush on exit is complete.
  const logger = createLineLogger({ out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
  process.on('exit', logger.flush);
  for (const signal of STOP_SIGNALS) {
    process.once(signal, () => {
      logger.flush();
      // The signal's own outcome (the process ends, reported as killed by it), unless someone
      // else listens for it and decides.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
  return logger;
}
