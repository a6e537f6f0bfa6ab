/**
 * Command-line options of the engine's step benches (bench:phases, bench:noise, bench:kernel): the
 * same flags read the same way, and a bad value stops the bench with a message naming the flag.
 */

/** Prints `command: message` and exits with status 2. */
export function optionFailure(command: string): (message: string) => never {
  return (message: string): never => {
    console.error(`${command}: ${message}`);
    process.exit(2);
  };
}

/**
 * The 2003 network's size from "N" or "N:K" (K inputs per neuron). N alone takes npm run bench's K:
 * all-to-all up to 1,000 neurons, 1,000 inputs up to 10,000, else 100.
 */
export function networkSize(text: string | undefined, fail: (message: string) => never): { size: number; k: number } {
  const [sizeText, kText] = (text ?? '').split(':');
  const size = Number(sizeText);
  const k = kText === undefined ? (size <= 1000 ? size : size <= 10000 ? 1000 : 100) : Number(kText);
  if (!(Number.isInteger(size) && Number.isInteger(k) && size >= 10 && k >= 1 && k <= size)) fail('--size: expected N or N:K, whole numbers, 1 <= K <= N');
  return { size, k };
}

/** A whole number of at least `min` for the flag `option`. */
export function wholeNumber(option: string, text: string | undefined, min: number, fail: (message: string) => never): number {
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= min)) fail(`${option}: expected a whole number >= ${min}`);
  return value;
}
