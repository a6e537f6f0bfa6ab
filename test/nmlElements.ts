/** Reading the export's XML in tests: every element `name` with its attributes (one element per line). */
export function elements(text: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of text.matchAll(new RegExp(`<${name}((?:\\s+[\\w:]+="[^"]*")*)\\s*/?>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    found.push(attrs);
  }
  return found;
}

/**
 * What jnml -validate checks beyond the schema: ids unique at the top level and in the network, every
 * reference (population component, projection populations and synapse, input component, cell paths
 * with an index below the population's size, LEMS paths) to something that exists. Returns the problems.
 */
export function referenceProblems(net: string, lems: string): string[] {
  const problems: string[] = [];
  const TOP = ['alphaSynapse', 'expOneSynapse', 'expTwoSynapse', 'izhikevichCell', 'izhikevich2007Cell', 'pulseGenerator', 'pulseGeneratorDL', 'sineGenerator', 'sineGeneratorDL', 'rampGenerator', 'rampGeneratorDL', 'compoundInput', 'compoundInputDL', 'poissonFiringSynapse', 'transientPoissonFiringSynapse', 'network'];
  const top = TOP.flatMap((name) => elements(net, name).map((a) => ({ name, id: a.id })));
  const seen = new Set<string>();
  for (const { id } of top) {
    if (seen.has(id)) problems.push(`top-level id ${id} repeated`);
    seen.add(id);
  }
  const kinds = new Map(top.map((t) => [t.id, t.name]));
  const populations = new Map(elements(net, 'population').map((p) => [p.id, Number(p.size)]));
  const networkIds = [...populations.keys(), ...elements(net, 'projection').map((p) => p.id), ...elements(net, 'inputList').map((p) => p.id)];
  if (new Set(networkIds).size !== networkIds.length) problems.push('network ids repeated');
  const cellPath = (path: string, where: string) => {
    const m = /^(?:\.\.\/)?([A-Za-z_]\w*)\[(\d+)\]$/.exec(path);
    const size = m ? populations.get(m[1]) : undefined;
    if (!m || size === undefined || Number(m[2]) >= size) problems.push(`${where}: bad cell path ${path}`);
  };
  for (const p of elements(net, 'population')) if (!/Cell$/.test(kinds.get(p.component) ?? '')) problems.push(`population ${p.id}: no cell ${p.component}`);
  for (const p of elements(net, 'projection')) {
    if (!populations.has(p.presynapticPopulation) || !populations.has(p.postsynapticPopulation)) problems.push(`projection ${p.id}: unknown population`);
    if (!/Synapse$/.test(kinds.get(p.synapse) ?? '')) problems.push(`projection ${p.id}: no synapse ${p.synapse}`);
  }
  for (const c of elements(net, 'connectionWD')) {
    cellPath(c.preCellId, 'connectionWD');
    cellPath(c.postCellId, 'connectionWD');
  }
  for (const l of elements(net, 'inputList')) {
    if (!populations.has(l.population)) problems.push(`inputList ${l.id}: unknown population`);
    if (!kinds.has(l.component)) problems.push(`inputList ${l.id}: no input ${l.component}`);
  }
  for (const i of [...elements(net, 'input'), ...elements(net, 'inputW')]) cellPath(i.target, 'input');
  const networkId = elements(net, 'network')[0]?.id;
  if (elements(lems, 'Simulation')[0]?.target !== networkId) problems.push('LEMS target is not the network');
  for (const c of elements(lems, 'OutputColumn')) cellPath(c.quantity.replace(/\/v$/, ''), 'OutputColumn');
  for (const s of elements(lems, 'EventSelection')) cellPath(s.select, 'EventSelection');
  return problems;
}
