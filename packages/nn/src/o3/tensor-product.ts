// e3nn's TensorProduct: instructions (i1, i2, iOut, mode, trainable, pathWeight) coupling term i1
// of the first input with term i2 of the second into term iOut of the output through the
// Wigner 3j symbols, with e3nn's normalisation and weight layout. Each instance compiles its
// instructions into multilinear forms (one for weighted paths, one for unweighted ones).
import { assertBoolean, assertFiniteNumber, assertInteger, assertOneOf, type BackendName } from '@equikit/core';
import { Irrep, Irreps } from '@equikit/o3';
import { add } from '../autodiff/elementwise.js';
import type { FormBlock } from '../autodiff/form-blocks.js';
import { contract, MultilinearForm } from '../autodiff/multilinear.js';
import { Tensor } from '../autodiff/tensor.js';
import { layerRng, Module, randn } from '../nn/module.js';
import { IrrepsArray, termOffsets, toIrreps } from './irreps-array.js';
import { wigner3jReal } from './wigner3j.js';

export type TensorProductMode = 'uvw' | 'uvu' | 'uvv' | 'uuw' | 'uuu';
export const TENSOR_PRODUCT_MODES: readonly TensorProductMode[] = ['uvw', 'uvu', 'uvv', 'uuw', 'uuu'];
export type IrrepNormalization = 'component' | 'norm' | 'none';
export type PathNormalization = 'element' | 'path' | 'none';

export interface Instruction {
  i1: number;
  i2: number;
  iOut: number;
  mode: TensorProductMode;
  trainable: boolean;
  pathWeight: number;
}

/** An Instruction, or e3nn's tuple (i1, i2, iOut, mode, trainable = true, pathWeight = 1). */
export type InstructionLike = Instruction | [number, number, number, TensorProductMode, boolean?, number?];

/** A resolved instruction: its weight block's shape and offset, and e3nn's normalisation factor. */
export interface ResolvedInstruction extends Instruction {
  pathShape: number[];
  weightOffset: number;
  /** √alpha of e3nn: the factor on this path's Wigner 3j symbols. */
  coefficient: number;
}

export interface TensorProductOptions {
  irrepNormalization?: IrrepNormalization;
  pathNormalization?: PathNormalization;
  /** Variances of the inputs' and output's terms (e3nn's in1_var, in2_var, out_var); default 1. */
  in1Var?: readonly number[];
  in2Var?: readonly number[];
  outVar?: readonly number[];
  /** One weight vector for the whole batch (true, default) or one per batch item (false). */
  sharedWeights?: boolean;
  /** Hold the weights as a parameter (default: sharedWeights); otherwise forward takes them. */
  internalWeights?: boolean;
  /** Seeded initialisation of internal weights (standard normal, as e3nn). */
  seed?: number;
  rng?: () => number;
  /** Kernel backend of the contractions; default: the forced one, else the best available. */
  backend?: BackendName;
}

function numElements(mode: TensorProductMode, mul1: number, mul2: number): number {
  return { uvw: mul1 * mul2, uvu: mul2, uvv: mul1, uuw: mul1, uuu: 1 }[mode];
}

function pathShape(mode: TensorProductMode, mul1: number, mul2: number, mulOut: number): number[] {
  return { uvw: [mul1, mul2, mulOut], uvu: [mul1, mul2], uvv: [mul1, mul2], uuw: [mul1, mulOut], uuu: [mul1] }[mode];
}

/**
 * A path's channel combinations as three loops (u, v, w) and, per slot (x1, x2, weights, out),
 * each loop variable's stride: x1 row u·d1, x2 row v·d2, the weight's index in its path block
 * (e3nn's layout), the output row w·dO (w = u for uvu, v for uvv).
 */
