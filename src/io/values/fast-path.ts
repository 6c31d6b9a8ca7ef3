// The readers have fast paths for the plain forms most exports write (fixed-layout timestamps,
// plain decimals, plain lines read straight from the text) next to the general, careful readers
// that handle every accepted form and word the errors. The fast paths must give exactly what the
// careful ones give; this switch turns them off so that the same files can be read both ways and
// compared (test/io/fast-path-agreement.test.ts). `DEALPULSE_FAST_PATHS=off` sets it for a whole run,
// reading threads included (they read the environment, not this object): a way to rule the fast
// paths out when a figure is in doubt, and for tests of the built CLI.
export const fastPath = { enabled: process.env['DEALPULSE_FAST_PATHS'] !== 'off' };
