/** A CSV cell as a message quotes it: a long one is cut, so a hostile file cannot make a huge message. */
export function shownCell(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);
}