function channelLoops(mode: TensorProductMode, mul1: number, mul2: number, mulOut: number, d1: number, d2: number, dO: number, weighted: boolean): Pick<FormBlock, 'counts' | 'strides'> {
  const loops: Record<TensorProductMode, Pick<FormBlock, 'counts' | 'strides'>> = {
    uvw: { counts: [mul1, mul2, mulOut], strides: [[d1, 0, 0], [0, d2, 0], [mul2 * mulOut, mulOut, 1], [0, 0, dO]] },
    uvu: { counts: [mul1, mul2, 1], strides: [[d1, 0, 0], [0, d2, 0], [mul2, 1, 0], [dO, 0, 0]] },
    uvv: { counts: [mul1, mul2, 1], strides: [[d1, 0, 0], [0, d2, 0], [mul2, 1, 0], [0, dO, 0]] },
    uuw: { counts: [mul1, 1, mulOut], strides: [[d1, 0, 0], [d2, 0, 0], [mulOut, 0, 1], [0, 0, dO]] },
    uuu: { counts: [mul1, 1, 1], strides: [[d1, 0, 0], [d2, 0, 0], [1, 0, 0], [dO, 0, 0]] },
  };
  const l = loops[mode];
  if (!weighted) l.strides[2] = [0, 0, 0];
  return l;
}

function toInstruction(value: InstructionLike, k: number): Instruction {
  const name = `instructions[${k}]`;
  const ins: Instruction = Array.isArray(value)
    ? { i1: value[0], i2: value[1], iOut: value[2], mode: value[3], trainable: value[4] ?? true, pathWeight: value[5] ?? 1 }
    : { ...value, trainable: value.trainable ?? true, pathWeight: value.pathWeight ?? 1 };
  assertInteger(ins.i1, `${name}.i1`, 0);
  assertInteger(ins.i2, `${name}.i2`, 0);
  assertInteger(ins.iOut, `${name}.iOut`, 0);
  assertOneOf(ins.mode, `${name}.mode`, TENSOR_PRODUCT_MODES);
  assertBoolean(ins.trainable, `${name}.trainable`);
  assertFiniteNumber(ins.pathWeight, `${name}.pathWeight`);
  return ins;
}

function variances(value: readonly number[] | undefined, n: number, name: string): number[] {
  if (value === undefined) return Array<number>(n).fill(1);
  if (!Array.isArray(value) || value.length !== n) throw new RangeError(`${name} must be an array of ${n} variances (one per term)`);
  value.forEach((v, k) => assertFiniteNumber(v, `${name}[${k}]`));
  return [...value];
}

export class TensorProduct extends Module {
  readonly irreps1: Irreps;
  readonly irreps2: Irreps;
  readonly irrepsOut: Irreps;
  readonly instructions: readonly ResolvedInstruction[];
  readonly sharedWeights: boolean;
  readonly weightNumel: number;
  /** The internal weights (e3nn's `weight`), when internalWeights. */
  readonly weight: Tensor | undefined;
  backend: BackendName | undefined;
  private readonly weighted: MultilinearForm | undefined;
  private readonly unweighted: MultilinearForm | undefined;

