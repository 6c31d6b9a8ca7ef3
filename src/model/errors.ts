// Fatal errors are classes; each carries the exit code of SPEC §3. They are caught in exactly one
// place (src/cli/main.ts), which prints the message and sets the code. Anything else is a bug.

export abstract class DealpulseError extends Error {
  abstract readonly exitCode: number;
}

/** Bad config (kpi.yaml): exit 1. The message already names file:line:col. */
export class ConfigError extends DealpulseError {
  readonly exitCode = 1;
}

/** Bad or unusable input data: exit 1. The message already names file:line. */
export class InputError extends DealpulseError {
  readonly exitCode = 1;
}

/** Bad command-line usage: exit 2. */
export class UsageError extends DealpulseError {
  readonly exitCode = 2;
}

/** A `--fail-on` check found something: exit 3. The report has been written before this is thrown. */
export class CheckFailed extends DealpulseError {
  readonly exitCode = 3;
}
