// The 2-D PCA map of atomic environments on a canvas: one point per atom, coloured by species or by
// the frame's energy per atom; the shown frame's atoms are outlined; hover and click report the point.
import { extent, linear, nearestPoint, niceTicks, tickLabels } from './scales.js';

export interface MapData {
  x: Float64Array;
  y: Float64Array;
  colors: string[];
  frameOf: Int32Array;
  xLabel: string;
  yLabel: string;
}

const MARGIN = { left: 46, right: 12, top: 10, bottom: 36 };
const RADIUS = 3.2;

export class MapPlot {
  private data: MapData | undefined;
  /** Canvas-pixel (CSS px) positions of the points, for hit-testing. */
  private px = new Float64Array(0);
  private py = new Float64Array(0);
  private hovered = -1;
  private currentFrame = -1;
  private readonly context: CanvasRenderingContext2D;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    onHover: (point: number) => void,
    onClick: (point: number) => void,
  ) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('the PCA map needs a 2-D canvas');
    this.context = context;
    const pick = (event: MouseEvent) => {
      const box = canvas.getBoundingClientRect();
      return nearestPoint(this.px, this.py, event.clientX - box.left, event.clientY - box.top, 8);
    };
    canvas.addEventListener('mousemove', (event) => {
      const point = pick(event);
      if (point !== this.hovered) {
        this.hovered = point;
        this.draw();
        onHover(point);
      }
    });
    canvas.addEventListener('mouseleave', () => {
      if (this.hovered !== -1) {
        this.hovered = -1;
        this.draw();
        onHover(-1);
      }
    });
    canvas.addEventListener('click', (event) => {
      const point = pick(event);
      if (point !== -1) onClick(point);
    });
  }

  setData(data: MapData): void {
    this.data = data;
    this.hovered = -1;
    this.canvas.dataset.points = String(data.x.length);
    this.draw();
  }

  setColors(colors: string[]): void {
    if (!this.data) return;
    this.data = { ...this.data, colors };
    this.draw();
  }

  setCurrentFrame(frame: number): void {
    this.currentFrame = frame;
    this.draw();
  }

  /** Highlights a point from outside (an atom hovered in the 3-D view); -1 clears. */
  setHovered(point: number): void {
    if (point === this.hovered) return;
    this.hovered = point;
    this.draw();
  }

  /** The highlighted point, or -1. */
  get hoveredPoint(): number {
    return this.hovered;
  }

  /** Canvas position (CSS px) of a point, for tests and tooltips. */
  pointPosition(point: number): { x: number; y: number } {
    return { x: this.px[point], y: this.py[point] };
  }

  draw(): void {
    const { canvas, context: g, data } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 400;
    const height = canvas.clientHeight || 320;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    if (!data) return;
    const xr = extent(data.x) ?? [0, 1];
    const yr = extent(data.y) ?? [0, 1];
    const padX = 0.04 * (xr[1] - xr[0]);
    const padY = 0.04 * (yr[1] - yr[0]);
    const sx = linear(xr[0] - padX, xr[1] + padX, MARGIN.left, width - MARGIN.right);
    const sy = linear(yr[0] - padY, yr[1] + padY, height - MARGIN.bottom, MARGIN.top);

    g.strokeStyle = '#999';
    g.fillStyle = '#444';
    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;
    g.strokeRect(MARGIN.left, MARGIN.top, width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const xTicks = niceTicks(xr[0] - padX, xr[1] + padX, 5);
    tickLabels(xTicks).forEach((label, k) => g.fillText(label, sx(xTicks[k]), height - MARGIN.bottom + 4));
    g.fillText(data.xLabel, (MARGIN.left + width - MARGIN.right) / 2, height - 16);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    const yTicks = niceTicks(yr[0] - padY, yr[1] + padY, 5);
    tickLabels(yTicks).forEach((label, k) => g.fillText(label, MARGIN.left - 4, sy(yTicks[k])));
    g.save();
    g.translate(11, (MARGIN.top + height - MARGIN.bottom) / 2);
    g.rotate(-Math.PI / 2);
    g.textAlign = 'center';
    g.fillText(data.yLabel, 0, 0);
    g.restore();

    const n = data.x.length;
    this.px = new Float64Array(n);
    this.py = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.px[i] = sx(data.x[i]);
      this.py[i] = sy(data.y[i]);
    }
    // Other frames first, faded; then the shown frame on top with an outline; then the hovered point.
    g.globalAlpha = this.currentFrame >= 0 ? 0.45 : 0.85;
    for (let i = 0; i < n; i++) if (data.frameOf[i] !== this.currentFrame) this.dot(i, RADIUS, data.colors[i]);
    g.globalAlpha = 1;
    g.strokeStyle = '#222';
    for (let i = 0; i < n; i++) {
      if (data.frameOf[i] !== this.currentFrame) continue;
      this.dot(i, RADIUS + 0.6, data.colors[i]);
      g.stroke();
    }
    if (this.hovered >= 0 && this.hovered < n) {
      this.dot(this.hovered, 7, '#ff2d55');
      g.lineWidth = 2;
      g.strokeStyle = '#000';
      g.stroke();
      g.lineWidth = 1;
    }
  }

  private dot(i: number, radius: number, color: string): void {
    const g = this.context;
    g.beginPath();
    g.arc(this.px[i], this.py[i], radius, 0, 2 * Math.PI);
    g.fillStyle = color;
    g.fill();
  }
}
