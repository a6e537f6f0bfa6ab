import { formatValue } from '../format.ts';
import { useLabStore } from '../store.ts';

/** The model's equations, with the selected neuron's live a, b, c, d. */
export function EquationsBox() {
  const neuron = useLabStore((s) => s.experiment.neurons.find((n) => n.id === s.selectedNeuronId) ?? s.experiment.neurons[0]);
  const synapseTypes = useLabStore((s) => s.experiment.synapseTypes);
  const a = neuron ? formatValue(neuron.a) : 'a';
  const b = neuron ? formatValue(neuron.b) : 'b';
  const c = neuron ? formatValue(neuron.c) : 'c';
  const d = neuron ? formatValue(neuron.d) : 'd';
  const vpeak = neuron?.vpeak ?? 30;
  const kinds = new Set(synapseTypes.map((t) => t.kind));
  return (
    <details className="panel equations" open>
      <summary>
        Model equations{neuron ? <span className="muted"> for {neuron.id}</span> : null}
      </summary>
      <div className="eq" aria-label="Izhikevich model equations">
        {neuron?.model === 'izhikevich2007' ? (
          <>
            <div>
              {formatValue(neuron.C)} dv/dt = {formatValue(neuron.k)} (v {'\u2212'} {formatValue(neuron.vr)})(v {'\u2212'} {formatValue(neuron.vt)}) {'\u2212'} u + I
              <span className="muted">{'  '}(izhikevich2007Cell, pF, nS/mV, mV)</span>
            </div>
            <div>
              du/dt = <var className="live" data-testid="eq-a">{a}</var> (
              <var className="live" data-testid="eq-b">{b}</var> (v {'\u2212'} {formatValue(neuron.vr)}) {'\u2212'} u)
              <span className="muted">{'  '}(a, b)</span>
            </div>
          </>
        ) : (
          <>
            <div>
              dv/dt = 0.04 v<sup>2</sup> + 5 v + 140 {'\u2212'} u + I
            </div>
            <div>
              du/dt = <var className="live" data-testid="eq-a">{a}</var> (
              <var className="live" data-testid="eq-b">{b}</var> v {'\u2212'} u)
              <span className="muted">{'  '}(a, b)</span>
            </div>
          </>
        )}
        <div>
          if v {'\u2265'} {vpeak} mV: v {'\u2190'} <var className="live" data-testid="eq-c">{c}</var>, u {'\u2190'} u +{' '}
          <var className="live" data-testid="eq-d">{d}</var>
          <span className="muted">{'  '}(c, d)</span>
        </div>
        <div className="eq-sub">I = I_input + I_syn</div>
        {kinds.has('expConductance') ? (
          <div className="eq-sub">
            I_syn = g (E_rev {'\u2212'} v), dg/dt = {'\u2212'}g / {'\u03c4'}, each spike: g {'\u2190'} g + w {'\u00b7'} g_base
          </div>
        ) : null}
        {kinds.has('expTwoConductance') ? <div className="eq-sub">I_syn = g (E_rev {'\u2212'} v), g = g_base w wf (e^({'\u2212'}t/{'\u03c4'}_decay) {'\u2212'} e^({'\u2212'}t/{'\u03c4'}_rise)) per spike, peak g_base w</div> : null}
        {kinds.has('alphaConductance') ? <div className="eq-sub">I_syn = g (E_rev {'\u2212'} v), g = g_base w (t/{'\u03c4'}) e^(1 {'\u2212'} t/{'\u03c4'}) per spike, peak g_base w at t = {'\u03c4'}</div> : null}
        {kinds.has('writeup') ? <div className="eq-sub">I_syn = {'\u00b1'}g |v_pre {'\u2212'} v_post| (write-up variant)</div> : null}
        {kinds.has('current') ? <div className="eq-sub">current synapse: I += w for the pulse (1 ms) from the spike's arrival</div> : null}
      </div>
    </details>
  );
}
