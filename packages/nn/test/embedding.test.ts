import { describe, expect, it } from 'vitest';
import { SphericalHarmonics, e3nnNormalizationFactor } from '@equikit/o3';
import { BesselBasis, PolynomialCutoff, RadialEmbedding, RadialMLP, Tensor, edgeLengths, grad, mul, noGrad, sin, sphericalHarmonics, sum } from '../src/index.js';
import { centralDirectional, centralGradient, normals, randomO3s, relativeError, rotateIrreps, rotateVectors, seeded } from './helpers.js';

const vectors = normals(seeded(1), 3 * 6).map((v) => v * 1.3);

describe('spherical-harmonics embedding', () => {
  for (const normalization of ['component', 'norm', 'integral'] as const) {
    it(`values are o3's times e3nn's '${normalization}' factor`, () => {
      const y = sphericalHarmonics(4, Tensor.from(vectors, [6, 3]), { normalization });
      expect(y.irreps.toString()).toBe('1x0e+1x1o+1x2e+1x3o+1x4e');
      const ref = new SphericalHarmonics(4).compute(vectors).values;
      for (let k = 0; k < ref.length; k++) {
        const l = Math.floor(Math.sqrt(k % 25));
        expect(Math.abs(y.array.data[k] - ref[k] * e3nnNormalizationFactor(l, normalization))).toBeLessThan(1e-14);
      }
    });
  }

  it("'component': Σ_m Y_lm² = 2l+1", () => {
    const y = sphericalHarmonics(3, Tensor.from(vectors, [6, 3])).array.data;
    for (let e = 0; e < 6; e++) for (let l = 0; l <= 3; l++) {
      let s = 0;
      for (let m = 0; m < 2 * l + 1; m++) s += y[e * 16 + l * l + m] ** 2;
      expect(Math.abs(s - (2 * l + 1))).toBeLessThan(1e-12);
    }
  });

  it('is equivariant under O(3) with parity (−1)^l', () => {
    const y = sphericalHarmonics(5, Tensor.from(vectors, [6, 3]));
    for (const R of randomO3s(5, 3)) {
      const yr = sphericalHarmonics(5, Tensor.from(rotateVectors(vectors, R), [6, 3]));
      expect(relativeError(yr.array.data, rotateIrreps(y.irreps, R, y.array.data))).toBeLessThan(1e-12);
    }
  });

  const c = normals(seeded(2), 6 * 16);
  const loss = (r: Tensor) => sum(sin(mul(Tensor.from(c, [6, 16]), sphericalHarmonics(3, r).array)));

  it('gradient against central differences', () => {
    const r = Tensor.variable(vectors, [6, 3]);
    const [g] = grad(loss(r), [r]);
    const fd = centralGradient((p) => noGrad(() => loss(Tensor.from(p, [6, 3])).item()), vectors);
    expect(relativeError(g.data, fd)).toBeLessThan(1e-8);
  });

  it('Hessian-vector product (double backward) against differences of gradients', () => {
    const v = normals(seeded(3), 18);
    const r = Tensor.variable(vectors, [6, 3]);
    const [g] = grad(loss(r), [r], { createGraph: true });
    const [hv] = grad(sum(mul(g, Tensor.from(v, [6, 3]))), [r]);
    const fd = centralDirectional((p) => {
      const rp = Tensor.variable(p, [6, 3]);
      return grad(loss(rp), [rp])[0].data;
    }, vectors, v);
    expect(relativeError(hv.data, fd)).toBeLessThan(1e-7);
  });

  it('gradient of a loss on the forces with respect to a coefficient (second order, mixed)', () => {
    // ∂/∂c ⟨v, ∂L/∂r⟩ where L = Σ c·Y: the force-training path through the harmonics
    const v = normals(seeded(4), 18);
    const r = Tensor.variable(vectors, [6, 3]);
    const lin = (w: Tensor) => sum(mul(w, sphericalHarmonics(3, r).array));
    const w = Tensor.variable(c, [6, 16]);
    const [g] = grad(lin(w), [r], { createGraph: true });
    const [gw] = grad(sum(mul(g, Tensor.from(v, [6, 3]))), [w]);
    const fd = centralGradient((p) => {
      const rr = Tensor.variable(vectors, [6, 3]);
      const gg = grad(sum(mul(Tensor.from(p, [6, 16]), sphericalHarmonics(3, rr).array)), [rr])[0];
      return gg.data.reduce((s, x, k) => s + x * v[k], 0);
    }, c);
    expect(relativeError(gw.data, fd)).toBeLessThan(1e-7);
  });

  it('a third derivative in the vectors throws a clear error', () => {
    const r = Tensor.variable(vectors, [6, 3]);
    const [g] = grad(loss(r), [r], { createGraph: true });
    const [h] = grad(sum(g), [r], { createGraph: true });
    expect(() => grad(sum(h), [r])).toThrow(/third derivatives/);
  });
});

