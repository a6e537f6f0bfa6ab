/**
 * The performance meter's numbers: the page's frame rate and what holds the lab back, from the
 * Worker's status (achieved speed, busy fraction) and the page's frames. Pure apart from `pagePerf`.
 */
import type { Speed } from '../worker/protocol.ts';

/** Below this frame rate the drawing is what the eye notices. */
export const MIN_FPS = 30;
/**
 * The Worker counts as flat out when it steps this share of its time (the rest goes to building frames
 * and to the timer between chunks).
 */
const BUSY = 0.7;
/** A run below this share of the requested speed is behind. */
const BEHIND = 0.9;

export type Bottleneck = 'idle' | 'neither' | 'simulation' | 'drawing' | 'both';

export interface MeterInput {
  running: boolean;
  speed: Speed;
  /** Simulated ms per wall ms. */
  achieved: number;
  /** Share of the Worker's time spent stepping, 0-1. */
  busy: number;
  /** The page's animation frames per second (0 before it has been measured). */
  fps: number;
}

/**
 * The simulation limits the run when the run is behind the requested speed (or runs as fast as it
 * can) while the Worker steps nearly all the time; the drawing does when frames fall below 30 a second.
 */
export function bottleneckOf(m: MeterInput): Bottleneck {
  if (!m.running) return 'idle';
  const behind = m.speed === 'max' || m.achieved < BEHIND * m.speed;
  const simulation = behind && m.busy >= BUSY;
  const drawing = m.fps > 0 && m.fps < MIN_FPS;
  if (simulation && drawing) return 'both';
  if (simulation) return 'simulation';
  if (drawing) return 'drawing';
  return 'neither';
}

export const BOTTLENECK_TEXT: Record<Bottleneck, string> = {
  idle: 'not running',
  neither: 'none',
  simulation: 'simulation',
  drawing: 'drawing',
  both: 'simulation and drawing',
};

/** Counts animation frames and gives the rate over the last `windowMs` of wall time. */
export class FrameRate {
  private count = 0;
  private since = Number.NaN;
  fps = 0;

  constructor(private readonly windowMs = 500) {}

  /** Call once per animation frame with its timestamp; returns true when `fps` was updated. */
  tick(now: number): boolean {
    if (Number.isNaN(this.since)) {
      this.since = now;
      return false;
    }
    this.count++;
    const elapsed = now - this.since;
    if (elapsed < this.windowMs) return false;
    this.fps = (this.count * 1000) / elapsed;
    this.count = 0;
    this.since = now;
    return true;
  }
}

/** The raster's drawing time per frame, ms (smoothed), written by the raster and read by the meter. */
export const pagePerf = { rasterMs: 0 };
