import { expect, test } from '@playwright/test';
import { openLab, sampleCount, simTime, startPacerDrag, stepHundreds } from './lab.ts';

/**
 * A slider drag applies a value every frame; each is a store edit, and every component whose selector
 * picks something that changed renders again. The panels that show other parts of the experiment, the
 * plots (drawn on animation frames, outside React) and the header must not. React's devtools hook
 * (the one the React DevTools extension uses) reports each commit; a component rendered in it when its
 * fiber did work (React's PerformedWork flag).
 */
test('dragging an input slider renders the slider and its panel, not unrelated panels or the plots', async ({ page }) => {
  await page.addInitScript(() => {
    interface Fiber { type: unknown; flags: number; alternate: Fiber | null; child: Fiber | null; sibling: Fiber | null }
    const counts = new Map<string, number>();
    const w = window as unknown as { renders: Map<string, number>; counting: boolean; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
    w.renders = counts;
    w.counting = false;
    const PERFORMED_WORK = 1;
    // Only the fibers React worked on in this commit: a subtree it skipped keeps the very same child
    // fibers (and their old flags), one it worked on has fresh copies.
    const visit = (fiber: Fiber | null): void => {
      for (let f = fiber; f; f = f.sibling) {
        if (typeof f.type === 'function' && f.type.name && (f.alternate === null || (f.flags & PERFORMED_WORK) !== 0)) {
          counts.set(f.type.name, (counts.get(f.type.name) ?? 0) + 1);
        }
        if (f.alternate === null || f.child !== f.alternate.child) visit(f.child);
      }
    };
    w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      isDisabled: false,
      renderers: new Map(),
      inject: () => 1,
      checkDCE: () => undefined,
      onScheduleFiberRoot: () => undefined,
      onCommitFiberUnmount: () => undefined,
      onPostCommitFiberRoot: () => undefined,
      onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
        if (w.counting) visit(root.current);
      },
    };
  });
  const { box, y } = await startPacerDrag(page, 0.4);
  await page.evaluate(() => {
    (window as unknown as { counting: boolean }).counting = true;
  });
  for (let k = 0; k < 30; k++) await page.mouse.move(box.x + box.width * (0.2 + 0.02 * k), y);
  await page.mouse.up();
  await expect(page.getByTestId('input-pacer-drive-amplitude')).not.toHaveValue('6');
  const renders = await page.evaluate(() => {
    const w = window as unknown as { renders: Map<string, number>; counting: boolean };
    w.counting = false;
    return Object.fromEntries(w.renders);
  });

  // The counting works: the slider and the panel that lists the neuron's inputs rendered with the values applied.
  const applied = renders.InputControls ?? 0;
  expect(applied).toBeGreaterThan(5);
  expect(renders.ParameterSlider ?? 0).toBeGreaterThan(applied);
  // Nothing the edit does not change renders with them.
  for (const name of ['StepSettings', 'ShareLink', 'SynapseTypesList', 'SynapsePanel', 'EquationsBox', 'TransportBar', 'TracePanel', 'VoltageTraces', 'RasterPanel', 'MeasurementsPanel', 'ExperimentHeader']) {
    expect(renders[name] ?? 0, `${name} rendered during the drag`).toBe(0);
  }
});

/**
 * The plots redraw with every Worker frame. What does not change must not be written again: setting an
 * SVG attribute or a text to the value it has still makes the browser restyle, lay out and shape it.
 * A MutationObserver sees every write, the same value or not.
 */
