/**
 * The page's "are you alive?" to a Worker and the Worker's answer, outside each Worker's own protocol:
 * every Worker answers a ping from its message handler, before its host sees the message, so a Worker
 * busy with a build or a run still answers between its slices.
 */
export interface Ping {
  type: 'ping';
  id: number;
}

export interface Pong {
  type: 'pong';
  id: number;
}

export function isPing(data: unknown): data is Ping {
  return typeof data === 'object' && data !== null && 'type' in data && data.type === 'ping' && 'id' in data && typeof data.id === 'number';
}

export function isPong(data: unknown): data is Pong {
  return typeof data === 'object' && data !== null && 'type' in data && data.type === 'pong' && 'id' in data && typeof data.id === 'number';
}

/** Answers `data` when it is a ping; returns whether it was one. */
export function answerPing(data: unknown, reply: (pong: Pong) => void): boolean {
  if (!isPing(data)) return false;
  reply({ type: 'pong', id: data.id });
  return true;
}