describe('radial embedding', () => {
  const d = Float64Array.from([0.7, 1.5, 2.9, 3.6, 3.99]);
  it("Bessel basis is NequIP's (2/r_c)·sin(nπd/r_c)/d", () => {
    const b = new BesselBasis(4, 5).forward(Tensor.from(d));
    for (let e = 0; e < 5; e++) for (let n = 1; n <= 5; n++) {
      expect(Math.abs(b.data[e * 5 + n - 1] - (0.5 * Math.sin((n * Math.PI * d[e]) / 4)) / d[e])).toBeLessThan(1e-15);
    }
  });

  it('the polynomial cutoff is 1 at 0, vanishes with its first two derivatives at r_c, and is zero beyond', () => {
    const cut = new PolynomialCutoff(4, 6);
    const at = (x: number) => noGrad(() => cut.forward(Tensor.from([x])).item());
    expect(Math.abs(at(1e-9) - 1)).toBeLessThan(1e-12);
    expect(at(4)).toBe(0);
    expect(at(5)).toBe(0);
    const x = Tensor.variable([4 - 1e-9]);
    const [g1] = grad(cut.forward(x), [x], { createGraph: true });
    const [g2] = grad(g1, [x]);
    expect(Math.abs(g1.item())).toBeLessThan(1e-6);
    expect(Math.abs(g2.item())).toBeLessThan(1e-4);
  });

  it('edge lengths → embedding → MLP: gradients and double backward against differences', () => {
    const emb = new RadialEmbedding(4, { numBasis: 6, trainable: true });
    const mlp = new RadialMLP([6, 8, 3], 'silu', { seed: 3 });
    const f = (r: Tensor) => sum(sin(mlp.forward(emb.forward(edgeLengths(r)))));
    const vv = normals(seeded(9), 3 * 5).map((x) => x * 1.2);
    const r = Tensor.variable(vv, [5, 3]);
    const [g] = grad(f(r), [r], { createGraph: true });
    const fd = centralGradient((p) => noGrad(() => f(Tensor.from(p, [5, 3])).item()), vv);
    expect(relativeError(g.data, fd)).toBeLessThan(1e-8);
    // d/dW of ⟨v, ∂f/∂r⟩ for the first MLP layer and the trainable frequencies
    const v = normals(seeded(10), 15);
    const params = [mlp.weights[0], emb.bessel.frequencies];
    const gp = grad(sum(mul(g, Tensor.from(v, [5, 3]))), params);
    params.forEach((p, k) => {
      const p0 = p.data.slice();
      const fdp = centralGradient((q) => {
        p.data.set(q);
        const rr = Tensor.variable(vv, [5, 3]);
        return grad(f(rr), [rr])[0].data.reduce((s, x, i) => s + x * v[i], 0);
      }, p0);
      p.data.set(p0);
      expect(relativeError(gp[k].data, fdp)).toBeLessThan(1e-7);
    });
  });
});
