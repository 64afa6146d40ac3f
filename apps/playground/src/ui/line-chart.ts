// A small SVG line chart for the MD trace (one series against time).
import { extent, linear, niceTicks, tickLabels } from './scales.js';
import { element } from './svg.js';

export function lineChart(xs: number[], ys: number[], options: { title: string; xLabel: string; color?: string; width?: number; height?: number }): SVGElement {
  const width = options.width ?? 250;
  const height = options.height ?? 150;
  const margin = { left: 50, right: 10, top: 20, bottom: 30 };
  const children: SVGElement[] = [element('text', { x: width / 2, y: 13, 'text-anchor': 'middle', 'font-weight': 600 }, [options.title])];
  const xr = extent(xs);
  const yr = extent(ys);
  if (xr && yr && xs.length > 1) {
    const sx = linear(xr[0], xr[1], margin.left, width - margin.right);
    const sy = linear(yr[0], yr[1], height - margin.bottom, margin.top);
    children.push(element('rect', { x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom, fill: 'none', stroke: '#999' }));
    const yTicks = niceTicks(yr[0], yr[1], 3);
    tickLabels(yTicks).forEach((label, k) => children.push(element('text', { x: margin.left - 4, y: sy(yTicks[k]) + 4, 'text-anchor': 'end', class: 'tick' }, [label])));
    const xTicks = niceTicks(xr[0], xr[1], 4);
    tickLabels(xTicks).forEach((label, k) => children.push(element('text', { x: sx(xTicks[k]), y: height - margin.bottom + 13, 'text-anchor': 'middle', class: 'tick' }, [label])));
    children.push(element('text', { x: (margin.left + width - margin.right) / 2, y: height - 3, 'text-anchor': 'middle' }, [options.xLabel]));
    const path = xs.map((x, i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(ys[i]).toFixed(1)}`).join('');
    children.push(element('path', { d: path, fill: 'none', stroke: options.color ?? '#4e79a7', 'stroke-width': 1.5 }));
  }
  return element('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'line-chart' }, children);
}