  constructor(irreps1: Irreps | string, irreps2: Irreps | string, irrepsOut: Irreps | string, instructions: readonly InstructionLike[], options: TensorProductOptions = {}) {
    super();
    this.irreps1 = toIrreps(irreps1, 'TensorProduct: irreps1');
    this.irreps2 = toIrreps(irreps2, 'TensorProduct: irreps2');
    this.irrepsOut = toIrreps(irrepsOut, 'TensorProduct: irrepsOut');
    if (!Array.isArray(instructions)) throw new TypeError('TensorProduct: instructions must be an array');
    const irrepNormalization = options.irrepNormalization ?? 'component';
    const pathNormalization = options.pathNormalization ?? 'element';
    assertOneOf(irrepNormalization, 'TensorProduct: irrepNormalization', ['component', 'norm', 'none'] as const);
    assertOneOf(pathNormalization, 'TensorProduct: pathNormalization', ['element', 'path', 'none'] as const);
    this.sharedWeights = options.sharedWeights ?? true;
    assertBoolean(this.sharedWeights, 'TensorProduct: sharedWeights');
    const internal = options.internalWeights ?? this.sharedWeights;
    assertBoolean(internal, 'TensorProduct: internalWeights');
    if (internal && !this.sharedWeights) throw new RangeError('TensorProduct: internalWeights needs sharedWeights');
    this.backend = options.backend;
    const in1Var = variances(options.in1Var, this.irreps1.length, 'TensorProduct: in1Var');
    const in2Var = variances(options.in2Var, this.irreps2.length, 'TensorProduct: in2Var');
    const outVar = variances(options.outVar, this.irrepsOut.length, 'TensorProduct: outVar');

    const raw = instructions.map(toInstruction);
    raw.forEach((ins, k) => this.checkInstruction(ins, k));
    const elements = (ins: Instruction) => numElements(ins.mode, this.irreps1.terms[ins.i1].mul, this.irreps2.terms[ins.i2].mul);
    let weightOffset = 0;
    this.instructions = Object.freeze(
      raw.map((ins) => {
        const m1 = this.irreps1.terms[ins.i1];
        const m2 = this.irreps2.terms[ins.i2];
        const mo = this.irrepsOut.terms[ins.iOut];
        let alpha = irrepNormalization === 'component' ? mo.ir.dim : irrepNormalization === 'norm' ? m1.ir.dim * m2.ir.dim : 1;
        const siblings = raw.filter((i) => i.iOut === ins.iOut);
        let x = 1;
        if (pathNormalization === 'element') x = siblings.reduce((s, i) => s + in1Var[i.i1] * in2Var[i.i2] * elements(i), 0);
        if (pathNormalization === 'path') x = in1Var[ins.i1] * in2Var[ins.i2] * elements(ins) * siblings.length;
        if (x > 0) alpha /= x;
        alpha *= outVar[ins.iOut] * ins.pathWeight;
        const shape = ins.trainable ? pathShape(ins.mode, m1.mul, m2.mul, mo.mul) : [];
        const resolved: ResolvedInstruction = { ...ins, pathShape: shape, weightOffset, coefficient: Math.sqrt(alpha) };
        if (ins.trainable) weightOffset += shape.reduce((p, s) => p * s, 1);
        return resolved;
      }),
    );
    this.weightNumel = weightOffset;
    this.weighted = this.buildForm(true);
    this.unweighted = this.buildForm(false);
    this.weight = internal && this.weightNumel > 0 ? Tensor.variable(randn(layerRng(options), this.weightNumel)) : undefined;
  }

  /** Number of non-zero terms (channel combination × Wigner 3j entry) of the compiled forms. */
  get numTerms(): number {
    return (this.weighted?.nTerms ?? 0) + (this.unweighted?.nTerms ?? 0);
  }

  private checkInstruction(ins: Instruction, k: number): void {
    const name = `TensorProduct: instructions[${k}]`;
    if (ins.i1 >= this.irreps1.length) throw new RangeError(`${name}.i1 = ${ins.i1}, but irreps1 (${this.irreps1}) has ${this.irreps1.length} terms`);
    if (ins.i2 >= this.irreps2.length) throw new RangeError(`${name}.i2 = ${ins.i2}, but irreps2 (${this.irreps2}) has ${this.irreps2.length} terms`);
    if (ins.iOut >= this.irrepsOut.length) throw new RangeError(`${name}.iOut = ${ins.iOut}, but irrepsOut (${this.irrepsOut}) has ${this.irrepsOut.length} terms`);
    const a = this.irreps1.terms[ins.i1];
    const b = this.irreps2.terms[ins.i2];
    const o = this.irrepsOut.terms[ins.iOut];
    if (!a.ir.times(b.ir).some((ir) => ir.equals(o.ir))) throw new RangeError(`${name}: ${o.ir} is not in ${a.ir} × ${b.ir}`);
    const need = { uvw: true, uvu: o.mul === a.mul, uvv: o.mul === b.mul, uuw: a.mul === b.mul, uuu: a.mul === b.mul && a.mul === o.mul }[ins.mode];
    if (!need) throw new RangeError(`${name}: mode '${ins.mode}' cannot couple ${a} × ${b} → ${o} (multiplicities do not fit)`);
  }

