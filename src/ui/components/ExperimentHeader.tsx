import { useEffect, useState } from 'react';
import { patternWithNote } from '../../core/experiment/patterns.ts';
import type { Experiment } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { ExamplesButton } from './GalleryDialog.tsx';
import { ExperimentFiles } from './ExperimentFiles.tsx';
import { PatternNote } from './PatternNote.tsx';
import { ShareLink } from './ShareLink.tsx';
import { ShortcutsButton } from './ShortcutsDialog.tsx';
import { UndoRedo } from './UndoRedo.tsx';
import { LessonsButton } from '../lessons/LessonsDialog.tsx';
import { TourButton } from '../tour/Tour.tsx';

/**
 * The app title, the examples gallery, the experiment's name and a one-line summary of the compiled
 * network; undo / redo, share link, Open / Save and the shortcuts help; the description below: on one
 * line, or for a firing pattern its note in full, saying what to look for in the traces (PatternNote).
 */
export function ExperimentHeader() {
  const name = useLabStore((s) => (s.pendingExperiment ?? s.experiment).name);
  const description = useLabStore((s) => (s.pendingExperiment ?? s.experiment).description);
  const network = useLabStore((s) => s.network);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const pendingNeurons = useLabStore((s) => (s.pendingExperiment ? neuronCountOf(s.pendingExperiment) : null));
  return (
    <header className="topbar lab-header">
      <h1>Spiking Lab</h1>
      <div className="experiment-title">
        <ExamplesButton />
        <LessonsButton />
        <span className="experiment-name" data-testid="experiment-name" title={name}>
          {name}
        </span>
        {pendingNeurons !== null ? (
          <BuildingNotice neurons={pendingNeurons} />
        ) : (
          <span className="muted experiment-size">
            {network ? `${network.neuronCount.toLocaleString('en-US')} neuron${network.neuronCount === 1 ? '' : 's'} \u00b7 ` : ''}
            dt = {dt} ms
          </span>
        )}
      </div>
      <div className="header-actions">
        <UndoRedo />
        <ShareLink />
        <ExperimentFiles />
        <ShortcutsButton />
        <TourButton />
      </div>
      {patternWithNote(description) ? (
        <PatternNote />
      ) : description ? (
        <p className="experiment-description" title={description}>
          {description}
        </p>
      ) : null}
    </header>
  );
}

function neuronCountOf(experiment: Experiment): number {
  return experiment.neurons.length + experiment.populations.reduce((sum, p) => sum + p.size, 0);
}

/**
 * While the Worker builds a new experiment (seconds for millions of synapses): what it is building and
 * for how long so far. The page stays usable; the old run's plots stay until the new network is ready.
 */
function BuildingNotice({ neurons }: { neurons: number }) {
  const [started] = useState(() => performance.now());
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const id = window.setInterval(() => setSeconds(Math.floor((performance.now() - started) / 1000)), 1000);
    return () => window.clearInterval(id);
  }, [started]);
  return (
    <span className="experiment-size building-notice" data-testid="building" role="status">
      <span className="building-spinner" aria-hidden="true" />
      Building {neurons.toLocaleString('en-US')} neurons in the Worker{'\u2026'}{seconds > 0 ? ` ${seconds} s` : ''}
    </span>
  );
}
