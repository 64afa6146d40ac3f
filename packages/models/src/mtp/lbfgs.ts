// Limited-memory BFGS (two-loop recursion) with a backtracking Armijo line search: enough for the
// smooth, moderately sized MTP losses (hundreds to a few thousand parameters).

export interface LbfgsOptions {
  iterations: number;
  /** Stored correction pairs. */
  memory?: number;
  /** Stop when the relative loss decrease over 10 iterations falls below this. */
  tolerance?: number;
  onIteration?: (iteration: number, loss: number) => void;
}

/** Minimises f from x (updated in place); `evaluate(x, grad)` returns f(x) and writes ∇f(x). */
export function lbfgs(x: Float64Array, evaluate: (x: Float64Array, grad: Float64Array) => number, options: LbfgsOptions): number {
  const n = x.length;
  const memory = options.memory ?? 10;
  const tolerance = options.tolerance ?? 1e-7;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let grad = new Float64Array(n);
  let f = evaluate(x, grad);
  const history: number[] = [f];
  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  let trialGrad = new Float64Array(n);
  const alphaBuffer = new Float64Array(memory);
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    // d = −H ∇f
    direction.set(grad);
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k] * dot(S[k], direction);
      alphaBuffer[k] = a;
      axpy(-a, Y[k], direction);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < n; i++) direction[i] *= gamma;
    } else {
      const norm = Math.sqrt(dot(grad, grad));
      const scale = norm > 0 ? 1e-3 / norm : 0;
      for (let i = 0; i < n; i++) direction[i] *= scale * Math.max(1, Math.sqrt(dot(x, x)));
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k] * dot(Y[k], direction);
      axpy(alphaBuffer[k] - b, S[k], direction);
    }
    for (let i = 0; i < n; i++) direction[i] = -direction[i];
    let slope = dot(grad, direction);
    if (!(slope < 0)) {
      // Not a descent direction: restart along the gradient.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -grad[i] * 1e-3;
      slope = dot(grad, direction);
      if (!(slope < 0)) break;
    }
    let step = 1;
    let fTrial = Infinity;
    for (let attempt = 0; attempt < 30; attempt++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + step * direction[i];
      fTrial = evaluate(trial, trialGrad);
      if (Number.isFinite(fTrial) && fTrial <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fTrial < f)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = trial[i] - x[i];
      y[i] = trialGrad[i] - grad[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-300) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x.set(trial);
    [grad, trialGrad] = [trialGrad, grad];
    f = fTrial;
    history.push(f);
    options.onIteration?.(iteration + 1, f);
    const back = history.length > 10 ? history[history.length - 11] : Infinity;
    if (Number.isFinite(back) && back - f <= tolerance * Math.abs(back)) break;
  }
  return f;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}