  private buildForm(weighted: boolean): MultilinearForm | undefined {
    const off1 = termOffsets(this.irreps1);
    const off2 = termOffsets(this.irreps2);
    const offO = termOffsets(this.irrepsOut);
    const blocks: FormBlock[] = [];
    for (const ins of this.instructions) {
      if (ins.trainable !== weighted || ins.coefficient === 0) continue;
      const m1 = this.irreps1.terms[ins.i1];
      const m2 = this.irreps2.terms[ins.i2];
      const mo = this.irrepsOut.terms[ins.iOut];
      const [d1, d2, dO] = [m1.ir.dim, m2.ir.dim, mo.ir.dim];
      const w3j = wigner3jReal(m1.ir.l, m2.ir.l, mo.ir.l);
      const offsets: number[] = [];
      const coefs: number[] = [];
      for (let i = 0; i < d1; i++) for (let j = 0; j < d2; j++) for (let k = 0; k < dO; k++) {
        const c = w3j[(i * d2 + j) * dO + k];
        if (Math.abs(c) <= 1e-15) continue;
        offsets.push(i, j, 0, k);
        coefs.push(ins.coefficient * c);
      }
      if (coefs.length === 0) continue;
      const { counts, strides } = channelLoops(ins.mode, m1.mul, m2.mul, mo.mul, d1, d2, dO, weighted);
      blocks.push({ counts, base: [off1[ins.i1], off2[ins.i2], weighted ? ins.weightOffset : 0, offO[ins.iOut]], strides, offsets, coefs });
    }
    if (blocks.length === 0) return undefined;
    return MultilinearForm.fromBlocks(
      weighted ? 'TensorProduct' : 'TensorProduct (unweighted paths)',
      [this.irreps1.dim, this.irreps2.dim, weighted ? this.weightNumel : 0, this.irrepsOut.dim],
      [true, true, weighted, true],
      [true, true, !this.sharedWeights, true],
      blocks,
    );
  }

  /** x1 ⊗ x2 → irrepsOut. `weight`: [weightNumel] (shared) or [batch, weightNumel]; default the internal weights. */
  forward(x1: IrrepsArray | Tensor, x2: IrrepsArray | Tensor, weight?: Tensor): IrrepsArray {
    const a = x1 instanceof IrrepsArray ? x1.array : x1;
    const b = x2 instanceof IrrepsArray ? x2.array : x2;
    if (!(a instanceof Tensor) || a.shape.length !== 2 || a.shape[1] !== this.irreps1.dim) {
      throw new RangeError(`TensorProduct: x1 must be [batch, ${this.irreps1.dim}] (${this.irreps1})`);
    }
    if (!(b instanceof Tensor) || b.shape.length !== 2 || b.shape[1] !== this.irreps2.dim || b.shape[0] !== a.shape[0]) {
      throw new RangeError(`TensorProduct: x2 must be [${a.shape[0]}, ${this.irreps2.dim}] (${this.irreps2})`);
    }
    const batch = a.shape[0];
    const w = weight ?? this.weight;
    if (this.weighted && !w) throw new TypeError('TensorProduct: this tensor product has external weights; pass weight');
    if (w && w.size !== (this.sharedWeights ? 1 : batch) * this.weightNumel) {
      throw new RangeError(`TensorProduct: weight must have ${this.sharedWeights ? `[${this.weightNumel}]` : `[${batch}, ${this.weightNumel}]`} values, got [${w.shape.join(', ')}]`);
    }
    let out: Tensor | undefined;
    if (this.weighted) out = contract(this.weighted, 3, [a, b, w!, null], batch, this.backend);
    if (this.unweighted) {
      const u = contract(this.unweighted, 3, [a, b, null, null], batch, this.backend);
      out = out ? add(out, u) : u;
    }
    return new IrrepsArray(this.irrepsOut, out ?? Tensor.zeros([batch, this.irrepsOut.dim]));
  }

