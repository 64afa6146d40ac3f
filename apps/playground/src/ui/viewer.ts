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

  /** Shows `frame` (optionally with other positions, e.g. an MD step); keepView keeps the camera. */
  show(frame: FrameSummary, positions?: Float64Array, keepView = false): void {
    const viewer = this.viewer;
    if (!viewer) return;
    if (this.model) viewer.removeUnitCell(this.model);
    viewer.removeAllModels();
    const model = viewer.addModel(frameToXyz(frame, this.symbolOf, positions), 'xyz');
    this.model = model;
    model.setStyle({}, BASE_STYLE);
    model.setHoverable(
      {},
      true,
      (atom: { index: number }) => this.onAtomHover(atom.index),
      () => this.onAtomHover(null),
    );
    if (frame.pbc.some(Boolean) && frame.cell.some((v) => v !== 0)) {
      viewer.addUnitCell(model, { box: { color: '#666666' }, alabel: 'a', blabel: 'b', clabel: 'c' });
    }
    if (this.highlighted !== null && this.highlighted < frame.numbers.length) model.setStyle({ index: this.highlighted }, HIGHLIGHT_STYLE);
    if (!keepView) {
      viewer.zoomTo();
      viewer.zoom(1.4); // zoomTo leaves room for labels we do not draw
    }
    viewer.render();
  }

  /** Highlights one atom of the shown frame (null clears). */
  highlight(atom: number | null): void {
    if (atom === this.highlighted) return;
    const model = this.model;
    this.highlighted = atom;
    if (!model || !this.viewer) return;
    model.setStyle({}, BASE_STYLE);
    if (atom !== null) model.setStyle({ index: atom }, HIGHLIGHT_STYLE);
    this.viewer.render();
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
