// The order deals move through a pipeline's stages, inferred from stage histories (for `init`).
// Deals skip stages and some go back, so no single history gives the order; a pairwise vote does:
// stage A comes before B when more deals entered A first than B first. The votes are sorted
// topologically; ties (and cycles) go to pairwise wins minus losses, then first appearance. Pure.

/**
 * `sequences`: each deal's stages in the order it entered them (oldest first; repeats allowed).
 * `firstAppearance`: every stage to place, in the order first seen (the tie-break, and the whole
 * order when there is no history).
 */
export function orderStages(sequences: ReadonlyArray<readonly string[]>, firstAppearance: readonly string[]): string[] {
  const stages = [...new Set([...firstAppearance, ...sequences.flat()])];
  const index = new Map(stages.map((s, i) => [s, i]));
  const n = stages.length;
  const before: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const seq of sequences) {
    const first = new Map<number, number>();
    seq.forEach((stage, pos) => {
      const i = index.get(stage)!;
      if (!first.has(i)) first.set(i, pos);
    });
    const entries = [...first.entries()];
    for (const [a, pa] of entries) {
      for (const [b, pb] of entries) if (pa < pb) before[a]![b]!++;
    }
  }
  const score = stages.map((_, a) => {
    let s = 0;
    for (let b = 0; b < n; b++) s += Math.sign(before[a]![b]! - before[b]![a]!);
    return s;
  });
  // Kahn's topological sort of the majority graph (A → B when more deals entered A before B):
  // among the stages no remaining stage precedes, the best-scored (then first-seen) goes next; a
  // cycle (deals going back and forth) is broken by the score alone.
  const beats = (a: number, b: number) => before[a]![b]! > before[b]![a]!;
  const remaining = new Set(stages.map((_, i) => i));
  const better = (x: number, y: number) => score[y]! - score[x]! || x - y;
  const order: string[] = [];
  while (remaining.size > 0) {
    const pool = [...remaining];
    const free = pool.filter((b) => !pool.some((a) => a !== b && beats(a, b)));
    const next = (free.length > 0 ? free : pool).sort(better)[0]!;
    remaining.delete(next);
    order.push(stages[next]!);
  }
  return order;
}
