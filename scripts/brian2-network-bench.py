#!/usr/bin/python3
"""The Izhikevich (2003) network in Brian2, timed the way `npm run bench` times the lab's engine.

    /usr/bin/python3 scripts/brian2-network-bench.py SIZE K SECONDS

SIZE neurons (4/5 excitatory), each sending K synapses (all-to-all when K == SIZE), run for one
warm-up second and then SECONDS measured seconds of simulated time. With --paced, before each
measured second it prints `brian2-ready` and waits for a line on stdin (so that the caller can
alternate seconds with the lab's). Prints a few human lines on stderr and one line on stdout for
`bench/network.ts` to parse:

    brian2: N=<n> K=<k> synapses=<m> build=<s> s <x> s/sim-s cpu=<c> s/sim-s rate=<hz> Hz maxrss=<kib> KiB seconds=<w1>,...

(<x> is the median wall time per simulated second, <c> the median CPU time of the process.)

The model is the lab's izhikevich2003Network(SIZE, K) (src/core/experiment/examples.ts):
- cells: a = 0.02, b = 0.2, c = -65 + 15 r^2, d = 8 - 6 r^2 (excitatory); a = 0.02 + 0.08 r,
  b = 0.25 - 0.05 r, c = -65, d = 2 (inhibitory); v0 = -65, u0 = b v0;
- the 2003 scheme at dt = 1 ms: two half-steps of v, then one step of u from the new v; spike at
  v >= 30, then v = c, u += d;
- thalamic noise 5 randn (excitatory) or 2 randn (inhibitory), a fresh draw every millisecond;
- current synapses: a spike adds w to the target's input current for the next step (the lab's delay
  of one step and pulse of 1 ms); w ~ U(0, 0.5 s) from excitatory, U(-s, 0) from inhibitory neurons,
  s = 1000 / K (1 when all-to-all).
Brian2 runs its state update (the groups slot) before thresholds, synaptic propagation and resets,
so an on_pre with no delay adds to Isyn after this step's update and the next step uses it: the
same timing as the lab's delay of one step. Isyn is cleared once the update has used it.

Connectivity: the lab gives each neuron K distinct sources (fixed in-degree); Brian2's fast
generator syntax draws targets per source, so here each neuron sends 0.8 K synapses to distinct
excitatory and 0.2 K to distinct inhibitory neurons (fixed out-degree, the same number of synapses
of each kind and the same mean input per neuron). Autapses are allowed, as in the lab's network.

One thread: Brian2's Cython runtime mode (the issue's "Brian2 2.5.1, Cython") runs in the calling
thread; OpenMP/BLAS threads are pinned to 1 anyway. Code generation and compilation are kept out of
both timings: a small network with the same code is built and run first (Brian2 caches compiled
Cython code by its text, so the real network reuses it), and one warm-up second runs before the
measured seconds.
"""
import os

os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')

import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import brian2  # noqa: E402
import numpy as np  # noqa: E402
from brian2 import NeuronGroup, Synapses, Network, ms, prefs, seed  # noqa: E402

prefs.codegen.target = 'cython'
prefs.logging.console_log_level = 'WARNING'

DT = 1.0  # ms

# The model's equations, for Brian2 to know the variables; they are integrated by izhikevich2003
# below, not by a generic method.
EQUATIONS = '''
dv/dt = (0.04 * v**2 + 5 * v + 140 - u + Isyn) / ms : 1
du/dt = a * (b * v - u) / ms : 1
Isyn : 1
a : 1 (constant)
b : 1 (constant)
c : 1 (constant)
d : 1 (constant)
sigma : 1 (constant)
spike_count : integer
'''


def izhikevich2003(equations, variables=None, method_options=None):
    """The paper's step as Brian2 abstract code (dt = 1 ms): two half-steps of v, then u from the new v.
    The thalamic noise is drawn once per step; Isyn, the synaptic input of the last step, is used
    and cleared. Passing this as the group's method keeps it one code object, like a built-in
    integrator (a run_regularly operation would add one more call per step)."""
    return '''
I = Isyn + sigma * randn()
v_new = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
v_new = v_new + 0.5 * (0.04 * v_new**2 + 5 * v_new + 140 - u + I)
u = u + a * (b * v_new - u)
v = v_new
Isyn = 0
'''


