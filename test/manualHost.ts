/**
 * The environment of a Worker host (iris, analysis) in a test: a clock that moves `tick` ms at every
 * reading, posted events collected in order, and scheduled tasks that run only when the test says so.
 */
export function manualEnvironment<E extends { type: string }>(tick = 1) {
  const events: E[] = [];
  let tasks: (() => void)[] = [];
  let now = 0;
  const env = {
    post: (event: E) => {
      events.push(event);
    },
    now: () => (now += tick),
    schedule: (task: () => void) => {
      tasks.push(task);
    },
  };
  /** Runs up to `limit` queued tasks (and those they queue); returns how many ran. */
  const runTasks = (limit = Infinity) => {
    let ran = 0;
    while (tasks.length > 0 && ran < limit) {
      const [task] = tasks;
      tasks = tasks.slice(1);
      task();
      ran++;
    }
    return ran;
  };
  const of = <T extends E['type']>(type: T) => events.filter((e): e is Extract<E, { type: T }> => e.type === type);
  return { env, events, runTasks, of, pending: () => tasks.length };
}
