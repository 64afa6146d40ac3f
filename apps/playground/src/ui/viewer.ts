// The 3-D view: 3Dmol.js (WebGL). One frame at a time, with its unit cell; one atom can be
// highlighted (linked from the PCA map), and hovering an atom reports its index back.
import { createViewer, type GLModel, type GLViewer } from '3dmol';
import type { FrameSummary } from '../protocol.js';
import { frameToXyz } from './xyz.js';

const BASE_STYLE = { sphere: { scale: 0.28 }, stick: { radius: 0.12 } };
const HIGHLIGHT_STYLE = { sphere: { scale: 0.55, color: '#ff2d55' }, stick: { radius: 0.12 } };

export class StructureViewer {
  private readonly viewer: GLViewer | undefined;
  private model: GLModel | undefined;
  private highlighted: number | null = null;
  /** Why there is no 3-D view (no WebGL), or undefined. */
  readonly failure: string | undefined;

  constructor(
    private readonly element: HTMLElement,
    private readonly symbolOf: (z: number) => string,
    private readonly onAtomHover: (atom: number | null) => void = () => {},
  ) {
    let viewer: GLViewer | undefined;
    let failure: string | undefined;
    try {
      viewer = createViewer(element, { backgroundColor: 'white', antialias: true }) ?? undefined;
      if (!viewer) failure = '3Dmol.js could not create a WebGL view';
    } catch (error) {
      failure = `3Dmol.js could not create a WebGL view: ${(error as Error).message}`;
    }
    this.viewer = viewer;
    this.failure = failure;
    if (failure) element.textContent = `${failure}. Everything else works without it.`;
  }

  /** Shows `frame` with its unit cell, nothing highlighted, the camera fitted to it. */
  show(frame: FrameSummary): void {
    const viewer = this.viewer;
    if (!viewer) return;
    if (this.model) viewer.removeUnitCell(this.model);
    viewer.removeAllModels();
    const model = viewer.addModel(frameToXyz(frame, this.symbolOf), 'xyz');
    this.model = model;
    model.setStyle({}, BASE_STYLE);
    model.setHoverable(
      {},
      true,
      (atom: { index: number }) => this.onAtomHover(atom.index),
      () => this.onAtomHover(null),
    );
    if (frame.pbc.some(Boolean) && frame.cell.some((v) => v !== 0)) {
      // no a/b/c labels: each is a text texture, and the box alone shows the cell
      viewer.addUnitCell(model, { box: { color: '#666666' }, alabel: '', blabel: '', clabel: '' });
    }
    this.highlighted = null;
    viewer.zoomTo();
    viewer.zoom(1.4); // zoomTo leaves a wide margin
    viewer.render();
  }

  /**
   * Moves the shown frame's atoms (an MD step) without rebuilding the model: rebuilding costs a
   * second per frame in software WebGL, moving and restyling a few milliseconds. Bonds stay as first
   * assigned, which for a short MD is what a viewer shows anyway.
   */
  move(positions: Float64Array): void {
    const model = this.model;
    if (!model || !this.viewer) return;
    const atoms = model.selectedAtoms({}) as { index: number; x: number; y: number; z: number }[];
    if (positions.length !== 3 * atoms.length) throw new RangeError(`positions must have 3N = ${3 * atoms.length} values, got ${positions.length}`);
    for (const atom of atoms) {
      atom.x = positions[3 * atom.index];
      atom.y = positions[3 * atom.index + 1];
      atom.z = positions[3 * atom.index + 2];
    }
    this.restyle();
  }

  /** Highlights one atom of the shown frame (null clears). */
  highlight(atom: number | null): void {
    if (atom === this.highlighted) return;
    const model = this.model;
    this.highlighted = atom;
    if (!model || !this.viewer) return;
    this.restyle();
  }

  /** Styles every atom (setStyle also makes 3Dmol rebuild the geometry from the atoms' coordinates) and renders. */
  private restyle(): void {
    const model = this.model;
    if (!model || !this.viewer) return;
    model.setStyle({}, BASE_STYLE);
    if (this.highlighted !== null) model.setStyle({ index: this.highlighted }, HIGHLIGHT_STYLE);
    this.viewer.render();
  }

  /** Where an atom of the shown model is drawn, in page coordinates (CSS px), or null without a view. */
  atomOnPage(atom: number): { x: number; y: number } | null {
    const model = this.model;
    if (!model || !this.viewer) return null;
    const found = (model.selectedAtoms({}) as { index: number; x: number; y: number; z: number }[]).find((a) => a.index === atom);
    if (!found) return null;
    const { x, y } = this.viewer.modelToScreen({ x: found.x, y: found.y, z: found.z }) as unknown as { x: number; y: number };
    return { x, y };
  }

  /** The highlighted atom of the shown frame, or null. */
  get highlightedAtom(): number | null {
    return this.highlighted;
  }

  resize(): void {
    this.viewer?.resize();
    this.viewer?.render();
  }
}
