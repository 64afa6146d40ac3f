// WGSL for the harmonics of one lMax, with loops: the same recurrences as the unrolled
// program (sh-wgsl.ts), but the prefactors come from a storage buffer (loopTables) and the
// gradients read the values back from the output, so the source stays small and builds
// quickly for any lMax. Used above MAX_UNROLLED_L, or when asked for.
import { buildPrefactors } from '../sh/prefactors.js';
import type { HarmonicsProgramKey } from './sh-program.js';
import { bindingsWgsl, preambleWgsl } from './wgsl-common.js';

/** Entries per prefactor table: (lMax+1)(lMax+2)/2. */
export function tableSize(lMax: number): number {
  return ((lMax + 1) * (lMax + 2)) / 2;
}

/**
 * The tables of binding 4, f32: a | b (by column m: entry (l, m) at m(2lMax+3−m)/2 + l − m)
 * | kp | km | kz (triangular: entry (l, m) at l(l+1)/2 + m), each tableSize(lMax) long.
 */
export function loopTables(lMax: number): Float32Array {
  const pre = buildPrefactors(lMax);
  const T = tableSize(lMax);
  const out = new Float32Array(5 * T);
  [pre.a, pre.b, pre.kp, pre.km, pre.kz].forEach((table, i) => out.set(table.subarray(0, T), i * T));
  return out;
}

export function harmonicsLoopsWgsl({ lMax, normalized, gradients }: Omit<HarmonicsProgramKey, 'style'>): string {
  const K = (lMax + 1) * (lMax + 1);
  // ∇Y(r) = (∇S(u) − l S(u) u) / |r| for spherical harmonics (u·∇S(u) = l S(u)); for solid
  // harmonics the map applied to the stored S(r) is already ∇S(r).
  const project = normalized ? '(d - f32(l) * yk * u) * ir' : 'd';
  const gradientCode = `
  for (var a = 0u; a < 3u; a++) {
    gradients[g + a * K] = 0.0f;
  }
  for (var l = 1u; l <= L; l++) {
    let c0 = l * l + l;
    let p = (l - 1u) * (l - 1u) + (l - 1u);
    let t0 = (l * (l + 1u)) / 2u;
    var d0 = vec3<f32>(0.0f, 0.0f, tables[4u * T + t0] * values[o + p]);
    if (l >= 2u) {
      d0.x = -tables[2u * T + t0] * values[o + p + 1u];
      d0.y = -tables[2u * T + t0] * values[o + p - 1u];
    }
    putGradient(g + c0, l, d0, values[o + c0], u, ${normalized ? 'ir' : '0.0f'});
    for (var m = 1u; m <= l; m++) {
      let t = t0 + m;
      let kp = tables[2u * T + t];
      let km = tables[3u * T + t];
      let kz = tables[4u * T + t];
      let lowC = values[o + p + m - 1u];
      let lowS = select(0.0f, values[o + p - m + 1u], m > 1u);
      var dc = vec3<f32>(km * lowC, -km * lowS, 0.0f);
      var ds = vec3<f32>(km * lowS, km * lowC, 0.0f);
      if (m + 1u <= l - 1u) {
        let highC = values[o + p + m + 1u];
        let highS = values[o + p - m - 1u];
        dc.x -= kp * highC;
        dc.y -= kp * highS;
        ds.x -= kp * highS;
        ds.y += kp * highC;
      }
      if (m <= l - 1u) {
        dc.z = kz * values[o + p + m];
        ds.z = kz * values[o + p - m];
      }
      putGradient(g + c0 + m, l, dc, values[o + c0 + m], u, ${normalized ? 'ir' : '0.0f'});
      putGradient(g + c0 - m, l, ds, values[o + c0 - m], u, ${normalized ? 'ir' : '0.0f'});
    }
  }`;

  return `// equikit @equikit/o3: real ${normalized ? 'spherical' : 'solid'} harmonics${gradients ? ' and gradients' : ''}, lMax = ${lMax}, f32, loops.
${bindingsWgsl(gradients, true)}
const L: u32 = ${lMax}u;
const K: u32 = ${K}u;
// Each prefactor table's length; a at 0, b at T, kp at 2T, km at 3T, kz at 4T.
const T: u32 = ${tableSize(lMax)}u;

// Writes S_l^m = v·c and S_l^−m = v·s at the point's offset o.
fn putValue(o: u32, l: u32, m: u32, v: f32, c: f32, s: f32) {
  let k = o + l * l + l;
  values[k + m] = v * c;
  if (m > 0u) {
    values[k - m] = v * s;
  }
}
${
  gradients
    ? `
// Writes the gradient of harmonic k (index g + k of the point's first gradient) on the 3 axes.
fn putGradient(gk: u32, l: u32, d: vec3<f32>, yk: f32, u: vec3<f32>, ir: f32) {
  let v = ${project};
  gradients[gk] = v.x;
  gradients[gk + K] = v.y;
  gradients[gk + 2u * K] = v.z;
}
`
    : ''
}
${preambleWgsl(K, normalized, gradients)}
  // Per-degree factor: |r|^l for solid harmonics; for spherical ones 1, and 0 at the origin for l ≥ 1.
  var scale: array<f32, ${lMax + 1}>;
  scale[0] = 1.0f;
  for (var l = 1u; l <= L; l++) {
    scale[l] = ${normalized ? 'live' : 'scale[l - 1u] * r'};
  }
  var c = 1.0f;
  var s = 0.0f;
  for (var m = 0u; m <= L; m++) {
    if (m > 0u) {
      let cn = x * c - y * s;
      s = x * s + y * c;
      c = cn;
    }
    let k0 = (m * (2u * L + 3u - m)) / 2u;
    var p2 = tables[k0];
    putValue(o, m, m, p2 * scale[m], c, s);
    if (m < L) {
      var p1 = tables[k0 + 1u] * z * p2;
      putValue(o, m + 1u, m, p1 * scale[m + 1u], c, s);
      for (var l = m + 2u; l <= L; l++) {
        let j = k0 + l - m;
        let cur = tables[j] * z * p1 - tables[T + j] * u2 * p2;
        putValue(o, l, m, cur * scale[l], c, s);
        p2 = p1;
        p1 = cur;
      }
    }
  }${gradients ? gradientCode : ''}
}
`;
}
