// Runs a read with the readers' fast paths switched off: the careful way alone, to compare with.
import { fastPath } from '../../src/io/values/fast-path.js';

export async function carefully<T>(read: () => Promise<T>): Promise<T> {
  fastPath.enabled = false;
  try {
    return await read();
  } finally {
    fastPath.enabled = true;
  }
}

export function careful<T>(read: () => T): T {
  fastPath.enabled = false;
  try {
    return read();
  } finally {
    fastPath.enabled = true;
  }
}
