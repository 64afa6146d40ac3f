// Parity plot (SVG): predicted against reference values, train and test points in two colours,
// the y = x line, and the test RMSE in the corner.
import type { ParitySet } from '../protocol.js';
import { extent, linear, niceTicks, tickLabels } from './scales.js';
import { element } from './svg.js';

export const TRAIN_COLOR = '#4e79a7';
export const TEST_COLOR = '#e15759';

export function parityPlot(set: ParitySet, options: { title: string; unit: string; size?: number; note?: string }): SVGElement {
  const size = options.size ?? 270;
  const margin = { left: 54, right: 10, top: 26, bottom: 40 };
  const both = new Float64Array(set.reference.length + set.predicted.length);
  both.set(set.reference);
  both.set(set.predicted, set.reference.length);
  const [lo0, hi0] = extent(both) ?? [0, 1];
  const pad = 0.05 * (hi0 - lo0);
  const [lo, hi] = [lo0 - pad, hi0 + pad];
  const sx = linear(lo, hi, margin.left, size - margin.right);
  const sy = linear(lo, hi, size - margin.bottom, margin.top);
  const children: SVGElement[] = [
    element('rect', { x: margin.left, y: margin.top, width: size - margin.left - margin.right, height: size - margin.top - margin.bottom, fill: 'none', stroke: '#999' }),
    element('line', { x1: sx(lo), y1: sy(lo), x2: sx(hi), y2: sy(hi), stroke: '#888', 'stroke-dasharray': '4 3' }),
    element('text', { x: size / 2, y: 16, 'text-anchor': 'middle', 'font-weight': 600 }, [options.title]),
    element('text', { x: (margin.left + size - margin.right) / 2, y: size - 6, 'text-anchor': 'middle' }, [`reference (${options.unit})`]),
    element('text', { x: 12, y: (margin.top + size - margin.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(margin.top + size - margin.bottom) / 2})` }, [
      `predicted (${options.unit})`,
    ]),
  ];
  const ticks = niceTicks(lo, hi, 4);
  tickLabels(ticks).forEach((label, k) => {
    children.push(element('text', { x: sx(ticks[k]), y: size - margin.bottom + 14, 'text-anchor': 'middle', class: 'tick' }, [label]));
    children.push(element('text', { x: margin.left - 4, y: sy(ticks[k]) + 4, 'text-anchor': 'end', class: 'tick' }, [label]));
  });
  const points = element('g', { class: 'points' });
  // training points first so the (fewer) test points stay visible on top
  for (const wanted of [0, 1]) {
    for (let i = 0; i < set.reference.length; i++) {
      if (set.test[i] !== wanted) continue;
      points.append(
        element('circle', {
          cx: sx(set.reference[i]).toFixed(1),
          cy: sy(set.predicted[i]).toFixed(1),
          r: wanted ? 3 : 2.4,
          fill: wanted ? TEST_COLOR : TRAIN_COLOR,
          'fill-opacity': 0.75,
          class: wanted ? 'test' : 'train',
        }),
      );
    }
  }
  children.push(points);
  if (options.note) children.push(element('text', { x: margin.left + 6, y: margin.top + 14, class: 'note' }, [options.note]));
  return element('svg', { width: size, height: size, viewBox: `0 0 ${size} ${size}`, class: 'parity', 'data-points': set.reference.length }, children);
}
