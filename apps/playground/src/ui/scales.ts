// Pure helpers for the plots: axis ranges and ticks, colour scales, nearest-point lookup.

/** Tableau-10: distinct colours for up to ten species (then repeated). */
export const CATEGORY_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Viridis sampled at 0, 0.25, 0.5, 0.75, 1: perceptually even, readable in grey. */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** Colour of t in [0, 1] (clamped) on the viridis scale, as '#rrggbb'. */
export function viridis(t: number): string {
  if (!Number.isFinite(t)) throw new RangeError(`t must be a finite number, got ${t}`);
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - k;
  const channel = (c: number) => Math.round(VIRIDIS[k][c] + f * (VIRIDIS[k + 1][c] - VIRIDIS[k][c]));
  return '#' + [0, 1, 2].map((c) => channel(c).toString(16).padStart(2, '0')).join('');
}

/** [min, max] of the finite values (NaN skipped), widened when all are equal; undefined when none is finite. */
export function extent(values: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return undefined;
  if (lo === hi) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** About `count` round tick values (1, 2 or 5 × 10^k apart) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) throw new RangeError(`ticks need finite lo < hi, got [${lo}, ${hi}]`);
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  // d3's rule: the 1-2-5 step nearest to the raw step (geometric midpoints √2, √10, √50)
  const error = raw / power;
  const step = power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return ticks;
}

/** A linear map from [d0, d1] onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const scale = (r1 - r0) / (d1 - d0);
  return (x) => r0 + (x - d0) * scale;
}

/**
 * Index of the point (xs[i], ys[i]) nearest to (x, y) within `radius`, or -1. Ties go to the
 * point drawn last (highest index), which is the one on top.
 */
export function nearestPoint(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number, y: number, radius: number): number {
  let best = -1;
  let bestDistance = radius * radius;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] - x) ** 2 + (ys[i] - y) ** 2;
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

/** Tick labels with as many decimals as the tick step needs, so that neighbouring labels differ. */
export function tickLabels(ticks: readonly number[]): string[] {
  if (ticks.length < 2) return ticks.map((t) => formatNumber(t));
  const step = Math.abs(ticks[1] - ticks[0]);
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return ticks.map((t) => (Object.is(t, -0) ? 0 : t).toFixed(decimals));
}

/** Compact number formatting for labels: 3 significant digits, no exponent for everyday sizes. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}
