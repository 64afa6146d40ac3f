import { describe, expect, it } from 'vitest';
import { parseHypers, type SphericalExpansionHypers } from '../src/hypers.js';
import { laplacianEigenstateShape } from '../src/radial/spherical-bessel.js';

const GOOD: SphericalExpansionHypers = {
  cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3, centerAtomWeight: 1.0 },
  basis: { maxAngular: 4, radial: { type: 'gto', maxRadial: 6 }, splineAccuracy: 1e-8 },
};

const parse = (hypers: unknown) => parseHypers(hypers, laplacianEigenstateShape);

/** GOOD with one field replaced by a path like 'basis.radial.maxRadial'. */
function withField(path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(GOOD));
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key];
  if (value === undefined) delete target[keys[keys.length - 1]];
  else target[keys[keys.length - 1]] = value;
  return copy;
}

describe('hypers', () => {
  it('accepts the issue example and fills defaults', () => {
    const resolved = parse(GOOD);
    expect(resolved).toMatchObject({ cutoff: 4, maxRadial: 6, maxAngular: 4, splineAccuracy: 1e-8, centerAtomWeight: 1 });
    expect(resolved.radialPerAngular).toEqual([6, 6, 6, 6, 6]);
    expect(resolved.splineMethod).toBe('librascal');
    expect(parse(withField('basis.splineMethod', 'hermite')).splineMethod).toBe('hermite');
    expect(parse(withField('basis.radial', { type: 'spherical-bessel', maxRadial: 4 })).splineMethod).toBe('hermite');
    expect(() => parse(withField('basis', { maxAngular: 2, radial: { type: 'spherical-bessel', maxRadial: 4 }, splineMethod: 'librascal' }))).toThrow(
      /basis.splineMethod must be 'hermite' for a 'spherical-bessel' radial basis/,
    );
    expect(() => parse(withField('basis.splineMethod', 'natural'))).toThrow(/basis.splineMethod must be one of 'librascal', 'hermite', got "natural"/);
    expect(parse(withField('basis.splineAccuracy', undefined)).splineAccuracy).toBe(1e-8);
    expect(parse(withField('basis.splineAccuracy', 0)).splineAccuracy).toBe(0);
    expect(parse(withField('density.centerAtomWeight', undefined)).centerAtomWeight).toBe(1);
    expect(parse(withField('cutoff.smoothing', { type: 'step' })).smoothing).toEqual({ type: 'step' });
    expect(parse(withField('density.scaling', { type: 'willatt2018', scale: 2, rate: 1, exponent: 4 })).scaling).toEqual({
      type: 'willatt2018', scale: 2, rate: 1, exponent: 4,
    });
  });

  it('does not mutate the input', () => {
    const input = JSON.parse(JSON.stringify(GOOD));
    parse(input);
    expect(input).toEqual(GOOD);
  });

  it.each([
    ['density.width', -0.3, RangeError, /density.width must be a finite, positive number, got -0.3/],
    ['density.width', 0, RangeError, /density.width must be a finite, positive number, got 0/],
    ['cutoff.smoothing.width', -0.5, RangeError, /cutoff.smoothing.width must be in \(0, cutoff.radius = 4\], got -0.5/],
    ['cutoff.smoothing.width', 4.5, RangeError, /cutoff.smoothing.width must be in \(0, cutoff.radius = 4\], got 4.5/],
    ['cutoff.radius', 0, RangeError, /cutoff.radius must be a finite, positive number, got 0/],
    ['cutoff.radius', -1, RangeError, /cutoff.radius must be a finite, positive number, got -1/],
    ['cutoff.radius', NaN, TypeError, /cutoff.radius must be a finite number, got NaN/],
    ['basis.radial.maxRadial', 0, RangeError, /basis.radial.maxRadial must be an integer in \[1, 64\], got 0/],
    ['basis.radial.maxRadial', 2.5, TypeError, /basis.radial.maxRadial must be an integer, got 2.5/],
    ['basis.maxAngular', -1, RangeError, /basis.maxAngular must be an integer in \[0, 64\], got -1/],
    ['basis.splineAccuracy', -1e-8, RangeError, /basis.splineAccuracy must be a finite number ≥ 0, got -1e-8/],
    ['basis.radial.type', 'bessel', TypeError, /basis.radial.type must be one of 'gto', 'spherical-bessel', 'laplacian-eigenstate', 'tabulated', got "bessel"/],
    ['cutoff.smoothing.type', 'cosine', TypeError, /cutoff.smoothing.type must be one of 'shifted-cosine', 'step', got "cosine"/],
    ['density.type', 'slater', TypeError, /density.type must be one of 'gaussian', 'dirac-delta', got "slater"/],
    ['density.scaling', { type: 'willatt2018', scale: -1, rate: 1, exponent: 2 }, RangeError, /density.scaling.scale must be a finite, positive number/],
    ['density.centerAtomWeight', '1', TypeError, /density.centerAtomWeight must be a finite number/],
    ['basis.radial.maxRadius', 6, TypeError, /basis.radial has an unknown field 'maxRadius'/],
    ['cutoff', undefined, TypeError, /cutoff must be an object, got undefined/],
  ])('%s = %s is rejected', (path, value, kind, message) => {
    expect(() => parse(withField(path, value))).toThrow(kind);
    expect(() => parse(withField(path, value))).toThrow(message);
  });

  it('resolves the ragged Laplacian-eigenstate shape and refuses an l with no eigenstate', () => {
    const resolved = parse(withField('basis.radial', { type: 'laplacian-eigenstate', maxRadial: 6 }));
    expect(resolved.radialPerAngular[0]).toBe(6);
    expect(resolved.radialPerAngular[4]).toBeLessThan(6);
    const tooHigh = withField('basis', { maxAngular: 6, radial: { type: 'laplacian-eigenstate', maxRadial: 2 } });
    expect(() => parse(tooHigh)).toThrow(/basis.maxAngular must be ≤ 2 for a laplacian-eigenstate basis with maxRadial = 2: l = 3/);
  });

  it('checks a tabulated radial integral: density, coverage, lengths', () => {
    const points = [0, 2, 4].map((position) => ({ position, values: [1, 2], derivatives: [0, 0] }));
    const tabulated = { cutoff: GOOD.cutoff, density: { type: 'dirac-delta' }, basis: { maxAngular: 2, radial: { type: 'tabulated', maxRadial: 2, points } } };
    expect(parse(tabulated).radial.type).toBe('tabulated');
    expect(() => parse({ ...tabulated, density: GOOD.density })).toThrow(/density.type must be 'dirac-delta' with a 'tabulated' radial integral/);
    const short = { ...tabulated, basis: { ...tabulated.basis, radial: { ...tabulated.basis.radial, points: points.slice(0, 2) } } };
    expect(() => parse(short)).toThrow(/must cover \[0, cutoff.radius = 4\]/);
    const wrongLength = { ...tabulated, basis: { ...tabulated.basis, radial: { ...tabulated.basis.radial, points: [...points.slice(0, 2), { position: 4, values: [1, 2, 3], derivatives: [0, 0, 0] }] } } };
    expect(() => parse(wrongLength)).toThrow(/basis.radial.points\[2\].values must have length maxRadial = 2 or maxRadial·\(maxAngular\+1\) = 6, got 3/);
    const unsorted = { ...tabulated, basis: { ...tabulated.basis, radial: { ...tabulated.basis.radial, points: [points[0], points[2], points[1]] } } };
    expect(() => parse(unsorted)).toThrow(/points\[2\].position must be larger than the previous position 4, got 2/);
    expect(() => parse({ ...GOOD, density: { type: 'dirac-delta' } })).toThrow(/density.type must be 'gaussian' with a 'gto' radial basis/);
  });
});
