// Runs a read with the readers' fast paths switched off: the careful way alone, to compare with.
import { fastPath } from '../../src/io/values/fast-path.js';

export async function carefully<T>(read: () => Promise<T>): Promise<T> {
  const was = fastPath.enabled;
  fastPath.enabled = false;
  try {
    return await read();
  } finally {
    fastPath.enabled = was;
  }
}

export function careful<T>(read: () => T): T {
  const was = fastPath.enabled;
  fastPath.enabled = false;
  try {
    return read();
  } finally {
    fastPath.enabled = was;
  }
}
