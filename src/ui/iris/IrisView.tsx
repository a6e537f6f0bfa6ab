import { useEffect } from 'react';
import { ConfusionMatrix, Curves, OutputBars, TrainingStatus, WeightHeatmap } from './Charts.tsx';
import { DataPanel } from './DataPanel.tsx';
import { IrisRaster } from './IrisRaster.tsx';
import { useIrisStore } from './irisStore.ts';
import { SampleTable } from './SampleTable.tsx';
import { ScatterPanel } from './ScatterPanel.tsx';

/**
 * The Iris classifier: data and settings on the left, the samples (scatter over a decision map, and
 * a table) in the centre, training progress and results on the right.
 */
export function IrisView() {
  const hasData = useIrisStore((s) => s.dataset !== null || s.loadingName !== null);
  useEffect(() => {
    if (!hasData) void useIrisStore.getState().loadShipped();
  }, [hasData]);
  return (
    <main className="iris-view">
      <DataPanel />
      <div className="iris-centre">
        <ScatterPanel />
        <SampleTable />
      </div>
      <aside className="iris-charts" aria-label="Training results">
        <TrainingStatus />
        <OutputBars />
        <IrisRaster />
        <div className="iris-later">
          <Curves />
          <WeightHeatmap />
          <ConfusionMatrix />
        </div>
      </aside>
    </main>
  );
}
