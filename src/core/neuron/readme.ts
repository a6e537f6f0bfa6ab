import type { CompiledNetwork } from '../engine/network.ts';
import type { Experiment } from '../experiment/types.ts';

/** The exported folder's README: what is in it, the two commands (and what Debian's NEURON needs), the notes. */
export function neuronReadme(experiment: Experiment, net: CompiledNetwork, processes: number, notes: readonly string[]): string {
  const synapses = net.synapses.post.length;
  const lines = [
    `# ${experiment.name}, for NEURON`,
    '',
    `Exported by Spiking Lab: ${net.neuronCount.toLocaleString('en-US')} neurons, ${synapses.toLocaleString('en-US')} synapses, ` +
      `${experiment.simulation.duration} ms in steps of ${net.dt} ms (${net.scheme === 'izhikevich2003' ? 'the 2003 half-steps for v' : 'the Euler step'}).`,
    'The network is the one the lab built, with every value it drew written out (cell parameters, wiring, weights,',
    'delays, noise and Poisson draws), and the cells are stepped with the lab\'s arithmetic, so the spikes are the lab\'s.',
    '',
    '## Run it',
    '',
    'In this folder, with NEURON 8 (Python module `neuron`) and, for several processes, MPI:',
    '',
    '```sh',
    'nrnivmodl mechanisms',
    `mpiexec -n ${processes} python3 run.py     # or: python3 run.py`,
    '```',
    '',
    'run.py writes `spikes.csv` (`time_ms,neuron`, sorted as the lab sorts: by time, then neuron) and, for the',
    'watched neurons, `traces.csv`. The spikes do not depend on the number of processes.',
    ...(net.plasticity
      ? ['The plastic synapses\' weights at the end go to `weights.csv` (`pre,post,weight`, one line per plastic synapse in', 'the order of `synapses.txt`), the same whatever the number of processes.']
      : []),
    '',
    '### Debian and Ubuntu (`apt install neuron neuron-dev python3-neuron openmpi-bin`)',
    '',
    'NEURON 8.2.2 as Debian packages it needs two things for `nrnivmodl`: the linker must find `libnrniv`',
    '(`LIBRARY_PATH=/usr/lib/nrn`), and `nrnivmodl` looks for `nrnmech_makefile` in /usr/bin while it is in',
    '/usr/lib/nrn. Without root, point it there through `NRNHOME_EXEC`:',
    '',
    '```sh',
    'mkdir -p nrnfix/bin && ln -sf /usr/lib/nrn/nrnmech_makefile nrnfix/bin/',
    'NRNHOME_EXEC=$PWD/nrnfix LIBRARY_PATH=/usr/lib/nrn nrnivmodl mechanisms',
    '```',
    '',
    '(or once, as root: `ln -s /usr/lib/nrn/nrnmech_makefile /usr/bin/`). It then stops with an error while building',
    'the `special` executable (`ivstream.h` is missing) after it has built `x86_64/libnrnmech.so`, which is all run.py',
    'needs: run.py loads that library itself when NEURON did not.',
    '',
    'Open MPI refuses to start as root without `--allow-run-as-root`, and more processes than cores without',
    `\`--oversubscribe\`: \`mpiexec --allow-run-as-root --oversubscribe -n ${processes} python3 run.py\`.`,
    '',
    '## What is here',
    '',
    '- `run.py`: builds the network with ParallelContext (gid = the neuron\'s place in the lab, cells dealt round robin',
    '  over the processes, each built only on its own process, synapses by `pc.gid_connect`), runs it with the',
    '  fixed step `dt`, gathers the spikes and traces on process 0.',
    '- `mechanisms/IzhikevichLab.mod`: the lab\'s cell as an artificial cell, with its synapses and inputs, stepped',
    '  exactly as the lab steps it (src/core/engine/simulation.ts).',
    '- `network.json`: neurons, their drawn parameters, synapse types, inputs, what is watched.',
    '- `synapses.txt`: one synapse per line, `pre post type weight delay_steps` (neurons by place, types by place',
    '  in network.json).',
    ...(net.inputs.some((input) => input.spec.kind === 'noise' || input.spec.kind === 'poisson' || input.spec.kind === 'recorded')
      ? ['- `inputs/`: per noise input, one line per target with the current of each hold interval; per Poisson input,', '  one line per target with (step, count) pairs; per recorded current, its values, one per step.']
      : []),
    '',
    '## Differences from the lab',
    '',
    ...(notes.length > 0 ? notes.map((note) => `- ${note}`) : ['None: NEURON runs this experiment as the lab does.']),
    '- Live edits made while the lab runs are not part of the experiment file, so not of this export.',
    '',
  ];
  return lines.join('\n');
}