def build(size, k):
    """The network's objects, as in izhikevich2003Network(size, k)."""
    ne = round(0.8 * size)
    ni = size - ne
    all_to_all = k == size
    scale = 1.0 if all_to_all else 1000.0 / k
    # Spikes are counted in the reset (one code object fewer per step than a SpikeMonitor).
    group = NeuronGroup(size, EQUATIONS, threshold='v >= 30', reset='v = c; u += d; spike_count += 1',
                        method=izhikevich2003, dt=DT * ms)
    exc = group[:ne]
    inh = group[ne:]
    # One heterogeneity draw r per neuron, shared by its two parameters, as in the paper.
    re = np.random.random(ne)
    ri = np.random.random(ni)
    exc.a = 0.02
    exc.b = 0.2
    exc.c = -65 + 15 * re**2
    exc.d = 8 - 6 * re**2
    exc.sigma = 5
    inh.a = 0.02 + 0.08 * ri
    inh.b = 0.25 - 0.05 * ri
    inh.c = -65
    inh.d = 2
    inh.sigma = 2
    group.v = -65
    group.u = 'b * v'
    namespace = {'NE': ne, 'WE': 0.5 * scale, 'WI': scale}
    syn = Synapses(group, group, 'w : 1 (constant)', on_pre='Isyn_post += w', dt=DT * ms, namespace=namespace)
    if all_to_all:
        syn.connect(True)
    else:
        to_e = round(0.8 * k)
        syn.connect(j='t for t in sample(0, NE, size=KE)', namespace=dict(namespace, KE=to_e))
        syn.connect(j='t for t in sample(NE, N_post, size=KI)', namespace=dict(namespace, KI=k - to_e))
    syn.w['i < NE'] = 'WE * rand()'
    syn.w['i >= NE'] = '-WI * rand()'
    return Network(group, syn), group, syn


def main():
    paced = sys.argv[4:] == ['--paced']
    if len(sys.argv) != (5 if paced else 4):
        sys.exit('usage: brian2-network-bench.py SIZE K SECONDS [--paced]')
    size, k, seconds = (int(x) for x in sys.argv[1:4])
    if not (size >= 10 and 1 <= k <= size and seconds >= 1):
        sys.exit('expected SIZE >= 10, 1 <= K <= SIZE, SECONDS >= 1')
    seed(1)

    # Compile every code object on a small network with the same code (not timed).
    small = 50
    warm, _, _ = build(small, small if k == size else 10)
    warm.run(2 * ms)

    start = time.perf_counter()
    net, group, syn = build(size, k)
    net.run(0 * ms)  # Brian2 prepares the objects (before_run) here: part of building
    build_seconds = time.perf_counter() - start
    synapses = len(syn)
    print(f'Brian2 {brian2.__version__} ({prefs.codegen.target}): {size} neurons, {synapses} synapses, '
          f'built in {build_seconds:.2f} s', file=sys.stderr)

    net.run(1000 * ms)  # warm-up second
    wall = []
    cpu = []
    rates = []
    count = int(group.spike_count[:].sum())
    for s in range(seconds):
        if paced:
            # Wait for the caller's word: `npm run bench -- --brian2` alternates seconds with the lab.
            print('brian2-ready', flush=True)
            if not sys.stdin.readline():
                break
        t0 = time.perf_counter()
        c0 = time.process_time()
        net.run(1000 * ms)
        elapsed = time.perf_counter() - t0
        cpu.append(time.process_time() - c0)
        total = int(group.spike_count[:].sum())
        spikes = total - count
        count = total
        wall.append(elapsed)
        rates.append(spikes / size)
        print(f'  second {s + 1}: {elapsed:.4f} s (cpu {cpu[-1]:.4f} s), {spikes} spikes, {spikes / size:.2f} Hz', file=sys.stderr)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f'brian2: N={size} K={k} synapses={synapses} build={build_seconds:.3f} s '
          f'{statistics.median(wall):.4f} s/sim-s cpu={statistics.median(cpu):.4f} s/sim-s rate={statistics.median(rates):.2f} Hz maxrss={maxrss} KiB '
          f'seconds={",".join(f"{w:.4f}" for w in wall)}')


if __name__ == '__main__':
    main()
