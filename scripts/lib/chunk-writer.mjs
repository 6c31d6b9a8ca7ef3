// The data generators' file writer (generate-bench.mjs, shapes.mjs).
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Appends text and writes ~1 MB chunks to the file, encoded by `encode` (UTF-8 by default): no big
 * strings, no stream backpressure to mind. `close()` returns the bytes written.
 */
export class ChunkWriter {
  constructor(path, encode = (s) => Buffer.from(s, 'utf8')) {
    this.fd = openSync(path, 'w');
    this.encode = encode;
    this.parts = [];
    this.size = 0;
    this.bytes = 0;
  }
  write(text) {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush() {
    if (this.parts.length === 0) return;
    const buf = this.encode(this.parts.join(''));
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.bytes += buf.length;
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }
}
