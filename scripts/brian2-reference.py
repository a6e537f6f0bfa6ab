#!/usr/bin/python3
"""Reference spike times from Brian2 for the lab's engine to be compared against.

Writes test/fixtures/brian2-reference.json. Run with Brian2 installed (Debian: apt-get install
python3-brian):  /usr/bin/python3 scripts/brian2-reference.py

Each scenario is a small circuit of Izhikevich (2003) neurons and expOneSynapse-style conductance
synapses, integrated by Brian2 with forward Euler at dt = 0.005 ms; the test runs the same circuits in
the lab's engine at the same step and compares spike times. (Both converge to the same solution as dt
shrinks; at a common small step what remains is the schemes' ordering of the v and u updates.)
"""
import json
import sys
from pathlib import Path

import brian2
from brian2 import NeuronGroup, Synapses, SpikeMonitor, Network, ms, defaultclock, prefs

prefs.codegen.target = 'numpy'
DT = 0.005  # ms

EQS = '''
dv/dt = (0.04*v**2 + 5*v + 140 - u + I + gE*(0 - v) + gI*(-80 - v)) / ms : 1
du/dt = a*(b*v - u) / ms : 1
dgE/dt = -gE / (5*ms) : 1
dgI/dt = -gI / (10*ms) : 1
I : 1
a : 1
b : 1
c : 1
d : 1
'''

SCENARIOS = [
    {
        'name': 'rs-constant-10',
        'neurons': [{'id': 'n', 'a': 0.02, 'b': 0.2, 'c': -65, 'd': 8, 'v0': -70, 'I': 10}],
        'connections': [],
    },
    {
        'name': 'chattering-constant-10',
        'neurons': [{'id': 'n', 'a': 0.02, 'b': 0.2, 'c': -50, 'd': 2, 'v0': -70, 'I': 10}],
        'connections': [],
    },
    {
        'name': 'excitatory-conductance',
        'neurons': [
            {'id': 'pre', 'a': 0.02, 'b': 0.2, 'c': -65, 'd': 8, 'v0': -70, 'I': 10},
            {'id': 'post', 'a': 0.02, 'b': 0.2, 'c': -65, 'd': 8, 'v0': -70, 'I': 2},
        ],
        # gbase 0.5 nS, tau 5 ms, E_rev 0 mV, weight 1.2, delay 2 ms
        'connections': [{'pre': 'pre', 'post': 'post', 'kind': 'E', 'gbase': 0.5, 'weight': 1.2, 'delay': 2}],
    },
    {
        'name': 'inhibitory-conductance',
        'neurons': [
            {'id': 'pre', 'a': 0.1, 'b': 0.2, 'c': -65, 'd': 2, 'v0': -70, 'I': 5},
            {'id': 'post', 'a': 0.02, 'b': 0.2, 'c': -65, 'd': 8, 'v0': -70, 'I': 20},
        ],
        # gbase 1 nS, tau 10 ms, E_rev -80 mV, weight 1, delay 1 ms
        'connections': [{'pre': 'pre', 'post': 'post', 'kind': 'I', 'gbase': 1.0, 'weight': 1.0, 'delay': 1}],
    },
]
DURATION = 500  # ms


def run(scenario):
    defaultclock.dt = DT * ms
    neurons = scenario['neurons']
    group = NeuronGroup(len(neurons), EQS, threshold='v >= 30', reset='v = c; u += d', method='euler', dt=DT * ms)
    for k, n in enumerate(neurons):
        group.a[k] = n['a']
        group.b[k] = n['b']
        group.c[k] = n['c']
        group.d[k] = n['d']
        group.v[k] = n['v0']
        group.u[k] = n['b'] * n['v0']
        group.I[k] = n['I']
    index = {n['id']: k for k, n in enumerate(neurons)}
    objects = [group]
    for c in scenario['connections']:
        syn = Synapses(group, group, on_pre=f"g{c['kind']}_post += {c['gbase'] * c['weight']}")
        syn.connect(i=index[c['pre']], j=index[c['post']])
        # Brian applies an event after the state update of the step it arrives in, so its effect starts
        # one step later than the lab's; subtract one step to describe the same circuit.
        syn.delay = (c['delay'] - DT) * ms
        objects.append(syn)
    monitor = SpikeMonitor(group)
    objects.append(monitor)
    Network(*objects).run(DURATION * ms)
    spikes = {n['id']: [] for n in neurons}
    for i, t in zip(monitor.i, monitor.t / ms):
        spikes[neurons[int(i)]['id']].append(round(float(t), 6))
    return spikes


def main():
    out = {
        'generator': f'scripts/brian2-reference.py with Brian2 {brian2.__version__}, Euler at dt = {DT} ms',
        'duration': DURATION,
        'scenarios': [dict(s, spikes=run(s)) for s in SCENARIOS],
    }
    path = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'brian2-reference.json'
    path.write_text(json.dumps(out, indent=1) + '\n')
    print(f'wrote {path}', file=sys.stderr)


if __name__ == '__main__':
    main()
