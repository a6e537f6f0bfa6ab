/**
 * The NeuroML cell the export writes for each lab neuron, shared by the export (which writes it) and
 * the import (which checks that a file's cells are the ones the lab would write for the lab group its
 * metadata names, before it rebuilds that group).
 */
import { drawIzhikevich2007 } from '../engine/compile.ts';
import type { CompiledNetwork } from '../engine/network.ts';
import { izhikevich2003To2007 } from '../experiment/cellMapping.ts';
import type { Experiment, Izhikevich2007Params } from '../experiment/types.ts';
import { Random } from '../random.ts';
import { formatNumber, formatQuantity } from './units.ts';
import type { Attributes } from './xmlWriter.ts';

/** A NeuroML cell component's parameters. */
export type Cell =
  | { element: 'izhikevichCell'; v0: number; thresh: number; a: number; b: number; c: number; d: number }
  | ({ element: 'izhikevich2007Cell' } & Izhikevich2007Params);

/** A lab neuron's parameters as the engine built them. */
export type LabCell =
  | { model: 'izhikevich2003'; a: number; b: number; c: number; d: number; v0: number; u0: number; vpeak: number; p2: number; p1: number; p0: number; vb: number; ur: number }
  | ({ model: 'izhikevich2007' } & Izhikevich2007Params);

/**
 * The NeuroML cell of a lab cell: izhikevichCell when `dl` (a network driven by dimensionless inputs
 * alone), else izhikevich2007Cell, 2003 cells through the exact mapping; or why there is none.
 * `startU` is the 2003 u at which the mapped cell starts (its u = 0).
 */
export function nmlCellOf(cell: LabCell, dl: boolean): { ok: true; cell: Cell; startU?: number } | { ok: false; reason: string } {
  if (cell.model === 'izhikevich2007') return { ok: true, cell: { element: 'izhikevich2007Cell', C: cell.C, k: cell.k, vr: cell.vr, vt: cell.vt, vpeak: cell.vpeak, a: cell.a, b: cell.b, c: cell.c, d: cell.d, v0: cell.v0 } };
  if (dl) return { ok: true, cell: { element: 'izhikevichCell', v0: cell.v0, thresh: cell.vpeak, a: cell.a, b: cell.b, c: cell.c, d: cell.d } };
  const mapped = izhikevich2003To2007({
    a: cell.a, b: cell.b, c: cell.c, d: cell.d, v0: cell.v0, u0: cell.u0, vpeak: cell.vpeak,
    equation: { p1: cell.p1, p0: cell.p0, vb: cell.vb, uRestoring: cell.ur !== 0 },
  });
  if (!mapped.ok) return mapped;
  return { ok: true, cell: { element: 'izhikevich2007Cell', ...mapped.cell }, startU: mapped.startU };
}

/** A cell component's attributes as the export writes them. */
export function cellAttributes(id: string, cell: Cell): Attributes {
  if (cell.element === 'izhikevichCell') {
    return [['id', id], ['v0', formatQuantity(cell.v0, 'voltage')], ['thresh', formatQuantity(cell.thresh, 'voltage')], ['a', formatNumber(cell.a)], ['b', formatNumber(cell.b)], ['c', formatNumber(cell.c)], ['d', formatNumber(cell.d)]];
  }
  return [
    ['id', id],
    ['C', formatQuantity(cell.C, 'capacitance')],
    ['v0', formatQuantity(cell.v0, 'voltage')],
    ['k', formatQuantity(cell.k, 'conductance_per_voltage')],
    ['vr', formatQuantity(cell.vr, 'voltage')],
    ['vt', formatQuantity(cell.vt, 'voltage')],
    ['vpeak', formatQuantity(cell.vpeak, 'voltage')],
    ['a', formatQuantity(cell.a, 'per_time')],
    ['b', formatQuantity(cell.b, 'conductance')],
    ['c', formatQuantity(cell.c, 'voltage')],
    ['d', formatQuantity(cell.d, 'current')],
  ];
}

/** Two cells are the same component when they would be written the same. */
export function sameCell(x: Cell, y: Cell): boolean {
  return x.element === y.element && JSON.stringify(cellAttributes('', x)) === JSON.stringify(cellAttributes('', y));
}

/** The 2003 cell with the paper's equations and u0 = b v0: what izhikevichCell computes. */
export function isPlain2003(cell: LabCell): boolean {
  return cell.model === 'izhikevich2003' && cell.p2 === 0.04 && cell.p1 === 5 && cell.p0 === 140 && cell.vb === 0 && cell.ur === 1 && cell.u0 === cell.b * cell.v0;
}

/**
 * Every neuron's parameters as the engine drew them: 2003 cells from the compiled arrays; izhikevich2007
 * cells from the experiment (a single neuron), or drawn again as the engine draws them (a population:
 * the compiled arrays hold k / C and the like, not the parameters themselves).
 */
export function labCells(experiment: Experiment, compiled: CompiledNetwork): LabCell[] {
  const { cells } = compiled;
  const out: LabCell[] = [];
  const specs = new Map<string, (j: number) => Izhikevich2007Params>();
  for (const neuron of experiment.neurons) {
    if (neuron.model === 'izhikevich2007') specs.set(neuron.id, () => neuron);
  }
  for (const population of experiment.populations) {
    if (population.model !== 'izhikevich2007') continue;
    const random = new Random(compiled.seed, `population:${population.id}`);
    const drawn: Izhikevich2007Params[] = [];
    for (let j = 0; j < population.size; j++) drawn.push(drawIzhikevich2007(population, random, random.uniform()));
    specs.set(population.id, (j) => drawn[j]);
  }
  for (const group of compiled.groups) {
    const spec = specs.get(group.id);
    for (let j = 0; j < group.size; j++) {
      const i = group.start + j;
      if (spec !== undefined) {
        const { C, k, vr, vt, vpeak, a, b, c, d, v0 } = spec(j);
        out.push({ model: 'izhikevich2007', C, k, vr, vt, vpeak, a, b, c, d, v0 });
      } else {
        out.push({
          model: 'izhikevich2003',
          a: cells.a[i], b: cells.b[i], c: cells.c[i], d: cells.d[i], v0: cells.v0[i], u0: cells.u0[i], vpeak: cells.vpeak[i],
          p2: cells.p2[i], p1: cells.p1[i], p0: cells.p0[i], vb: cells.vb[i], ur: cells.ur[i],
        });
      }
    }
  }
  return out;
}
