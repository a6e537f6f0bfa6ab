import { describe, expect, it } from 'vitest';
import { longTasks, longTaskText } from '../bench/pageProfile.ts';
import { summarizeSliderTrace } from '../bench/sliderTrace.ts';

/** A complete event on the renderer's main thread (pid 1, tid 7), times in ms. */
const x = (name: string, at: number, wall: number, cpu: number, data?: Record<string, string>, cat = 'devtools.timeline') =>
  ({ ph: 'X', name, cat, pid: 1, tid: 7, ts: at * 1000, dur: wall * 1000, tdur: cpu * 1000, ...(data ? { args: { data } } : {}) });

describe('longTasks (bench:page --trace)', () => {
  it('finds the main thread tasks over 50 ms with their CPU time and outermost parts, longest first', () => {
    const trace = {
      traceEvents: [
        { ph: 'M', name: 'thread_name', pid: 1, tid: 7, args: { name: 'CrRendererMain' } },
        { ph: 'M', name: 'thread_name', pid: 1, tid: 9, args: { name: 'DedicatedWorker thread' } },
        x('RunTask', 0, 20, 19),
        x('RunTask', 100, 120, 30),
        x('ThreadControllerImpl::RunTask', 100, 120, 30, undefined, 'toplevel'), // a wrapper: seen through
        x('ProxyMain::BeginMainFrame', 100.5, 119, 29, undefined, 'cc,benchmark'),
        x('FunctionCall', 101, 40, 20, { functionName: 'frame' }),
        x('FunctionCall', 105, 10, 5, { functionName: 'inner' }), // inside the one above: not counted again
        x('Paint', 150, 30, 6, undefined, 'devtools.timeline,rail'),
        x('FunctionCall', 190, 5, 2, { functionName: 'frame' }),
        x('RunTask', 300, 60, 58),
        { ...x('RunTask', 400, 500, 500), tid: 9 }, // a Worker's task: not the main thread
      ],
    };
    const tasks = longTasks(JSON.stringify(trace));
    expect(tasks.map((t) => [t.atMs, t.wallMs, t.cpuMs])).toEqual([[100, 120, 30], [300, 60, 58]]);
    expect(tasks[0].top).toEqual([
      { name: 'FunctionCall (frame)', wallMs: 45, cpuMs: 22 },
      { name: 'Paint', wallMs: 30, cpuMs: 6 },
    ]);
    expect(tasks[1].top).toEqual([]);
    expect(longTaskText(tasks)).toContain('120.0 ms wall, 30.0 ms CPU');
    expect(longTaskText(tasks)).toContain('2 tasks; longest 120.0 ms wall (30.0 ms CPU); CPU 49% of their wall time');
    expect(longTasks(JSON.stringify(trace), 100).length).toBe(1);
  });
});

describe('summarizeSliderTrace (bench:page --slider --trace)', () => {
  it('counts each main-thread task once and the time per second of each kind, overlaps once', () => {
    const trace = [
      { ph: 'M', name: 'thread_name', pid: 1, tid: 7, args: { name: 'CrRendererMain' } },
      x('RunTask', 0, 20, 19),
      x('ThreadControllerImpl::RunTask', 0, 20, 19, undefined, 'toplevel'),
      x('FireAnimationFrame', 1, 10, 9),
      x('RunTask', 100, 60, 30),
      x('ThreadControllerImpl::RunTask', 100, 60, 30, undefined, 'toplevel'),
      x('FireAnimationFrame', 100, 40, 20),
      x('Commit', 150, 8, 8),
      x('Paint', 152, 4, 4), // inside the Commit: counted once
      x('RunTask', 900, 100, 90),
    ];
    const s = summarizeSliderTrace(JSON.stringify(trace));
    expect(s.seconds).toBe(1);
    expect([s.tasks, s.longTasks, s.longestTask]).toEqual([3, 2, 100]);
    expect(s.perSecond['animation frames (the plots)']).toBe(50);
    expect(s.perSecond['paint and commit']).toBe(8);
  });
});
