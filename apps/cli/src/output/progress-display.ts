import { DebugLog } from './debug-log';
import { PlainProgress } from './plain-progress';
import { DisplayStream, RunDisplay, silentDisplay } from './run-display';
import { TtyProgress } from './tty-progress';

/**
 * How a run shows progress on `out` (stderr): every event with --debug; a
 * live block on a terminal; plain lines otherwise, except with --json, where
 * a machine reads the output and stderr keeps only errors.
 */
export function progressDisplay(out: DisplayStream, o: { json?: boolean; debug?: boolean }): RunDisplay {
  if (o.debug) return new DebugLog(out);
  if (out.isTTY) return new TtyProgress(out);
  if (o.json) return silentDisplay;
  return new PlainProgress(out);
}
