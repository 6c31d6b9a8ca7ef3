// The cell readers have fast paths for the plain forms most exports write (fixed-layout timestamps,
// plain decimals) next to the general, careful readers that handle every accepted form and word the
// errors. The fast paths must give exactly what the careful ones give; this switch turns them off so
// that tests can read the same files both ways and compare (test/io/fast-path-agreement.test.ts).
export const fastPath = { enabled: true };
