// The two benchmark systems of issue 5, built deterministically.

/** 4000-atom FCC copper: 10 × 10 × 10 conventional cells, a = 3.615 Å. */
export function fccCopper() {
  const a = 3.615;
  const n = 10;
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const positions = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) {
    for (const b of basis) positions.push((i + b[0]) * a, (j + b[1]) * a, (k + b[2]) * a);
  }
  return { positions, numbers: new Array(positions.length / 3).fill(29), cell: [n * a, 0, 0, 0, n * a, 0, 0, 0, n * a], pbc: [true, true, true] };
}

/** 5184-atom water box: 1728 rigid molecules, random orientations, on a 12³ grid at about 1 g/cm³. */
export function waterBox() {
  let state = 12345;
  const rng = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const molecules = 12;
  const length = Math.cbrt((molecules ** 3 * 18.015) / 0.6022); // Å, 1 g/cm³
  const spacing = length / molecules;
  const oh = 0.9572;
  const angle = (104.52 * Math.PI) / 180;
  const local = [[0, 0, 0], [oh, 0, 0], [oh * Math.cos(angle), oh * Math.sin(angle), 0]];
  const positions = [];
  const numbers = [];
  for (let i = 0; i < molecules; i++) for (let j = 0; j < molecules; j++) for (let k = 0; k < molecules; k++) {
    // random rotation from a random unit quaternion
    let [w, x, y, z] = [rng() - 0.5, rng() - 0.5, rng() - 0.5, rng() - 0.5];
    const norm = Math.hypot(w, x, y, z);
    [w, x, y, z] = [w / norm, x / norm, y / norm, z / norm];
    const R = [
      [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
      [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
      [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ];
    const centre = [(i + 0.5) * spacing, (j + 0.5) * spacing, (k + 0.5) * spacing];
    local.forEach((p, atom) => {
      for (let a = 0; a < 3; a++) positions.push(centre[a] + R[a][0] * p[0] + R[a][1] * p[1] + R[a][2] * p[2]);
      numbers.push(atom === 0 ? 8 : 1);
    });
  }
  return { positions, numbers, cell: [length, 0, 0, 0, length, 0, 0, 0, length], pbc: [true, true, true] };
}
