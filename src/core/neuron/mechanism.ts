/** The NMODL mechanism of an export (mechanisms/IzhikevichLab.mod): the same text for every experiment. */
export const MECHANISM_NAME = 'IzhikevichLab';

export const IZHIKEVICH_LAB_MOD = String.raw`COMMENT
Spiking Lab's cell (the quadratic kernel of the Izhikevich 2003 cell, its 2004 variants and the 2007 cell),
its synapses and its inputs as one artificial cell stepped with the lab's arithmetic, so that fixed-step NEURON gives the
lab's spikes. Lab step m (of dt ms) runs in a self-event at m dt + dt/8 and sends its spike then; run.py
gives a synapse of D steps the NetCon delay (D - 1/4) dt, so the spike arrives at (m + D) dt - dt/8, after
the target's step m + D - 1 and before its step m + D, whatever order NEURON delivers events of equal
time in (and inside one of NEURON's steps, of dt or dt/2, never on the edge between two). Arrivals of one step are added in the lab's order (the order weight of each NetCon). See
src/core/engine/simulation.ts for the order of operations within a step, which labStep follows.
A plastic (STDP) synapse's weight and presynaptic trace live here, in its postsynaptic cell (stdp.ts):
its arrival transmits the weight, then depresses it; the cell's spike potentiates its plastic synapses.
setup() takes one Vector describing the cell (written by run.py from network.json).
ENDCOMMENT

NEURON {
  ARTIFICIAL_CELL IzhikevichLab
  RANGE vcell, ucell, failed
}

ASSIGNED {
  vcell ucell failed
  space
}

VERBATIM
#pragma GCC optimize ("fp-contract=off")
#include <math.h>
#include <stdlib.h>
#include <string.h>
extern void* vector_arg(int);
extern int vector_instance_px(void*, double**);

/* Input kinds in setup's Vector. */
#define IN_CONSTANT 0
#define IN_PULSE 1
#define IN_NOISE 2
#define IN_RECORDED 3
#define IN_POISSON 4

typedef struct { double order, w, code, syn; } Arrival;
/* An STDP rule (PlasticitySpec). */
typedef struct { double aPlus, aMinus, tauPlus, tauMinus, wMax; int nearest, multiplicative; } LabRule;
typedef struct {
  int kind;
  double amp, start, duration, period, slope; int hasDuration, hasPeriod, hasSlope;
  int hold, count, channel, cursor; double weight;
  double* values; /* noise: one value per hold interval; recorded: per step; poisson: (step, count) pairs */
} LabInput;

typedef struct LabCell {
  int gid, substeps, nsteps, steps, hasVariants, failed;
  double dtl, p2, p1, p0, a, b, vb, ur, c, d, vpeak, v0, u0, invC;
  double vm, um, vstart;
  /* Conductance channels (conductanceChannels.ts): an output channel takes feed times the next (entry) one. */
  int nch; double *gbase, *erev, *mean, *decay, *feed, *gnow, *s, *slotch;
  int nsec, ring; int* pulse; double* slotsec; /* nsec * ring */
  int nw; int* wpre; double *wgbase, *wmean, *wdecay, *wsign, *ws, *slotw;
  int nin; LabInput* in;
  /* STDP: every rule's postsynaptic trace of this cell (changed at its spikes), and its plastic synapses. */
  int nrule; LabRule* rules; double *posttrace; double poststep;
  int npl; int *plrule; double *plw0, *plcode, *plw, *pretrace, *prestep;
  int narr, caparr; Arrival* arr;
  double* traces; /* watched cells: v, u, g, isyn, iext after each step (5 per step), else 0 */
} LabCell;

/* Cells of this process by gid, for the write-up synapse, which reads v of its presynaptic cell. */
static LabCell** labCells = 0;
static int labCellCount = 0;

static void labRegister(LabCell* cell) {
  if (cell->gid >= labCellCount) {
    int n = cell->gid + 1 > 2 * labCellCount ? cell->gid + 1 : 2 * labCellCount;
    labCells = (LabCell**)realloc(labCells, n * sizeof(LabCell*));
    for (int k = labCellCount; k < n; k++) labCells[k] = 0;
    labCellCount = n;
  }
  labCells[cell->gid] = cell;
}

static void labReset(LabCell* cell) {
  cell->vm = cell->v0; cell->um = cell->u0; cell->vstart = cell->v0;
  cell->steps = 0; cell->failed = 0; cell->narr = 0;
  for (int k = 0; k < cell->nch; k++) cell->s[k] = 0;
  for (int r = 0; r < cell->nrule; r++) cell->posttrace[r] = 0;
  cell->poststep = 0;
  for (int k = 0; k < cell->npl; k++) { cell->plw[k] = cell->plw0[k]; cell->pretrace[k] = 0; cell->prestep[k] = 0; }
  for (int k = 0; k < cell->nsec * cell->ring; k++) cell->slotsec[k] = 0;
  for (int k = 0; k < cell->nw; k++) cell->ws[k] = 0;
  for (int k = 0; k < cell->nin; k++) cell->in[k].cursor = 0;
}

static double* labDoubles(int n) { return (double*)calloc(n > 0 ? n : 1, sizeof(double)); }

/* Reads setup's Vector (layout written by run.py, cell_program). */
static LabCell* labParse(double* x, int size) {
  LabCell* cell = (LabCell*)calloc(1, sizeof(LabCell));
  int p = 0;
  #define NEXT (x[p++])
  cell->gid = (int)NEXT; cell->dtl = NEXT; cell->substeps = (int)NEXT; cell->nsteps = (int)NEXT; cell->hasVariants = (int)NEXT;
  if ((int)NEXT) cell->traces = labDoubles(5 * cell->nsteps);
  cell->p2 = NEXT; cell->p1 = NEXT; cell->p0 = NEXT; cell->a = NEXT; cell->b = NEXT; cell->vb = NEXT; cell->ur = NEXT;
  cell->c = NEXT; cell->d = NEXT; cell->vpeak = NEXT; cell->v0 = NEXT; cell->u0 = NEXT; cell->invC = NEXT;
  cell->nch = (int)NEXT;
  cell->gbase = labDoubles(cell->nch); cell->erev = labDoubles(cell->nch); cell->mean = labDoubles(cell->nch);
  cell->decay = labDoubles(cell->nch); cell->feed = labDoubles(cell->nch); cell->gnow = labDoubles(cell->nch);
  cell->s = labDoubles(cell->nch); cell->slotch = labDoubles(cell->nch);
  for (int k = 0; k < cell->nch; k++) {
    cell->gbase[k] = NEXT; cell->erev[k] = NEXT; cell->mean[k] = NEXT; cell->decay[k] = NEXT; cell->feed[k] = NEXT; cell->gnow[k] = NEXT;
  }
  cell->nsec = (int)NEXT; cell->ring = (int)NEXT;
  cell->pulse = (int*)calloc(cell->nsec > 0 ? cell->nsec : 1, sizeof(int));
  for (int k = 0; k < cell->nsec; k++) cell->pulse[k] = (int)NEXT;
  cell->slotsec = labDoubles(cell->nsec * cell->ring);
  cell->nw = (int)NEXT;
  cell->wpre = (int*)calloc(cell->nw > 0 ? cell->nw : 1, sizeof(int));
  cell->wgbase = labDoubles(cell->nw); cell->wmean = labDoubles(cell->nw); cell->wdecay = labDoubles(cell->nw);
  cell->wsign = labDoubles(cell->nw); cell->ws = labDoubles(cell->nw); cell->slotw = labDoubles(cell->nw);
  for (int k = 0; k < cell->nw; k++) { cell->wpre[k] = (int)NEXT; cell->wgbase[k] = NEXT; cell->wmean[k] = NEXT; cell->wdecay[k] = NEXT; cell->wsign[k] = NEXT; }
  cell->nin = (int)NEXT;
  cell->in = (LabInput*)calloc(cell->nin > 0 ? cell->nin : 1, sizeof(LabInput));
  for (int k = 0; k < cell->nin; k++) {
    LabInput* in = &cell->in[k];
    in->kind = (int)NEXT;
    switch (in->kind) {
      case IN_CONSTANT: in->amp = NEXT; break;
      case IN_PULSE:
        in->amp = NEXT; in->start = NEXT;
        in->hasDuration = (int)NEXT; in->duration = NEXT; in->hasPeriod = (int)NEXT; in->period = NEXT;
        in->hasSlope = (int)NEXT; in->slope = NEXT; break;
      case IN_NOISE: case IN_RECORDED:
        in->hold = (int)NEXT; in->count = (int)NEXT; in->values = labDoubles(in->count);
        for (int j = 0; j < in->count; j++) in->values[j] = NEXT;
        break;
      case IN_POISSON:
        in->channel = (int)NEXT; in->weight = NEXT; in->count = (int)NEXT; in->values = labDoubles(2 * in->count);
        for (int j = 0; j < 2 * in->count; j++) in->values[j] = NEXT;
        break;
    }
  }
  cell->nrule = (int)NEXT;
  cell->rules = (LabRule*)calloc(cell->nrule > 0 ? cell->nrule : 1, sizeof(LabRule));
  cell->posttrace = labDoubles(cell->nrule);
  for (int r = 0; r < cell->nrule; r++) {
    LabRule* rule = &cell->rules[r];
    rule->aPlus = NEXT; rule->aMinus = NEXT; rule->tauPlus = NEXT; rule->tauMinus = NEXT; rule->wMax = NEXT;
    rule->nearest = (int)NEXT; rule->multiplicative = (int)NEXT;
  }
  cell->npl = (int)NEXT;
  cell->plrule = (int*)calloc(cell->npl > 0 ? cell->npl : 1, sizeof(int));
  cell->plw0 = labDoubles(cell->npl); cell->plcode = labDoubles(cell->npl); cell->plw = labDoubles(cell->npl);
  cell->pretrace = labDoubles(cell->npl); cell->prestep = labDoubles(cell->npl);
  for (int k = 0; k < cell->npl; k++) { cell->plrule[k] = (int)NEXT; cell->plw0[k] = NEXT; cell->plcode[k] = NEXT; }
  #undef NEXT
  if (p != size) { free(cell); return 0; }
  cell->caparr = 16; cell->arr = (Arrival*)malloc(cell->caparr * sizeof(Arrival));
  labRegister(cell);
  labReset(cell);
  return cell;
}

static void labArrive(LabCell* cell, double w, double code, double order, double syn) {
  if (!cell) return;
  if (cell->narr == cell->caparr) { cell->caparr *= 2; cell->arr = (Arrival*)realloc(cell->arr, cell->caparr * sizeof(Arrival)); }
  Arrival* a = &cell->arr[cell->narr++];
  a->order = order; a->w = w; a->code = code; a->syn = syn;
}

/* portableExp (src/core/portableMath.ts), operation for operation: the lab's STDP decays use it. */
static double labInverseFactorials[15];
static int labExpReady = 0;

static double labExp(double x) {
  if (!labExpReady) {
    labInverseFactorials[0] = 1;
    for (int n = 1; n < 15; n++) labInverseFactorials[n] = labInverseFactorials[n - 1] / n;
    labExpReady = 1;
  }
  if (isnan(x)) return NAN;
  if (x > 709) return INFINITY;
  if (x < -708) return 0;
  double y = x * 1.44269504088896338700;
  /* Math.round: the nearest whole number, halves upwards (y - floor(y) is exact here). */
  double k = floor(y);
  if (y - k >= 0.5) k += 1;
  double r = x - k * 6.93147180369123816490e-1 - k * 1.90821492927058770002e-10;
  double sum = labInverseFactorials[14];
  for (int n = 13; n >= 0; n--) sum = sum * r + labInverseFactorials[n];
  return sum * ldexp(1.0, (int)k);
}

static double labClip(double w, double wMax) { return w < 0 ? 0 : w > wMax ? wMax : w; }

/* Plastic synapse k arrived in step m (StdpRun.arrive, after it transmitted its weight): depression, then its trace. */
static void labDepress(LabCell* cell, int k, int m) {
  LabRule* rule = &cell->rules[cell->plrule[k]];
  double w = cell->plw[k];
  double post = cell->posttrace[cell->plrule[k]];
  if (post > 0) {
    double x = post * labExp(-((m - cell->poststep) * cell->dtl) / rule->tauMinus);
    double scale = rule->multiplicative ? w / rule->wMax : 1;
    cell->plw[k] = labClip(w - rule->aMinus * x * scale, rule->wMax);
  }
  double pre = cell->pretrace[k];
  cell->pretrace[k] = rule->nearest || pre == 0 ? 1 : pre * labExp(-((m - cell->prestep[k]) * cell->dtl) / rule->tauPlus) + 1;
  cell->prestep[k] = m;
}

/* The cell spiked in step m (StdpRun.postSpike): potentiation of its plastic synapses, then its traces. */
static void labPotentiate(LabCell* cell, int m) {
  for (int k = 0; k < cell->npl; k++) {
    double pre = cell->pretrace[k];
    if (pre == 0) continue;
    LabRule* rule = &cell->rules[cell->plrule[k]];
    double x = pre * labExp(-((m - cell->prestep[k]) * cell->dtl) / rule->tauPlus);
    cell->plw[k] = labClip(cell->plw[k] + rule->aPlus * x, rule->wMax);
  }
  for (int r = 0; r < cell->nrule; r++) {
    double trace = cell->posttrace[r];
    cell->posttrace[r] = cell->rules[r].nearest || trace == 0 ? 1 : trace * labExp(-((m - cell->poststep) * cell->dtl) / cell->rules[r].tauMinus) + 1;
  }
  cell->poststep = m;
}

static int labByOrder(const void* x, const void* y) {
  double a = ((const Arrival*)x)->order, b = ((const Arrival*)y)->order;
  return a < b ? -1 : a > b ? 1 : 0;
}

/* The lab's pulsePhase (simulation.ts): time since the current pulse began, or -1 when off. */
static double labPulsePhase(LabInput* in, double tnow, double dtl) {
  double eps = dtl * 1e-6;
  if (tnow + eps < in->start) return -1;
  double phase = tnow - in->start;
  if (in->hasPeriod && in->period > 0) phase -= floor((phase + eps) / in->period) * in->period;
  if (in->hasDuration && !(phase + eps < in->duration)) return -1;
  return phase > 0 ? phase : 0;
}

/* v of cell gid at the start of step m (it may have taken step m already). */
static double labVAtStart(int gid, int m) {
  LabCell* pre = gid < labCellCount ? labCells[gid] : 0;
  if (!pre) return NAN;
  return pre->steps > m ? pre->vstart : pre->vm;
}

/* One lab step (m = cell->steps); returns 1 when the cell spiked. */
static int labStep(LabCell* cell, double* trace) {
  int m = cell->steps;
  double dtl = cell->dtl;
  double tnow = m * dtl;
  int slot = m % cell->ring;
  /* 1. Arrivals due now, summed in the lab's order (firing step, presynaptic neuron, row; plastic synapses after
     the others) into an empty slot. A plastic one transmits its weight now, then learns. */
  if (cell->narr > 1) qsort(cell->arr, cell->narr, sizeof(Arrival), labByOrder);
  for (int k = 0; k < cell->nch; k++) cell->slotch[k] = 0;
  for (int g = 0; g < cell->nsec; g++) cell->slotsec[g * cell->ring + slot] = 0;
  for (int k = 0; k < cell->nw; k++) cell->slotw[k] = 0;
  for (int k = 0; k < cell->narr; k++) {
    int code = (int)cell->arr[k].code;
    int syn = (int)cell->arr[k].syn;
    double w = syn >= 0 ? cell->plw[syn] : cell->arr[k].w;
    if (code < cell->nch) cell->slotch[code] += w;
    else if (code < cell->nch + cell->nsec) cell->slotsec[(code - cell->nch) * cell->ring + slot] += w;
    else cell->slotw[code - cell->nch - cell->nsec] += w;
    if (syn >= 0) labDepress(cell, syn, m);
  }
  cell->narr = 0;
  for (int k = 0; k < cell->nch; k++) cell->s[k] += cell->slotch[k];
  double current = 0;
  int first = 1;
  for (int g = 0; g < cell->nsec; g++) {
    for (int back = 0; back < cell->pulse[g]; back++) {
      int r = (m - back) % cell->ring;
      if (r < 0) r += cell->ring;
      double value = m - back >= 0 ? cell->slotsec[g * cell->ring + r] : 0;
      if (first) { current = value; first = 0; } else current += value;
    }
  }
  for (int k = 0; k < cell->nw; k++) cell->ws[k] += cell->slotw[k];
  /* 2. Inputs, in the experiment's order. */
  double external = 0;
  for (int k = 0; k < cell->nin; k++) {
    LabInput* in = &cell->in[k];
    switch (in->kind) {
      case IN_CONSTANT: external += in->amp; break;
      case IN_PULSE: {
        double phase = labPulsePhase(in, tnow, dtl);
        if (phase >= 0) external += in->hasSlope ? in->amp + in->slope * phase : in->amp;
        break;
      }
      case IN_NOISE: {
        int interval = m / in->hold;
        if (interval < in->count) external += in->values[interval];
        break;
      }
      case IN_RECORDED:
        if (m < in->count) external += in->values[m];
        break;
      case IN_POISSON:
        while (in->cursor < in->count && in->values[2 * in->cursor] < m) in->cursor++;
        if (in->cursor < in->count && in->values[2 * in->cursor] == m) cell->s[in->channel] += in->values[2 * in->cursor + 1] * in->weight;
        break;
    }
  }
  /* Write-up synapses, from v at the start of the step. */
  double vG = 0, vGE = 0, vX = 0;
  for (int k = 0; k < cell->nw; k++) {
    double g = cell->wgbase[k] * cell->wmean[k] * cell->ws[k];
    double vpre = labVAtStart(cell->wpre[k], m);
    double vpost = cell->vm;
    if (cell->wsign[k] * (vpre - vpost) >= 0) { vG += g; vGE += g * vpre; }
    else vX += cell->wsign[k] * g * fabs(vpre - vpost);
  }
  /* 3.-4. The neuron. */
  double G = 0, GE = 0;
  for (int k = 0; k < cell->nch; k++) {
    double g = cell->gbase[k] * cell->mean[k] * cell->s[k];
    G += g;
    GE += g * cell->erev[k];
  }
  double I = external + current;
  if (cell->hasVariants) { G += vG; GE += vGE; I += vX; }
  double vi = cell->vm, ui = cell->um;
  double h = dtl / cell->substeps;
  /* Currents and u over C (1 for the 2003 cell, where multiplying by it changes no bit). */
  double sC = cell->invC;
  double uS = ui * sC, IS = I * sC, GES = GE * sC;
  double implicitScale = 1 / (1 + h * (G * sC));
  vi = (vi + h * (cell->p2 * (vi * vi) + cell->p1 * vi + cell->p0 - uS + IS + GES)) * implicitScale;
  if (cell->substeps == 2) vi = (vi + h * (cell->p2 * (vi * vi) + cell->p1 * vi + cell->p0 - uS + IS + GES)) * implicitScale;
  double uNext = ui + dtl * cell->a * (cell->b * (vi - cell->vb) - cell->ur * ui);
  int spiked = 0;
  if (!isfinite(vi) || !isfinite(uNext)) cell->failed = 1;
  else if (vi >= cell->vpeak) { vi = cell->c; uNext += cell->d; spiked = 1; labPotentiate(cell, m); }
  cell->vstart = cell->vm;
  cell->vm = vi;
  cell->um = uNext;
  double vClipped = spiked ? cell->vpeak : vi < cell->vpeak ? vi : cell->vpeak;
  trace[3] = GE - G * vClipped + current + (cell->hasVariants ? vX : 0);
  /* 5. Exact decay; an output channel takes from the entry channel after it, which has not decayed yet. */
  for (int k = 0; k < cell->nch; k++) {
    if (cell->feed[k] != 0) cell->s[k] = cell->decay[k] * cell->s[k] + cell->feed[k] * cell->s[k + 1];
    else cell->s[k] *= cell->decay[k];
  }
  for (int k = 0; k < cell->nw; k++) cell->ws[k] *= cell->wdecay[k];
  double gsum = 0;
  for (int k = 0; k < cell->nch; k++) gsum += cell->gnow[k] * cell->s[k];
  for (int k = 0; k < cell->nw; k++) gsum += cell->wgbase[k] * cell->ws[k];
  trace[0] = spiked ? cell->vpeak : vi;
  trace[1] = uNext;
  trace[2] = gsum;
  trace[4] = external;
  if (cell->traces) memcpy(cell->traces + 5 * m, trace, 5 * sizeof(double));
  cell->steps = m + 1;
  return spiked;
}
ENDVERBATIM

PROCEDURE setup() {
  VERBATIM
  { double* x; int size = vector_instance_px(vector_arg(1), &x);
    LabCell** slot = (LabCell**)(&space);
    *slot = labParse(x, size);
    if (!*slot) hoc_execerror("IzhikevichLab.setup: the Vector does not have the layout run.py writes", 0);
    vcell = (*slot)->vm; ucell = (*slot)->um;
  }
  ENDVERBATIM
}

FUNCTION dtlab() {
  VERBATIM
  { LabCell* cell = *((LabCell**)(&space)); _ldtlab = cell ? cell->dtl : 1; }
  ENDVERBATIM
}

FUNCTION stepcell() {
  VERBATIM
  { LabCell* cell = *((LabCell**)(&space));
    double trace[5];
    _lstepcell = 0;
    if (cell && !cell->failed && cell->steps < cell->nsteps) {
      _lstepcell = labStep(cell, trace);
      vcell = cell->vm; ucell = cell->um; failed = cell->failed;
    }
  }
  ENDVERBATIM
}

FUNCTION traceat(k, j) {
  VERBATIM
  { LabCell* cell = *((LabCell**)(&space)); int k = (int)_lk, j = (int)_lj;
    _ltraceat = cell && cell->traces && k >= 0 && k < cell->steps && j >= 0 && j < 5 ? cell->traces[5 * k + j] : NAN; }
  ENDVERBATIM
}

: The weight of the cell's plastic synapse k now (in the order setup's Vector lists them).
FUNCTION plweight(k) {
  VERBATIM
  { LabCell* cell = *((LabCell**)(&space)); int k = (int)_lk;
    _lplweight = cell && k >= 0 && k < cell->npl ? cell->plw[k] : NAN; }
  ENDVERBATIM
}

FUNCTION morestep() {
  VERBATIM
  { LabCell* cell = *((LabCell**)(&space)); _lmorestep = cell && !cell->failed && cell->steps < cell->nsteps; }
  ENDVERBATIM
}

: The next step's event time, m dt + dt/8, from the step count (not by adding dt, which drifts).
FUNCTION nexttime() {
  VERBATIM
  { LabCell* cell = *((LabCell**)(&space)); _lnexttime = cell ? cell->steps * cell->dtl + 0.125 * cell->dtl : 0; }
  ENDVERBATIM
}

INITIAL {
  VERBATIM
  { LabCell* cell = *((LabCell**)(&space));
    if (cell) { labReset(cell); vcell = cell->vm; ucell = cell->um; }
    failed = 0;
  }
  ENDVERBATIM
  net_send(0.125 * dtlab(), 1)
}

PROCEDURE arrive(w, code, order, syn) {
  VERBATIM
  labArrive(*((LabCell**)(&space)), _lw, _lcode, _lorder, _lsyn);
  ENDVERBATIM
}

: syn: the arriving synapse's place among the cell's plastic synapses, or -1 when it is not plastic.
NET_RECEIVE (w, code, order, syn) {
  : NEURON zeroes the weights after the first at finitialize unless this block exists: keep them.
  INITIAL { code = code  order = order  syn = syn }
  if (flag == 1) {
    if (stepcell() > 0) {
      net_event(t)
    }
    if (morestep() > 0) {
      net_send(nexttime() - t, 1)
    }
  } else {
    arrive(w, code, order, syn)
  }
}
`;
