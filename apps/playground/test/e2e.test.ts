// End to end: the built page (dist/, served by the browser harness's static server) in headless
// Chromium. Loads the built-in sample, steps through frames, goes offline, computes features, checks
// the PCA map and its hover/click links to the 3-D view, fits a potential (when the build has one)
// and checks the parity plots and error numbers; saves artifacts/screenshot.png.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHROMIUM, DEFAULT_CHROMIUM_ARGS } from '@equikit/browser-harness';
import { startStaticServer } from '@equikit/browser-harness/static-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(app, 'dist');
const artifacts = join(app, 'artifacts');

interface Hook {
  pointCount(): number;
  pointPosition(point: number): { x: number; y: number };
  highlightedAtom(): number | null;
  pointOf(frame: number, atom: number): number;
  viewerFailure(): string | null;
  atomOnPage(atom: number): { x: number; y: number } | null;
  atomHovered(): number | null;
  mapHovered(): number;
}
declare const window: { equikitPlayground: Hook };

describe('playground in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof startStaticServer>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run \`npm run build -w @equikit/playground\` first (turbo's test task does)`);
    server = await startStaticServer({ root: dist });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM, args: DEFAULT_CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 1040 } });
    // Nothing may leave 127.0.0.1: every other request is refused and recorded.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
    page.setDefaultTimeout(40_000);
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the built-in sample and shows its frames in 3Dmol', async () => {
    await page.goto(`${server.url}/index.html`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('#file-info')).toBe('si-mlearn-test.xyz (built-in sample): 8 frames, 442 atoms, species Si');
    expect(await page.evaluate(() => window.equikitPlayground.viewerFailure())).toBeNull();
    expect(await page.locator('#viewer canvas').count()).toBeGreaterThan(0);
    expect(await page.textContent('#frame-number')).toBe('frame 1 / 8');
    expect(await page.textContent('#frame-info')).toMatch(/^63 atoms · E = -297\.6277 eV/);
    await page.click('#frame-next');
    await page.click('#frame-next');
    expect(await page.textContent('#frame-number')).toBe('frame 3 / 8');
    expect(await page.textContent('#frame-info')).toMatch(/^36 atoms/);
  });

  it('computes SOAP features offline and draws the PCA map', async () => {
    await page.context().setOffline(true); // everything the page needs is already loaded
    await page.click('#compute-features');
    await page.waitForSelector('#features-status[data-done="true"]');
    expect(await page.textContent('#features-status')).toMatch(/^180 SOAP features for each of 442 atoms in [\d.]+ s \((js|wasm|wasm-simd)\); PC1 and PC2 hold [\d.]+ % of the variance\.$/);
    expect(await page.getAttribute('#pca-map', 'data-points')).toBe('442');
    expect(await page.textContent('#map-legend')).toContain('Si');
    await page.selectOption('#color-by', 'energy');
    expect(await page.textContent('#map-legend')).toMatch(/-?\d+.*meV\/atom/);
  });

  it('links map points to atoms: hover highlights the atom, click shows its frame', async () => {
    const box = (await page.locator('#pca-map').boundingBox())!;
    // Symmetry-equivalent atoms share an environment and so a map point: pick an atom of frame 6
    // whose point lies at least 3 px from every other point, so the mouse finds exactly it.
    const target = await page.evaluate(() => {
      const hook = window.equikitPlayground;
      const all = Array.from({ length: hook.pointCount() }, (_, i) => hook.pointPosition(i));
      for (let atom = 0; hook.pointOf(5, atom) >= 0; atom++) {
        const point = hook.pointOf(5, atom);
        const p = all[point];
        if (all.every((q, i) => i === point || Math.hypot(q.x - p.x, q.y - p.y) >= 3)) return { atom, x: p.x, y: p.y };
      }
      return null;
    });
    expect(target, 'frame 6 has an atom with a point of its own').not.toBeNull();
    const { atom, x, y } = target!;
    const tooltip = page.locator('#map-tooltip');
    // frame 3 is shown: hovering a frame-6 point names it without changing the 3-D view
    await page.mouse.move(box.x + x, box.y + y);
    await expect.poll(() => tooltip.getAttribute('data-frame')).toBe('5');
    expect(await tooltip.isVisible()).toBe(true);
    expect(await tooltip.getAttribute('data-atom')).toBe(String(atom));
    expect(await tooltip.textContent()).toContain(`frame 6, atom ${atom + 1} (Si)`);
    expect(await tooltip.textContent()).toContain('click to show');
    expect(await page.evaluate(() => window.equikitPlayground.highlightedAtom())).toBeNull();
    // a click shows frame 6 with that atom highlighted
    await page.mouse.click(box.x + x, box.y + y);
    expect(await page.textContent('#frame-number')).toBe('frame 6 / 8');
    expect(await page.evaluate(() => window.equikitPlayground.highlightedAtom())).toBe(atom);
    // leaving the map clears the highlight; hovering the point again (its frame now shown) highlights it
    await page.mouse.move(box.x - 20, box.y - 20);
    await expect.poll(() => page.evaluate(() => window.equikitPlayground.highlightedAtom())).toBeNull();
    expect(await tooltip.isVisible()).toBe(false);
    await page.mouse.move(box.x + x, box.y + y);
    await expect.poll(() => page.evaluate(() => window.equikitPlayground.highlightedAtom())).toBe(atom);
    expect(await tooltip.textContent()).not.toContain('click to show');
    await page.mouse.move(box.x - 20, box.y - 20);
  });

  it('links atoms to map points: hovering an atom in the 3-D view lights up its point', async () => {
    // an atom on the outside of the picture (least likely to be hidden behind others)
    const spot = await page.evaluate(() => {
      const hook = window.equikitPlayground;
      const spots = Array.from({ length: 64 }, (_, atom) => hook.atomOnPage(atom)!);
      const cx = spots.reduce((s, p) => s + p.x, 0) / spots.length;
      const cy = spots.reduce((s, p) => s + p.y, 0) / spots.length;
      return spots.reduce((best, p) => (Math.hypot(p.x - cx, p.y - cy) > Math.hypot(best.x - cx, best.y - cy) ? p : best));
    });
    await page.mouse.move(spot.x, spot.y);
    // 3Dmol reports a hover after its hover delay; whichever atom it picked, its map point lights up
    await expect.poll(() => page.evaluate(() => window.equikitPlayground.atomHovered()), { timeout: 10_000 }).not.toBeNull();
    const picked = await page.evaluate(() => window.equikitPlayground.atomHovered());
    expect(await page.evaluate((atom) => window.equikitPlayground.mapHovered() === window.equikitPlayground.pointOf(5, atom!), picked)).toBe(true);
    // 3Dmol only hears the mouse over its canvas: an empty corner of the view ends the hover
    const view = (await page.locator('#viewer').boundingBox())!;
    await page.mouse.move(view.x + 4, view.y + 4);
    await expect.poll(() => page.evaluate(() => window.equikitPlayground.mapHovered()), { timeout: 10_000 }).toBe(-1);
  });

  it('fits a potential and shows parity plots with their errors', async () => {
    expect(await page.isEnabled('#md-run')).toBe(false); // nothing to run MD with yet
    await page.click('#fit-button');
    await page.waitForSelector('#parity[data-done="true"]');
    expect(await page.locator('#parity svg.parity').count()).toBe(2);
    expect(await page.getAttribute('#parity svg.parity >> nth=0', 'data-points')).toBe('8');
    expect(await page.getAttribute('#parity svg.parity >> nth=1', 'data-points')).toBe(String(3 * 442));
    expect(await page.locator('#parity svg.parity >> nth=0 >> circle.test').count()).toBe(2);
    for (const set of ['train', 'test']) {
      const energy = Number(await page.textContent(`#errors-table tr[data-set="${set}"] [data-metric="energy-rmse"]`));
      const forces = Number(await page.textContent(`#errors-table tr[data-set="${set}"] [data-metric="force-rmse"]`));
      expect(energy).toBeGreaterThanOrEqual(0);
      expect(forces).toBeGreaterThan(0);
      // loose bounds: a linear SOAP model on 6 Si frames is not GAP, but it is not noise either
      expect(energy).toBeLessThan(200);
      expect(forces).toBeLessThan(1.5);
    }
    expect(await page.textContent('#fit-status')).toMatch(/^Linear SOAP potential \(180 features per species, energies, forces and stresses\) on 6 frames, ridge λ = [\d.e+-]+ \(cross-validated\); 2 test frames, fitted in [\d.]+ s\.$/);
  });

  it('runs a short MD with the fitted potential and plays it in the 3-D view', async () => {
    await page.fill('#md-steps', '20');
    await page.click('#md-run');
    await page.waitForSelector('#md-charts svg.line-chart');
    // frame 6 (64 atoms) is shown since the map click
    expect(await page.textContent('#md-status')).toMatch(/^20 steps of 64 atoms in [\d.]+ s: [\d.e+]+ atom·steps\/s\.$/);
    expect(await page.locator('#md-charts svg.line-chart').count()).toBe(2);
    expect(await page.locator('#md-charts svg.line-chart path').count()).toBe(2);
    expect(await page.isEnabled('#md-run')).toBe(true);
    expect(await page.isEnabled('#md-stop')).toBe(false);
  });

  it('saved a screenshot, stayed on 127.0.0.1 and logged no errors', async () => {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'screenshot.png'), fullPage: true });
    expect(existsSync(join(artifacts, 'screenshot.png'))).toBe(true);
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('reads a chosen file, a dropped file, and names the line of a broken one', async () => {
    const water = '3\nProperties=species:S:1:pos:R:3 energy=-14.2\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n';
    await page.setInputFiles('#file-input', { name: 'water.xyz', mimeType: 'text/plain', buffer: Buffer.from(water) });
    await expect.poll(() => page.textContent('#file-info')).toBe('water.xyz: 1 frame, 3 atoms, species H, O');
    expect(await page.textContent('#frame-number')).toBe('frame 1 / 1');
    expect(await page.getAttribute('#pca-map', 'data-points')).toBe('0'); // the old map is gone
    // drag and drop: the page takes the first file of the drop
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'two-frames.xyz', { type: 'text/plain' }));
      document.getElementById('drop-zone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, water + water.replace('energy=-14.2', 'energy=-14.1'));
    await expect.poll(() => page.textContent('#file-info')).toBe('two-frames.xyz: 2 frames, 6 atoms, species H, O');
    await page.setInputFiles('#file-input', { name: 'broken.xyz', mimeType: 'text/plain', buffer: Buffer.from('2\n\nSi 0 0 0\n') });
    await expect.poll(() => page.getAttribute('#file-info', 'class')).toBe('error');
    expect(await page.textContent('#file-info')).toMatch(/frame 0.*line/i);
    // the last good file stays loaded
    expect(await page.textContent('#frame-number')).toBe('frame 1 / 2');
    expect(problems).toEqual([]);
  });
});