test('while the run scrolls, the plots rewrite their lines and ticks, not their titles, axis positions or line colours', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect.poll(() => sampleCount(page)).toBeGreaterThan(0);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { writes: string[] }).writes = seen;
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        const what = el?.closest('text.x-title') ? 'title' : r.attributeName ? `${el?.getAttribute('class') ?? el?.tagName}@${r.attributeName}` : `${el?.getAttribute('class') ?? el?.tagName}:children`;
        seen.push(what);
      }
    });
    for (const svg of document.querySelectorAll('[data-testid="traces"], svg.raster-axes')) {
      observer.observe(svg, { subtree: true, attributes: true, childList: true, characterData: true });
    }
    (window as unknown as { stopWrites: () => void }).stopWrites = () => observer.disconnect();
  });
  const before = await sampleCount(page);
  await expect.poll(() => sampleCount(page)).toBeGreaterThan(before + 200);
  const writes = await page.evaluate(() => {
    const w = window as unknown as { writes: string[]; stopWrites: () => void };
    w.stopWrites();
    return w.writes;
  });
  const count = (what: string) => writes.filter((x) => x === what).length;
  // The counting works: the lines moved (the ticks' writes: the next test).
  expect(count('trace-line@d')).toBeGreaterThan(5);
  for (const what of ['x-axis@transform', 'trace-line@stroke', 'trace-line@data-neuron', 'chart@data-variable']) {
    expect({ what, writes: count(what) }).toEqual({ what, writes: 0 });
  }
  // A title changes only with the unit (on a slow machine the run may pass 10 s meanwhile: ms to s).
  expect(count('title')).toBeLessThanOrEqual(2);
});

/**
 * A scrolling time axis gains a tick and loses one every tenth of a second or so (at 1x). d3's axis
 * wrote every tick's text again each time, and Chromium shapes and lays out a written text again; now
 * only an entering tick gets its text and place, and one transform moves the ticks together.
 */
test('while the run scrolls, the text of a time tick is written only when the tick enters, and the ticks move as one group', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  // Past the 1 s window, so that the axes scroll and ticks come and go.
  await expect.poll(() => simTime(page), { timeout: 30_000 }).toBeGreaterThan(1200);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { tickWrites: string[] }).tickWrites = seen;
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        if (!el?.closest('g.x-axis')) continue;
        if (r.type === 'childList' && el.tagName === 'text') seen.push('text');
        else if (r.type === 'childList') for (const node of r.addedNodes) if (node instanceof Element && node.classList.contains('tick')) seen.push('entered');
        if (r.attributeName === 'transform') seen.push(`${el.getAttribute('class')}@transform`);
      }
    });
    for (const svg of document.querySelectorAll('[data-testid="traces"], svg.raster-axes')) {
      observer.observe(svg, { subtree: true, attributes: true, childList: true, characterData: true });
    }
    (window as unknown as { stopTickWrites: () => void }).stopTickWrites = () => observer.disconnect();
  });
  const start = await simTime(page);
  await expect.poll(() => simTime(page), { timeout: 30_000 }).toBeGreaterThan(start + 800);
  const writes = await page.evaluate(() => {
    const w = window as unknown as { tickWrites: string[]; stopTickWrites: () => void };
    w.stopTickWrites();
    return w.tickWrites;
  });
  const count = (what: string) => writes.filter((x) => x === what).length;
  // The run scrolled: ticks entered on both axes, and the groups moved in many frames.
  expect(count('entered')).toBeGreaterThanOrEqual(4);
  // Each entering tick's text and place once (the traces' upper charts have empty texts, written
  // likewise); the ticks already there keep theirs, and their group moves in every frame.
  expect(count('text')).toBeLessThanOrEqual(count('entered'));
  expect(count('tick@transform')).toBeLessThanOrEqual(count('entered'));
  expect(count('ticks@transform')).toBeGreaterThan(count('entered'));
});

/**
 * The traces redraw with every Worker frame, and Chromium rasters them again each time. A stroke no
 * wider than a device pixel is drawn as a hairline in one pass; a wider one is outlined segment by
 * segment with its joins, which took most of the raster threads' time while the run scrolled and left
 * less of a busy machine to deliver a slider's pointer moves. Presenting on a projector, they are wide.
 */
test('the trace lines are one device pixel wide (hairlines), wider when presenting', async ({ page }) => {
  await openLab(page);
  await stepHundreds(page, 1);
  const widths = () => page.locator('[data-testid="traces"] path.trace-line').evaluateAll((paths) =>
    paths.map((p) => parseFloat(getComputedStyle(p).strokeWidth) * window.devicePixelRatio));
  const normal = await widths();
  expect(normal.length).toBeGreaterThan(0);
  for (const w of normal) expect(w).toBeLessThanOrEqual(1);
  await page.locator('body').press('p');
  await expect(page.getByTestId('present')).toHaveAttribute('aria-pressed', 'true');
  for (const w of await widths()) expect(w).toBeGreaterThan(2);
});
