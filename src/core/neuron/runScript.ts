/** The export's run.py: the same script for every experiment; it reads network.json and the data files. */
export const RUN_PY = String.raw`"""Runs a Spiking Lab experiment on NEURON (written by the lab's "Run on NEURON" export; see README.md).

    mpiexec -n 4 python3 run.py     (or: python3 run.py)

Writes spikes.csv (time_ms,neuron, as the lab writes it), when the experiment watches neurons traces.csv,
and when it has plastic synapses their final weights, weights.csv, in this folder.
"""
import glob
import json
import os
import sys

from neuron import h

h.nrnmpi_init()  # MPI when started by mpiexec; a no-op otherwise
HERE = os.path.dirname(os.path.abspath(__file__))
pc = h.ParallelContext()
RANK, HOSTS = int(pc.id()), int(pc.nhost())
# NEURON aborts a parallel run that makes no progress for 20 s of wall time; a busy machine or a large
# network's first exchange can take longer.
pc.timeout(0)

if not hasattr(h, "IzhikevichLab"):
    # NEURON loads x86_64/.libs/libnrnmech.so from the working folder by itself; Debian's nrnivmodl
    # leaves x86_64/libnrnmech.so (its special fails to build), so load what nrnivmodl built here.
    built = sorted(glob.glob(os.path.join(HERE, "*", "libnrnmech.so")) + glob.glob(os.path.join(HERE, "*", ".libs", "libnrnmech.so")))
    if not built:
        sys.exit("no compiled mechanisms: run 'nrnivmodl mechanisms' in %s first (see README.md)" % HERE)
    h.nrn_load_dll(built[0])

with open(os.path.join(HERE, "network.json")) as f:
    net = json.load(f)
dt = net["dt"]
steps = net["steps"]
neurons = net["neurons"]
n = len(neurons)
cells_spec = net["cells"]
channels = net["channels"]
sections = net["sections"]
types = net["synapseTypes"]
rules = net["rules"]


def owner(gid):
    """Round robin: gid i on rank i % processes (all on rank 0 when write-up synapses couple voltages)."""
    return 0 if net["oneRank"] else gid % HOSTS


mine = [gid for gid in range(n) if owner(gid) == RANK]
mine_set = set(mine)

# Synapses onto this rank's cells, in the lab's order (line s is synapse s: by presynaptic neuron, then row).
incoming = {gid: [] for gid in mine}
synapse_count = 0
max_delay = 0
min_delay = None
for path in net["synapseFiles"]:
    with open(os.path.join(HERE, path)) as f:
        fields = f.read().split()  # whole columns at once: a million synapses read in about a second
    delays = [int(x) for x in fields[4::5]]
    if delays:
        max_delay = max(max_delay, max(delays))
        min_delay = min(delays) if min_delay is None else min(min_delay, min(delays))
    for k, post in enumerate(map(int, fields[1::5])):
        own = incoming.get(post)
        if own is not None:
            own.append((synapse_count + k, int(fields[5 * k]), int(fields[5 * k + 2]), float(fields[5 * k + 3]), delays[k]))
    synapse_count += len(delays)
    del fields, delays


def read_rows(spec, places):
    """Rows places (0-based target places) of an input's data files, as lists of floats."""
    rows = {}
    per_file = spec["rowsPerFile"]
    for part in sorted({j // per_file for j in places}):
        with open(os.path.join(HERE, spec["files"][part])) as f:
            for k, line in enumerate(f):
                j = part * per_file + k
                if j in places:
                    rows[j] = [float(x) for x in line.split()]
    return rows


# Per input, this rank's target places and their data rows.
inputs = []
for spec in net["inputs"]:
    places = {gid: j for j, gid in enumerate(spec["targets"]) if gid in mine_set}
    # A recorded current is one row for all its targets.
    wanted = {0} if spec["kind"] == "recorded" else set(places.values())
    rows = read_rows(spec, wanted) if "files" in spec and places else {}
    inputs.append((spec, places, rows))


watched = set(net["watch"])
# Trace variables: their place in the cell's samples, and their column names in traces.csv (as the lab's).
VARIABLES = {"v": (0, "v (mV)"), "u": (1, "u"), "g": (2, "g (nS)"), "isyn": (3, "I_syn (pA)"), "iext": (4, "I_in (pA)")}


def arrival_code(kind):
    """Where an arrival of synapse type kind lands in the cell: a channel, a current section (write-up synapses: their own)."""
    t = types[kind]
    return t["index"] if t["kind"] == "channel" else len(channels) + t["index"]


def cell_program(gid):
    """The Vector IzhikevichLab.setup reads (its layout is labParse's in the mechanism)."""
    p = [gid, dt, net["substeps"], steps, 1 if net["hasVariants"] else 0, 1 if gid in watched else 0]
    p += [cells_spec[k][gid] for k in ("p2", "p1", "p0", "a", "b", "vb", "ur", "c", "d", "vpeak", "v0", "u0", "invC")]
    p.append(len(channels))
    for ch in channels:
        p += [ch["gbase"], ch["erev"], ch["mean"], ch["decay"], ch["feed"], ch["gNow"]]
    p += [len(sections), net["ring"]] + sections
    writeups = [(s, pre, kind) for (s, pre, kind, w, d) in incoming[gid] if types[kind]["kind"] == "writeup"]
    p.append(len(writeups))
    for s, pre, kind in writeups:
        t = types[kind]
        p += [pre, t["gbase"], t["mean"], t["decay"], t["sign"]]
    own = [(spec, places[gid], rows) for (spec, places, rows) in inputs if gid in places]
    p.append(len(own))
    for spec, j, rows in own:
        kind = spec["kind"]
        if kind == "constant":
            p += [0, spec["amplitude"]]
        elif kind == "pulse":
            p += [1, spec["amplitude"], spec["start"]]
            for key in ("duration", "period", "slope"):
                p += [1, spec[key]] if key in spec else [0, 0]
        elif kind == "noise":
            p += [2, spec["holdSteps"], len(rows[j])] + rows[j]
        elif kind == "recorded":
            p += [3, 1, len(rows[0])] + rows[0]
        elif kind == "poisson":
            p += [4, spec["channel"], spec["weight"], len(rows[j]) // 2] + rows[j]
    p.append(len(rules))
    for rule in rules:
        p += [rule["aPlus"], rule["aMinus"], rule["tauPlus"], rule["tauMinus"], rule["wMax"],
              1 if rule["pairing"] == "nearest" else 0, 1 if rule["update"] == "multiplicative" else 0]
    plastic = [(types[kind]["rule"], w, arrival_code(kind)) for (s, pre, kind, w, d) in incoming[gid] if "rule" in types[kind]]
    p.append(len(plastic))
    for rule, w, code in plastic:
        p += [rule, w, code]
    return p


min_steps = min_delay if min_delay is not None else 2
# A synapse of D steps has the NetCon delay (D - 1/4) dt (see the mechanism). NEURON's shortest delay
# must exceed its step (it exchanges spikes between processes at most once a step), so with one-step
# synapses NEURON steps dt / 2; the cells still take the lab's steps of dt, in self-events.
h.dt = dt if min_steps >= 2 else dt / 2
h.CVode().active(0)  # the fixed step: the lab's
cells = {}
for gid in mine:
    cell = h.IzhikevichLab()
    cell.setup(h.Vector(cell_program(gid)))
    cells[gid] = cell
    pc.set_gid2node(gid, RANK)
    pc.cell(gid, h.NetCon(cell, None))

# Arrivals carry (weight, where they land in the cell, order, plastic place): the lab adds a step's arrivals
# in the order the spikes fired (firing step, then presynaptic neuron, then row), those of plastic synapses
# after the others (stdp.ts delivers them last), which the cell sorts them back into. A plastic synapse's
# weight is the cell's (its place among the cell's plastic synapses), not the NetCon's.
netcons = []
plastic_synapses = {}  # gid: [(synapse, pre)] in the cell's order
for gid in mine:
    writeup_place = 0
    plastic_place = 0
    plastic_synapses[gid] = []
    for s, pre, kind, weight, delay in incoming[gid]:
        t = types[kind]
        if t["kind"] == "writeup":
            code = len(channels) + len(sections) + writeup_place
            writeup_place += 1
        else:
            code = arrival_code(kind)
        order = (max_delay - delay) * synapse_count + s
        syn = -1
        if "rule" in t:
            order += (max_delay + 1) * synapse_count
            syn = plastic_place
            plastic_place += 1
            plastic_synapses[gid].append((s, pre))
        nc = pc.gid_connect(pre, cells[gid])
        nc.weight[0] = weight
        nc.weight[1] = code
        nc.weight[2] = order
        nc.weight[3] = syn
        nc.delay = (delay - 0.25) * dt
        netcons.append(nc)
del incoming  # the NetCons hold it now

spike_times = h.Vector()
spike_gids = h.Vector()
pc.spike_record(-1, spike_times, spike_gids)


# Spikes cross between processes every min-delay ms (the shortest synaptic delay).
pc.set_maxstep((min_steps - 0.25) * dt)
h.finitialize(-65)
# Half a step past the end, so that rounding in NEURON's clock cannot drop the last step (the cells stop there).
pc.psolve(steps * dt + h.dt / 2)


def format_time(t):
    """The lab's formatTime: the step grid's value with at most six decimals (0.3, 100)."""
    x = float("%.6f" % t)
    return str(int(x)) if x.is_integer() else repr(x)


# A spike of step m is sent at m dt + dt/8.
local_spikes = [(int(round(t / dt - 0.125)), int(g)) for t, g in zip(spike_times, spike_gids)]
# The cells keep their watched values after each step (the lab's samples at (m + 1) dt).
local_traces = [(gid, variable, [cells[gid].traceat(k, VARIABLES[variable][0]) for k in range(steps)])
                for gid in net["watch"] if gid in cells for variable in net["variables"]]
failed = [neurons[gid] for gid, cell in cells.items() if cell.failed]
# Plastic synapses' final weights, from their postsynaptic cells: (synapse, pre, post, weight).
local_weights = [(s, pre, gid, cells[gid].plweight(k)) for gid in mine for k, (s, pre) in enumerate(plastic_synapses[gid])]
gathered = pc.py_gather((local_spikes, local_traces, failed, local_weights), 0)
if RANK == 0:
    spikes = sorted(x for part in gathered for x in part[0])
    with open(os.path.join(HERE, "spikes.csv"), "w") as f:
        f.write("time_ms,neuron\n")
        for step, gid in spikes:
            f.write("%s,%s\n" % (format_time(step * dt), neurons[gid]))
    series = {(gid, variable): values for part in gathered for gid, variable, values in part[1]}
    if series:
        columns = [(gid, variable) for gid in net["watch"] for variable in net["variables"]]
        with open(os.path.join(HERE, "traces.csv"), "w") as f:
            f.write(",".join(["time_ms"] + ["%s %s" % (neurons[gid], VARIABLES[v][1]) for gid, v in columns]) + "\n")
            for k in range(steps):
                f.write(",".join([format_time((k + 1) * dt)] + [repr(series[c][k]) for c in columns]) + "\n")
    if rules:
        weights = sorted(x for part in gathered for x in part[3])
        with open(os.path.join(HERE, "weights.csv"), "w") as f:
            f.write("pre,post,weight\n")
            for s, pre, post, w in weights:
                f.write("%s,%s,%s\n" % (neurons[pre], neurons[post], repr(w)))
    for part in gathered:
        for name in part[2]:
            print("neuron %s: v or u became NaN or infinite; it stopped stepping" % name)
    print("%s: %d spikes from %d neurons in %s ms on %d process(es) -> spikes.csv" % (net["name"], len(spikes), n, format_time(steps * dt), HOSTS))
pc.barrier()
pc.done()
h.quit()
`;