  namedParameters(): Array<[string, Tensor]> {
    return this.weight ? [['weight', this.weight]] : [];
  }
}

function irrepIn(ir: Irrep, irreps: Irreps): boolean {
  return irreps.terms.some((t) => t.ir.equals(ir));
}

/** e3nn's FullyConnectedTensorProduct: every (i1, i2, iOut) allowed by the selection rules, 'uvw', trainable. */
export class FullyConnectedTensorProduct extends TensorProduct {
  constructor(irreps1: Irreps | string, irreps2: Irreps | string, irrepsOut: Irreps | string, options: TensorProductOptions = {}) {
    const a = toIrreps(irreps1, 'FullyConnectedTensorProduct: irreps1');
    const b = toIrreps(irreps2, 'FullyConnectedTensorProduct: irreps2');
    const o = toIrreps(irrepsOut, 'FullyConnectedTensorProduct: irrepsOut');
    const instructions: InstructionLike[] = [];
    a.terms.forEach((t1, i1) =>
      b.terms.forEach((t2, i2) =>
        o.terms.forEach((to, iOut) => {
          if (t1.ir.times(t2.ir).some((ir) => ir.equals(to.ir))) instructions.push([i1, i2, iOut, 'uvw', true, 1]);
        }),
      ),
    );
    super(a, b, o, instructions, options);
  }
}

/**
 * e3nn's ElementwiseTensorProduct: copy k of the first input times copy k of the second (both
 * with the same number of irreps), every product irrep (or those in `filterIrOut`), 'uuu',
 * no weights. Terms are split so multiplicities align, as e3nn does.
 */
export class ElementwiseTensorProduct extends TensorProduct {
  constructor(irreps1: Irreps | string, irreps2: Irreps | string, filterIrOut?: ReadonlyArray<Irrep | string>, options: TensorProductOptions = {}) {
    let a = [...toIrreps(irreps1, 'ElementwiseTensorProduct: irreps1').simplify().terms];
    let b = [...toIrreps(irreps2, 'ElementwiseTensorProduct: irreps2').simplify().terms];
    const na = a.reduce((s, t) => s + t.mul, 0);
    const nb = b.reduce((s, t) => s + t.mul, 0);
    if (na !== nb) throw new RangeError(`ElementwiseTensorProduct: the inputs must have the same number of irreps, got ${na} and ${nb}`);
    const filter = filterIrOut?.map((f) => (typeof f === 'string' ? Irrep.parse(f) : f));
    for (let i = 0; i < a.length; i++) {
      const [x, y] = [a[i], b[i]];
      if (x.mul < y.mul) b = [...b.slice(0, i), new Irreps([[x.mul, y.ir]]).terms[0], new Irreps([[y.mul - x.mul, y.ir]]).terms[0], ...b.slice(i + 1)];
      if (y.mul < x.mul) a = [...a.slice(0, i), new Irreps([[y.mul, x.ir]]).terms[0], new Irreps([[x.mul - y.mul, x.ir]]).terms[0], ...a.slice(i + 1)];
    }
    const out: Array<[number, Irrep]> = [];
    const instructions: InstructionLike[] = [];
    a.forEach((x, i) => {
      for (const ir of x.ir.times(b[i].ir)) {
        if (filter && !irrepIn(ir, new Irreps(filter))) continue;
        instructions.push([i, i, out.length, 'uuu', false, 1]);
        out.push([x.mul, ir]);
      }
    });
    super(new Irreps(a), new Irreps(b), new Irreps(out), instructions, options);
  }
}
