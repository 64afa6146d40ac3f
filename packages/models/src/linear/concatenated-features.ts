// Several feature calculators side by side: X_i = [X_i^(1), X_i^(2), …] per atom. A linear model
// on the concatenation is the sum of linear models on the parts, so the cheap exact power spectrum
// (ν = 2) can carry the two-body-in-density part while PCA-compressed NICE invariants add ν = 3, 4.
// Each part keeps its own expansion; sums, gradients and VJPs are computed part by part.
import type { DenseFeatures, InvariantDenseOptions, SpeciesSums, VectorJacobianProduct } from '@equikit/correlations';
import { toStructure, type StructureInput } from '@equikit/density';

/** What LinearPotential needs of its features (InvariantCalculator has it, and so does a concatenation). */
export interface FeatureCalculator {
  sizeFor(nSpecies: number): number;
  computeDense(structure: StructureInput, options?: InvariantDenseOptions): DenseFeatures;
  computeSpeciesSums(structure: StructureInput, options?: InvariantDenseOptions): SpeciesSums;
  vectorJacobianProduct(structure: StructureInput, cotangent: Float64Array, options?: Omit<InvariantDenseOptions, 'gradients'>): VectorJacobianProduct;
}

export class ConcatenatedFeatures implements FeatureCalculator {
  constructor(readonly parts: readonly FeatureCalculator[]) {
    if (parts.length === 0) throw new RangeError('ConcatenatedFeatures needs at least one part');
  }

  sizeFor(nSpecies: number): number {
    return this.parts.reduce((sum, part) => sum + part.sizeFor(nSpecies), 0);
  }

  /** values [nAtoms][Σ sizes], each atom's features part after part (gradients likewise on their last axis). */
  computeDense(structure: StructureInput, options: InvariantDenseOptions = {}): DenseFeatures {
    const results = this.parts.map((part) => part.computeDense(structure, options));
    const first = results[0];
    const sizes = results.map((r) => r.size);
    const out: DenseFeatures = { values: interleave(results.map((r) => r.values), sizes), species: first.species, nAtoms: first.nAtoms, size: sum(sizes) };
    if (first.positionGradients) out.positionGradients = interleave(results.map((r) => r.positionGradients!), sizes);
    if (first.strainGradients) out.strainGradients = interleave(results.map((r) => r.strainGradients!), sizes);
    return out;
  }

  /** values [species][Σ sizes]; gradients [species][atom][3][Σ sizes] and [species][3][3][Σ sizes]. */
  computeSpeciesSums(structure: StructureInput, options: InvariantDenseOptions = {}): SpeciesSums {
    const results = this.parts.map((part) => part.computeSpeciesSums(structure, options));
    const first = results[0];
    const sizes = results.map((r) => r.size);
    const out: SpeciesSums = { values: interleave(results.map((r) => r.values), sizes), species: first.species, size: sum(sizes), nAtoms: first.nAtoms };
    if (first.positionGradients) out.positionGradients = interleave(results.map((r) => r.positionGradients!), sizes);
    if (first.strainGradients) out.strainGradients = interleave(results.map((r) => r.strainGradients!), sizes);
    return out;
  }

  /** Σ over parts of each part's VJP with its slice of every atom's cotangent. */
  vectorJacobianProduct(structure: StructureInput, cotangent: Float64Array, options: Omit<InvariantDenseOptions, 'gradients'> = {}): VectorJacobianProduct {
    const nSpecies = options.species === undefined ? new Set(toStructure(structure, 'structure').numbers).size : options.species.length;
    const sizes = this.parts.map((part) => part.sizeFor(nSpecies));
    const F = sum(sizes);
    if (cotangent.length % F !== 0) throw new RangeError(`cotangent must have ${F} values per atom, got ${cotangent.length} values`);
    const n = cotangent.length / F;
    const results: VectorJacobianProduct[] = [];
    let offset = 0;
    this.parts.forEach((part, p) => {
      const g = new Float64Array(n * sizes[p]);
      for (let i = 0; i < n; i++) g.set(cotangent.subarray(i * F + offset, i * F + offset + sizes[p]), i * sizes[p]);
      results.push(part.vectorJacobianProduct(structure, g, options));
      offset += sizes[p];
    });
    const out: VectorJacobianProduct = {
      values: interleave(results.map((r) => r.values), sizes),
      total: 0,
      positions: new Float64Array(results[0].positions.length),
      strain: new Float64Array(9),
    };
    for (const r of results) {
      out.total += r.total;
      for (let k = 0; k < out.positions.length; k++) out.positions[k] += r.positions[k];
      for (let k = 0; k < 9; k++) out.strain[k] += r.strain[k];
    }
    return out;
  }
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Arrays whose last axis has sizes[p] entries, joined on that axis (the leading axes must agree). */
export function interleave(arrays: readonly Float64Array[], sizes: readonly number[]): Float64Array {
  const F = sum(sizes);
  const p0 = sizes.findIndex((f) => f > 0);
  const blocks = p0 < 0 ? 0 : arrays[p0].length / sizes[p0];
  const out = new Float64Array(blocks * F);
  let offset = 0;
  arrays.forEach((a, p) => {
    const f = sizes[p];
    for (let b = 0; b < blocks; b++) out.set(a.subarray(b * f, (b + 1) * f), b * F + offset);
    offset += f;
  });
  return out;
}
