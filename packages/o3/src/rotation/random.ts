// Seeded random numbers and uniformly distributed rotations, for reproducible tests.
import type { Rng } from '@equikit/core';

export { mulberry32, type Rng } from '@equikit/core';

function checkRng(rng: unknown): asserts rng is Rng {
  if (typeof rng !== 'function') throw new TypeError(`rng must be a function returning numbers in [0, 1), got ${typeof rng}`);
}

/**
 * A rotation matrix uniform on SO(3) (Haar measure), as a row-major Float64Array of 9,
 * from a uniform unit quaternion (Shoemake's method). Default rng: Math.random.
 */
export function randomRotation(rng: Rng = Math.random): Float64Array {
  checkRng(rng);
  const u1 = rng();
  const u2 = 2 * Math.PI * rng();
  const u3 = 2 * Math.PI * rng();
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  return quaternionToMatrix(b * Math.cos(u3), a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3));
}

/** Uniform on O(3): a uniform rotation, times −I (inversion) with probability 1/2. */
export function randomO3(rng: Rng = Math.random): Float64Array {
  const R = randomRotation(rng);
  if (rng() < 0.5) for (let k = 0; k < 9; k++) R[k] = -R[k];
  return R;
}

/** The rotation matrix of the unit quaternion w + xi + yj + zk (row-major). */
export function quaternionToMatrix(w: number, x: number, y: number, z: number): Float64Array {
  return new Float64Array([
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ]);
}

/** R = Rz(α)·Ry(β)·Rz(γ) (z-y-z Euler angles, active rotations), row-major. */
export function eulerToMatrix(alpha: number, beta: number, gamma: number): Float64Array {
  const [ca, sa, cb, sb, cg, sg] = [Math.cos(alpha), Math.sin(alpha), Math.cos(beta), Math.sin(beta), Math.cos(gamma), Math.sin(gamma)];
  return new Float64Array([
    ca * cb * cg - sa * sg, -ca * cb * sg - sa * cg, ca * sb,
    sa * cb * cg + ca * sg, -sa * cb * sg + ca * cg, sa * sb,
    -sb * cg, sb * sg, cb,
  ]);
}
