// Where a rendered report goes: a file given with `--out`, or stdout. A file is replaced atomically
// (temp file in the same directory, fsync, rename) so a cron job or a reader never sees half a
// report, and an old report survives a failed run. On stdout, a reader that stops early
// (`| head`) closes the pipe: that is not an error, and must not end in a stack trace (STYLE 6).
//
// How the CLI uses it (src/cli/main.ts):
//   await writeOutput(renderers[format](report, options), flags.out);
// `writeOutput` resolves quietly on a closed pipe, so the command then finishes with its own exit
// code (0, or 3 for a `--fail-on` hit). As a backstop, main's one catch should test
// `isBrokenPipe(err)` first and return the exit code without printing anything. Failures to write
// `--out` are UsageError (exit 2) with a message naming the path; print it like any other.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';

/**
 * True for the errors of writing to a pipe whose reader has gone: EPIPE, and the "stream destroyed"
 * error of any write attempted after it.
 */
export function isBrokenPipe(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/**
 * Write the report: to `outPath` atomically, or to stdout when no path (or `-`) is given,
 * resolving once the text is handed to the OS.
 */
export async function writeOutput(text: string, outPath?: string): Promise<void> {
  if (outPath === undefined || outPath === '-') return writeToStream(process.stdout, text);
  return writeFileAtomic(outPath, text);
}

// ---------------------------------------------------------------------------------------------
// stdout

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * An EPIPE is both passed to the write callback and emitted as 'error' on the stream; with no
 * listener the emit would crash the process with a stack. Failures are reported through the
 * write's promise, so the listener only has to exist.
 */
function guardStream(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', () => {});
}

/**
 * Write `text` to a stream and resolve when it is flushed to the OS; a closed pipe resolves too
 * (the reader has all it wanted). Exported for tests, which cannot close the real stdout.
 */
export function writeToStream(stream: NodeJS.WritableStream, text: string): Promise<void> {
  guardStream(stream);
  return new Promise((resolvePromise, reject) => {
    const done = (err?: unknown): void => {
      if (err === undefined || err === null || isBrokenPipe(err)) resolvePromise();
      else reject(err);
    };
    if ('destroyed' in stream && stream.destroyed === true) {
      done(); // the reader went away during an earlier write
      return;
    }
    try {
      stream.write(text, (err) => done(err));
    } catch (err) {
      // stdout redirected to a file writes synchronously, and its errors are thrown, not passed.
      done(err);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// --out FILE

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'the name is too long',
  ENOENT: 'no such file or directory',
};

/** A filesystem error as a message the user can act on; anything without an errno code is a bug. */
function describeWriteError(err: unknown, outPath: string): unknown {
  const code = errorCode(err);
  if (code === undefined) return err;
  const reason = REASONS[code] ?? (err instanceof Error ? err.message : code);
  return new UsageError(`cannot write "${outPath}": ${reason} (${code})`, { cause: err });
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Replace `outPath` with `text` so that the path holds either the old file or the whole new one:
 * write a hidden temp file next to it, fsync it, rename it over the target (atomic within one
 * directory), then fsync the directory so the rename survives a power cut. The temp file is
 * removed on any failure. An existing target keeps its permission bits. A target that is not a
 * regular file (a named pipe, a device, /dev/stdout) is written into instead (`writeInPlace`).
 */
async function writeFileAtomic(outPath: string, text: string): Promise<void> {
  const target = resolve(outPath);
  const dir = dirname(target);

  // Checked up front because the error from the temp file would name the temp file, not the path.
  let dirStats: Stats | undefined;
  try {
    dirStats = await statOrUndefined(dir);
  } catch (err) {
    throw describeWriteError(err, outPath);
  }
  if (dirStats === undefined) {
    throw new UsageError(`cannot write "${outPath}": directory "${dirname(outPath)}" does not exist`);
  }
  if (!dirStats.isDirectory()) {
    throw new UsageError(`cannot write "${outPath}": "${dirname(outPath)}" is not a directory`);
  }
  const existing = await statOrUndefined(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`cannot write "${outPath}": it is a directory`);
  // A device, a named pipe or /dev/stdout is written to, never replaced: renaming a file over it
  // would put a regular file where /dev/null was (as root) and the reader of the pipe would get
  // nothing. Such a target has no old contents to keep whole.
  if (existing !== undefined && !existing.isFile()) return writeInPlace(target, outPath, text);

  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o666);
    if (existing) await handle.chmod(existing.mode & 0o7777);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw describeWriteError(err, outPath);
  }
  await syncDirectory(dir);
}

async function writeInPlace(target: string, outPath: string, text: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(target, 'w');
    await handle.writeFile(text, 'utf8');
  } catch (err) {
    throw describeWriteError(err, outPath);
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Best effort: some platforms (Windows) cannot open a directory for fsync; the data is written. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // ignored on purpose: see above
  } finally {
    await handle?.close().catch(() => {});
  }
}
