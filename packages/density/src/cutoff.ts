// Radial weights of one neighbour: the cutoff smoothing f_c(r) times the optional radial
// scaling, and their derivative. Both match librascal's ShiftedCosine and featomic's
// Smoothing/DensityScaling definitions.
import type { DensityScalingHypers, ResolvedHypers } from './hypers.js';

export interface RadialWeight {
  /** Weight at distance r. */
  value(r: number): number;
  /** d(weight)/dr at distance r. */
  derivative(r: number): number;
}

/** f_c(r): 1 below radius − width, ½(1 + cos(π (r − radius + width)/width)) up to radius, 0 beyond. */
export function shiftedCosine(radius: number, width: number): RadialWeight {
  const start = radius - width;
  return {
    value(r) {
      if (r <= start) return 1;
      if (r > radius) return 0;
      return 0.5 * (1 + Math.cos((Math.PI * (r - start)) / width));
    },
    derivative(r) {
      if (r <= start || r > radius) return 0;
      return ((-0.5 * Math.PI) / width) * Math.sin((Math.PI * (r - start)) / width);
    },
  };
}

/** 1 up to and including the radius (librascal keeps pairs with r ≤ cutoff), 0 beyond. */
export function step(radius: number): RadialWeight {
  return {
    value: (r) => (r <= radius ? 1 : 0),
    derivative: () => 0,
  };
}

/** rate / (rate + (r/scale)^exponent) (Willatt, Musil & Ceriotti 2018). */
export function willatt2018({ scale, rate, exponent }: DensityScalingHypers): RadialWeight {
  return {
    value: (r) => rate / (rate + Math.pow(r / scale, exponent)),
    derivative(r) {
      if (r === 0) return exponent === 1 ? -1 / (rate * scale) : exponent > 1 ? 0 : -Infinity;
      const x = Math.pow(r / scale, exponent);
      const denominator = rate + x;
      return (-rate * exponent * x) / (r * denominator * denominator);
    },
  };
}

/** The product of smoothing and scaling that multiplies each neighbour's contribution. */
export function radialWeight(hypers: Pick<ResolvedHypers, 'cutoff' | 'smoothing' | 'scaling'>): RadialWeight {
  const cutoff = hypers.smoothing.type === 'step' ? step(hypers.cutoff) : shiftedCosine(hypers.cutoff, hypers.smoothing.width);
  const scaling = hypers.scaling;
  if (scaling === undefined) return cutoff;
  const scale = willatt2018(scaling);
  return {
    value: (r) => cutoff.value(r) * scale.value(r),
    derivative: (r) => cutoff.derivative(r) * scale.value(r) + cutoff.value(r) * scale.derivative(r),
  };
}
