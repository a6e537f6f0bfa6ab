/**
 * NeuroML's random spike sources (spikeGeneratorPoisson, spikeGeneratorRefPoisson, spikeGeneratorRandom)
 * and the lab's spikeSource input, both ways: a population whose component is one of them is imported as
 * relay neurons (RELAY_PARAMS) fired by one spikeSource input, and such a population is exported back
 * as that element (lab -> NeuroML -> lab gives the same input, so the same spikes for the same seed).
 */
import type { SpikeSourceSpec } from '../experiment/types.ts';
import { spikeProcessProblems } from '../experiment/validate.ts';
import type { LabCell } from './labCells.ts';
import { formatNumber, formatQuantity, parseQuantity } from './units.ts';
import { describe, tagOf, type XmlElement } from './xml.ts';
import type { Attributes } from './xmlWriter.ts';

/**
 * The cell a spike source runs as: the RS cell with d = 0 at its rest (-70 mV), which a one-step current
 * of SPIKE_SOURCE_CURRENT (spikeSources.ts of the engine) fires in that very step whatever its state,
 * and which returns to rest in between without firing.
 */
export const RELAY_PARAMS = { a: 0.02, b: 0.2, c: -65, d: 0, v0: -70, vpeak: 30 } as const;

/** Whether the engine built this neuron as a relay cell (RELAY_PARAMS, the 2003 equations, u0 = b v0). */
export function isRelayCell(cell: LabCell): boolean {
  const r = RELAY_PARAMS;
  return cell.model === 'izhikevich2003' && cell.a === r.a && cell.b === r.b && cell.c === r.c && cell.d === r.d && cell.v0 === r.v0 && cell.vpeak === r.vpeak
    && cell.u0 === r.b * r.v0 && cell.p2 === 0.04 && cell.p1 === 5 && cell.p0 === 140 && cell.vb === 0 && cell.ur === 1;
}

export const SPIKE_SOURCE_ELEMENTS = { poisson: 'spikeGeneratorPoisson', refPoisson: 'spikeGeneratorRefPoisson', uniform: 'spikeGeneratorRandom' } as const;
export const RANDOM_SPIKE_SOURCES: ReadonlySet<string> = new Set(Object.values(SPIKE_SOURCE_ELEMENTS));

export type SpikeProcessSpec = SpikeSourceSpec extends infer T ? (T extends unknown ? Omit<T, 'id' | 'kind' | 'target'> : never) : never;

/** A rate in Hz from 1/ms, without the float noise of * 1000. */
const hertz = (perMs: number): number => Number((perMs * 1000).toPrecision(15));

/** Why an element cannot be read (a message naming it and its attribute). */
class Unreadable extends Error {}

/** The process of a random spike source element, or why it cannot be read. */
export function readRandomSpikeSource(el: XmlElement): { ok: true; spec: SpikeProcessSpec } | { ok: false; message: string } {
  try {
    const spec = readProcess(el);
    // The lab's own rules last (e.g. its highest rate): a source it cannot run is skipped by name, not the file.
    const problems = spikeProcessProblems(spec);
    if (problems.length > 0) return { ok: false, message: `${describe(el)}: ${problems.join('; ')}` };
    return { ok: true, spec };
  } catch (e) {
    if (e instanceof Unreadable) return { ok: false, message: e.message };
    throw e;
  }
}

function readProcess(el: XmlElement): SpikeProcessSpec {
  const quantity = (name: string, dimension: 'time' | 'per_time'): number => {
    const text = el.getAttribute(name);
    if (text === null || text.trim() === '') throw new Unreadable(`${describe(el)}: attribute ${name} is missing`);
    const parsed = parseQuantity(text, dimension);
    if (!parsed.ok) throw new Unreadable(`${describe(el)}: ${name}: ${parsed.message}`);
    return parsed.value;
  };
  const rate = (): number => {
    const perMs = quantity('averageRate', 'per_time');
    if (!(perMs > 0)) throw new Unreadable(`${describe(el)}: averageRate must be above 0, got ${hertz(perMs)} Hz`);
    return hertz(perMs);
  };
  switch (tagOf(el)) {
    case 'spikeGeneratorPoisson':
      return { process: 'poisson', rate: rate() };
    case 'spikeGeneratorRefPoisson': {
      const r = rate();
      const minISI = quantity('minimumISI', 'time');
      if (!(minISI >= 0 && minISI <= 1000 / r)) throw new Unreadable(`${describe(el)}: minimumISI must be between 0 and the mean interval 1 / averageRate = ${1000 / r} ms, got ${minISI} ms`);
      return { process: 'refPoisson', rate: r, minISI };
    }
    default: {
      const minISI = quantity('minISI', 'time');
      const maxISI = quantity('maxISI', 'time');
      if (!(minISI >= 0 && maxISI > 0 && maxISI >= minISI)) throw new Unreadable(`${describe(el)}: needs 0 <= minISI <= maxISI and maxISI > 0, got ${minISI} and ${maxISI} ms`);
      return { process: 'uniform', minISI, maxISI };
    }
  }
}

/** The element and attributes a spikeSource input is written as. */
export function spikeSourceElement(id: string, spec: SpikeSourceSpec): { element: (typeof SPIKE_SOURCE_ELEMENTS)[keyof typeof SPIKE_SOURCE_ELEMENTS]; attributes: Attributes } {
  const element = SPIKE_SOURCE_ELEMENTS[spec.process];
  switch (spec.process) {
    case 'poisson':
      return { element, attributes: [['id', id], ['averageRate', `${formatNumber(spec.rate)}Hz`]] };
    case 'refPoisson':
      return { element, attributes: [['id', id], ['averageRate', `${formatNumber(spec.rate)}Hz`], ['minimumISI', formatQuantity(spec.minISI, 'time')]] };
    case 'uniform':
      return { element, attributes: [['id', id], ['maxISI', formatQuantity(spec.maxISI, 'time')], ['minISI', formatQuantity(spec.minISI, 'time')]] };
  }
}
