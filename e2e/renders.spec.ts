import { expect, test } from '@playwright/test';
import { openLab } from './lab.ts';

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
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('pacer');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');

  const slider = page.getByTestId('input-pacer-drive-amplitude-slider');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error('the amplitude slider is not visible');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.4, y);
  await page.mouse.down();
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
