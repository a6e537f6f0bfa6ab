import { CounterStream, triple32 } from '../counterRandom.ts';
import { portableExp } from '../portableMath.ts';
import { Random } from '../random.ts';
import { PAPER_STEP_MS, wholeSteps, type CompiledInput, type CompiledNetwork } from '../engine/network.ts';

/**
 * The random draws the lab's engine makes for noise and Poisson inputs (Simulation.applyInputs and
 * heldNormals in simulation.ts), made the same way from the same streams, so an export can write
 * them out instead of drawing anew.
 */

/** Noise current (mean + sd z) of each target place, one value per hold interval: values[place][interval]. */
export function drawnNoise(net: CompiledNetwork, input: CompiledInput, steps: number): number[][] {
  const spec = input.spec;
  if (spec.kind !== 'noise') throw new Error(`input "${spec.id}" is not noise`);
  const holdSteps = wholeSteps(spec.hold ?? PAPER_STEP_MS, net.dt);
  const intervals = Math.ceil(steps / holdSteps);
  const places = input.targets.length;
  const values = Array.from({ length: places }, () => new Array<number>(intervals));
  const z = new Float64Array(places);
  if (net.randomDraws === 'polar-stream') {
    const random = new Random(net.seed, `input:${spec.id}`);
    for (let m = 0; m < intervals; m++) {
      random.fillNormal(z);
      for (let j = 0; j < places; j++) values[j][m] = spec.mean + spec.sd * z[j];
    }
  } else {
    // A draw is keyed by the target's place j in the input's targets (see Simulation.hashedTargets).
    const draws = new CounterStream(net.seed, `input:${spec.id}`);
    for (let m = 0; m < intervals; m++) {
      draws.setInterval(m);
      for (let j = 0; j < places; j++) values[j][m] = spec.mean + spec.sd * draws.normal(j);
    }
  }
  return values;
}

/** Poisson counts of each target place as (step, count) pairs, for the steps with a count above zero. */
export function drawnPoisson(net: CompiledNetwork, input: CompiledInput, steps: number): number[][] {
  const spec = input.spec;
  if (spec.kind !== 'poisson') throw new Error(`input "${spec.id}" is not Poisson`);
  const places = input.targets.length;
  const events = Array.from({ length: places }, () => [] as number[]);
  const mean = (spec.rate * net.dt) / 1000;
  if (net.randomDraws === 'polar-stream') {
    const random = new Random(net.seed, `input:${spec.id}`);
    for (let m = 0; m < steps; m++) {
      for (let j = 0; j < places; j++) {
        const count = random.poisson(mean);
        if (count > 0) events[j].push(m, count);
      }
    }
  } else {
    const draws = new CounterStream(net.seed, `input:${spec.id}`);
    const zeroProbability = portableExp(-mean);
    for (let m = 0; m < steps; m++) {
      draws.setInterval(m);
      for (let j = 0; j < places; j++) {
        const count = draws.poisson(triple32(j), mean, zeroProbability);
        if (count > 0) events[j].push(m, count);
      }
    }
  }
  return events;
}
