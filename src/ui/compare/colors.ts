/** The Compare tab's colours: each run's own, and the spikes without a partner. */
export const COMPARE_COLORS = {
  lab: '#1f5fbf',
  other: '#b86200',
  differs: '#c2185b',
} as const;
