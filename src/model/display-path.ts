// How messages and reports name a file: by its path from the working directory when it is inside
// it (`exports/deals.csv`), else by its absolute path (`/dev/stdin`, not `../../dev/stdin`, which
// says less and breaks when read from elsewhere). One rule for every file the run names: the config,
// the data files, the payroll fingerprints.
import path from 'node:path';

export function displayPath(cwd: string, file: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? absolute : relative;
}
