import { spawn, spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { isBrokenPipe, writeOutput, writeToStream } from '../../src/report/write-output.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dealpulse-out-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeOutput to a file', () => {
  it('writes the file and leaves no temp file behind', async () => {
    const target = join(dir, 'report.csv');
    await writeOutput('a,b\n1,2\n', target);
    expect(await readFile(target, 'utf8')).toBe('a,b\n1,2\n');
    expect(await readdir(dir)).toEqual(['report.csv']);
  });

  it('replaces an existing file whole and keeps its permission bits', async () => {
    const target = join(dir, 'report.csv');
    await writeFile(target, 'old report, much longer than the new one\n'.repeat(100));
    await chmod(target, 0o640);
    await writeOutput('new\n', target);
    expect(await readFile(target, 'utf8')).toBe('new\n');
    expect((await stat(target)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['report.csv']);
  });

  it('a reader never sees a half-written file: concurrent readers get old or new, whole', async () => {
    const target = join(dir, 'report.txt');
    const oldText = 'o'.repeat(1 << 20);
    const newText = 'n'.repeat(1 << 21);
    await writeFile(target, oldText);
    let reading = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (reading) {
        const text = await readFile(target, 'utf8');
        seen.add(text === oldText ? 'old' : text === newText ? 'new' : `partial ${text.length}`);
      }
    })();
    for (let i = 0; i < 5; i++) await writeOutput(i % 2 === 0 ? newText : oldText, target);
    reading = false;
    await reader;
    expect([...seen].filter((s) => s.startsWith('partial'))).toEqual([]);
    expect(await readdir(dir)).toEqual(['report.txt']);
  });

  // A temp file renamed over a named pipe (or a device: /dev/null as root) would replace it with a
  // regular file, and the pipe's reader would get nothing.
  it.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)('writes into a named pipe, and the pipe stays a pipe', async () => {
    const target = join(dir, 'report.pipe');
    expect(spawnSync('mkfifo', [target]).status).toBe(0);
    const text = 'a,b\n1,2\n'.repeat(10_000);
    const read = (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of createReadStream(target)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    })();
    await writeOutput(text, target);
    expect(await read).toBe(text);
    expect((await stat(target)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['report.pipe']);
  });

  it('a missing directory is a clear usage error, and nothing is created', async () => {
    const target = join(dir, 'nope', 'report.csv');
    await expect(writeOutput('x', target)).rejects.toThrow(UsageError);
    await expect(writeOutput('x', target)).rejects.toThrow(
      `cannot write "${target}": directory "${join(dir, 'nope')}" does not exist`,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('a directory as the target, or a file as the directory, is a usage error', async () => {
    await mkdir(join(dir, 'sub'));
    await expect(writeOutput('x', join(dir, 'sub'))).rejects.toThrow(`cannot write "${join(dir, 'sub')}": it is a directory`);
    await writeFile(join(dir, 'file'), '');
    await expect(writeOutput('x', join(dir, 'file', 'r.csv'))).rejects.toThrow('is not a directory');
    expect((await readdir(dir)).sort()).toEqual(['file', 'sub']);
  });

  it.skipIf(process.getuid?.() === 0)('an unwritable directory is a usage error and leaves no temp file', async () => {
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await writeFile(join(locked, 'report.csv'), 'old\n');
    await chmod(locked, 0o500);
    try {
      await expect(writeOutput('new\n', join(locked, 'report.csv'))).rejects.toThrow('permission denied (EACCES)');
      expect(await readFile(join(locked, 'report.csv'), 'utf8')).toBe('old\n');
      expect(await readdir(locked)).toEqual(['report.csv']);
    } finally {
      await chmod(locked, 0o700);
    }
  });
});

describe('writeOutput to stdout', () => {
  it('isBrokenPipe recognises EPIPE and writes after it, nothing else', () => {
    expect(isBrokenPipe(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isBrokenPipe(Object.assign(new Error('destroyed'), { code: 'ERR_STREAM_DESTROYED' }))).toBe(true);
    expect(isBrokenPipe(Object.assign(new Error('full'), { code: 'ENOSPC' }))).toBe(false);
    expect(isBrokenPipe(new Error('EPIPE'))).toBe(false);
    expect(isBrokenPipe(null)).toBe(false);
  });

  it('resolves quietly when the reader of a pipe has gone', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: ['pipe', 'ignore', 'ignore'] });
    await new Promise((resolve) => child.on('exit', resolve));
    const big = 'x'.repeat(1 << 20);
    await expect(writeToStream(child.stdin, big)).resolves.toBeUndefined();
    await expect(writeToStream(child.stdin, big)).resolves.toBeUndefined();
  });

  it('end to end: `| head` closes stdout early; the process exits with its own code, silently', async () => {
    const viteNode = fileURLToPath(new URL('../../node_modules/.bin/vite-node', import.meta.url));
    const script = fileURLToPath(new URL('./fixtures/epipe-child.ts', import.meta.url));
    const child = spawn(viteNode, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(3);
  });
});
