import { expect, test } from '@playwright/test';
import { openLab, sampleCount, startPacerDrag } from './lab.ts';

/**
 * A slider drag applies one value per animation frame (src/ui/frameCoalescer.ts): whatever the drag
 * does on the way, the value the slider is released at must be the one the Worker runs with. The
 * Worker's own frames say so: the pacer's I_in trace is the current its constant input delivers.
 */
test('a slider dragged while running leaves the Worker on the released value', async ({ page }) => {
  // Keep, from each simulation frame, the last I_in sample of the pacer (what the Worker applied).
  await page.addInitScript(() => {
    const NativeWorker = window.Worker;
    const seen = { iext: Number.NaN, frames: 0 };
    (window as unknown as { pacerInput: typeof seen }).pacerInput = seen;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (event: MessageEvent) => {
          const data: unknown = event.data;
          if (typeof data !== 'object' || data === null || !('type' in data) || data.type !== 'frame' || !('frame' in data)) return;
          const frame = data.frame as { watch: string[]; variables: string[]; traceTimes: Float64Array; traces: Float32Array };
          const w = frame.watch.indexOf('pacer');
          const k = frame.variables.indexOf('iext');
          const samples = frame.traceTimes.length;
          if (w < 0 || k < 0 || samples === 0) return;
          const stride = frame.watch.length * frame.variables.length;
          seen.iext = frame.traces[(samples - 1) * stride + w * frame.variables.length + k];
          seen.frames++;
        });
      }
    };
  });
  await openLab(page);
  const pacerInput = () => page.evaluate(() => (window as unknown as { pacerInput: { iext: number; frames: number } }).pacerInput);

  await page.getByTestId('neuron-select').selectOption('pacer');
  await page.getByRole('checkbox', { name: /I_in/ }).check();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect.poll(async () => (await pacerInput()).iext).toBe(6);

  const slider = page.getByTestId('input-pacer-drive-amplitude-slider');
  await slider.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="input-pacer-drive-amplitude-slider"]');
    const values = new Set<string>();
    (window as unknown as { slid: Set<string> }).slid = values;
    el?.addEventListener('input', (e) => values.add((e.currentTarget as HTMLInputElement).value));
  });
  const box = await slider.boundingBox();
  if (!box) throw new Error('the amplitude slider is not visible');
  const y = box.y + box.height / 2;
  const at = (f: number) => box.x + box.width * f;
  // Back and forth over most of the range, then released at about 70%: far from where it started.
  await page.mouse.move(at(0.45), y);
  await page.mouse.down();
  const drawsBefore = await plotDraws();
  for (let k = 0; k < 60; k++) await page.mouse.move(at(0.1 + 0.8 * Math.abs(Math.sin(k / 6))), y);
  // The plots take turns while a slider is dragged (src/ui/dragFrames.ts): both still draw.
  await expect.poll(async () => {
    const now = await plotDraws();
    return now.raster > drawsBefore.raster && now.samples > drawsBefore.samples;
  }).toBe(true);
  await page.mouse.move(at(0.7), y);
  await page.mouse.up();

  const distinct = await page.evaluate(() => (window as unknown as { slid: Set<string> }).slid.size);
  expect(distinct).toBeGreaterThan(10);
  const released = Number(await slider.inputValue());
  expect(released).not.toBe(6);
  expect(released).toBeGreaterThan(15);
  await expect(page.getByTestId('run-state')).toHaveText('running');
  // The number box (the store's experiment) and the Worker's input current both end on it.
  await expect(page.getByTestId('input-pacer-drive-amplitude')).toHaveValue(String(released));
  await expectWorkerInput(released);

  // 100 input events within one task (one frame): the page applies one, and it must be the last.
  const burstEnd = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="input-pacer-drive-amplitude-slider"]');
    // React watches the element's own value property: set it through the prototype's, as typing would.
    const value = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
    if (!(el instanceof HTMLInputElement) || !value) throw new Error('no amplitude slider');
    for (let k = 0; k < 100; k++) {
      value.set?.call(el, String(30 - k * 0.5));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return Number(el.value);
  });
  expect(burstEnd).toBe(-19.5);
  await expect(page.getByTestId('input-pacer-drive-amplitude')).toHaveValue('-19.5');
  await expectWorkerInput(-19.5);
  await expect(page.getByTestId('run-state')).toHaveText('running');

  /** The raster's draws so far and the samples the traces have drawn. */
  async function plotDraws(): Promise<{ raster: number; samples: number }> {
    return {
      raster: Number(await page.getByTestId('raster').getAttribute('data-draws')),
      samples: await sampleCount(page),
    };
  }

  /** Waits for frames the Worker sent after now, and expects their input current to be `value`. */
  async function expectWorkerInput(value: number): Promise<void> {
    const framesBefore = (await pacerInput()).frames;
    await expect.poll(async () => {
      const seen = await pacerInput();
      return seen.frames > framesBefore + 5 ? seen.iext : Number.NaN;
    }).toBe(value);
  }
});

/**
 * While a slider is dragged the plots draw in every other frame (src/ui/dragFrames.ts); the clock is
 * written in those frames only, so the time it shows is the time of what is drawn, and the frames
 * between carry no text to lay out. Frames are counted by requestAnimationFrame, as the plots count them.
 */
test('while a slider is dragged, the clock changes only in the frames the plots draw in', async ({ page }) => {
  const { box, y } = await startPacerDrag(page, 0.45);
  await page.evaluate(() => {
    const record = { frame: 0, clockFrames: [] as number[], on: true };
    (window as unknown as { clockRecord: typeof record }).clockRecord = record;
    const clock = document.querySelector('[data-testid="sim-time"]');
    if (!clock) throw new Error('no clock');
    // The lab's frame loops run before this one in each frame: their writes carry this frame's number.
    new MutationObserver(() => {
      if (record.on) record.clockFrames.push(record.frame);
    }).observe(clock, { childList: true, characterData: true, subtree: true });
    const count = (): void => {
      record.frame++;
      if (record.on) requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
  });
  for (let k = 0; k < 40; k++) await page.mouse.move(box.x + box.width * (0.2 + 0.5 * Math.abs(Math.sin(k / 5))), y);
  const frames = await page.evaluate(() => {
    const record = (window as unknown as { clockRecord: { clockFrames: number[]; on: boolean } }).clockRecord;
    record.on = false;
    return record.clockFrames;
  });
  await page.mouse.up();
  // The clock moved on during the drag, never in two frames in a row.
  expect(frames.length).toBeGreaterThan(5);
  const consecutive = frames.filter((f, k) => k > 0 && f === frames[k - 1] + 1);
  expect({ changes: frames.length, inConsecutiveFrames: consecutive.length }).toEqual({ changes: frames.length, inConsecutiveFrames: 0 });
});
