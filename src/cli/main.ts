// The dealpulse program: commander wiring and the one place where fatal errors become a message and
// an exit code (SPEC §3: 0 ok, 1 bad data or config, 2 bad usage, 3 a --fail-on check fired).
import { Command, CommanderError } from 'commander';
import { DealpulseError } from '../model/errors.js';
import { isBrokenPipe } from '../report/write-output.js';
import { doctorCommand } from './commands/doctor.js';
import { conversionCommand } from './commands/conversion.js';
import { zombiesCommand } from './commands/zombies.js';
import { funnelCommand } from './commands/funnel.js';
import { commissionCommand } from './commands/commission.js';
import { initCommand } from './commands/init.js';
import { reportCommand } from './commands/report.js';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('dealpulse')
    .description('Sales analytics for CRM exports: conversion, funnel, zombie deals, commission, weekly report.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Every command reads one config (kpi.yaml: pipeline, KPIs, commission plans) and the CRM exports
it names. Start with:
  $ dealpulse doctor --config kpi.yaml          is the export usable? what is wrong, where?
Exit codes: 0 ok, 1 bad data or config, 2 bad usage, 3 a --fail-on check found something.`,
    );
  program.exitOverride();
  const commands = [doctorCommand(setExit), conversionCommand(), zombiesCommand(), funnelCommand(), commissionCommand(), reportCommand(), initCommand()];
  for (const cmd of commands) {
    cmd.exitOverride();
    cmd.showHelpAfterError(`(run dealpulse ${cmd.name()} --help for usage)`);
    program.addCommand(cmd);
  }
  return program;
}

/** Runs the CLI and returns the exit code (bin/dealpulse.js sets process.exitCode from it). */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  // A closed pipe (`dealpulse --help | head`) must not crash with an unhandled 'error' event; the
  // failed write itself is handled where it happens (writeOutput) or is harmless (help text).
  process.stdout.on('error', (err) => {
    if (!isBrokenPipe(err)) process.stderr.write(`dealpulse: cannot write to stdout: ${err.message}\n`);
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    return handleError(err, code);
  }
}

function handleError(err: unknown, code: number): number {
  if (err instanceof CommanderError) {
    // Help and version are displayed by commander itself and are not failures.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    // `dealpulse` alone prints the help as an error: no command is bad usage.
    return 2;
  }
  if (err instanceof DealpulseError) {
    process.stderr.write(`dealpulse: ${err.message}\n`);
    return err.exitCode;
  }
  // A closed pipe (`dealpulse … | head`) is not an error (writeOutput already absorbs it).
  if (isBrokenPipe(err)) return code;
  // Anything else is a bug: show the stack so it can be reported.
  process.stderr.write(`dealpulse: internal error (please report it with the command you ran)\n${err instanceof Error ? err.stack : String(err)}\n`);
  return 70;
}
