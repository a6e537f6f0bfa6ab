import { useRef } from 'react';
import { formatAchievedSpeed } from '../format.ts';
import { liveData } from '../liveData.ts';
import { useAnimationFrame } from '../hooks.ts';
import { BOTTLENECK_TEXT, bottleneckOf, FrameRate, pagePerf } from '../performance.ts';
import { useLabStore } from '../store.ts';

/**
 * Real-time factor, the page's frames per second and what limits the run (the simulation in the
 * Worker, or the drawing on the page). Written to the DOM twice a second, without React renders.
 */
export function PerformanceMeter() {
  const speedRef = useRef<HTMLSpanElement>(null);
  const fpsRef = useRef<HTMLSpanElement>(null);
  const limitRef = useRef<HTMLSpanElement>(null);
  const rate = useRef(new FrameRate());

  useAnimationFrame(() => {
    if (!rate.current.tick(performance.now())) return;
    const { status, network } = useLabStore.getState();
    const running = status.state === 'running';
    const fps = rate.current.fps;
    const busy = liveData.workerBusy;
    const verdict = bottleneckOf({ running, speed: status.speed, achieved: status.achievedSpeed, busy, fps });
    const speed = speedRef.current;
    if (speed) {
      speed.textContent = formatAchievedSpeed(running ? status.achievedSpeed : 0);
      speed.dataset.value = String(running ? status.achievedSpeed : 0);
    }
    const fpsEl = fpsRef.current;
    if (fpsEl) {
      fpsEl.textContent = `${fps.toFixed(0)} fps`;
      fpsEl.dataset.value = fps.toFixed(1);
      fpsEl.title = `Raster drawing ${pagePerf.rasterMs.toFixed(1)} ms a frame`;
    }
    const limit = limitRef.current;
    if (limit) {
      limit.textContent = `limit: ${BOTTLENECK_TEXT[verdict]}`;
      limit.dataset.value = verdict;
      limit.title = network
        ? `The Worker steps ${(busy * 100).toFixed(0)}% of its time; the raster takes ${pagePerf.rasterMs.toFixed(1)} ms a frame`
        : '';
    }
  });

  return (
    <p className="performance-meter muted" data-testid="performance-meter">
      <span className="visually-hidden">Performance: </span>
      <span ref={speedRef} data-testid="meter-speed" data-value="0">
        {formatAchievedSpeed(0)}
      </span>
      <span aria-hidden="true"> {'\u00b7'} </span>
      <span ref={fpsRef} data-testid="meter-fps" data-value="0">
        {'\u2013'} fps
      </span>
      <span aria-hidden="true"> {'\u00b7'} </span>
      <span ref={limitRef} data-testid="meter-bottleneck" data-value="idle">
        limit: {BOTTLENECK_TEXT.idle}
      </span>
    </p>
  );
}
