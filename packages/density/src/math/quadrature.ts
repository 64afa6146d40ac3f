// Gauss–Legendre rules, for the numerical radial integrals of non-GTO bases.

/** Nodes and weights of the `order`-point Gauss–Legendre rule on [-1, 1] (Newton on P_n from Chebyshev guesses). */
export function gaussLegendre(order: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(order);
  const weights = new Float64Array(order);
  for (let i = 0; i < order; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (order + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      // P_n(x) and P_n'(x) by the three-term recurrence
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= order; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = (order * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / derivative;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}

/** A composite rule on [from, to]: `panels` equal panels of an `order`-point Gauss–Legendre rule. */
export function compositeGaussLegendre(from: number, to: number, panels: number, order: number): { nodes: Float64Array; weights: Float64Array } {
  const rule = gaussLegendre(order);
  const nodes = new Float64Array(panels * order);
  const weights = new Float64Array(panels * order);
  const width = (to - from) / panels;
  for (let p = 0; p < panels; p++) {
    const centre = from + (p + 0.5) * width;
    for (let k = 0; k < order; k++) {
      nodes[p * order + k] = centre + 0.5 * width * rule.nodes[k];
      weights[p * order + k] = 0.5 * width * rule.weights[k];
    }
  }
  return { nodes, weights };
}
