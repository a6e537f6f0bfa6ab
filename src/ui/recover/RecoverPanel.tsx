import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { RecoverView } from './RecoverView.tsx';

/** The "Recover the wiring" view as a tab panel of the app, beside the lab and the Iris classifier. */
export function RecoverPanel() {
  return (
    <div className="view-panel iris-panel recover-panel" role="tabpanel" id="view-panel-recover" aria-labelledby="view-tab-recover">
      <header className="topbar iris-header">
        <h1>Spiking Lab</h1>
        <span className="muted">Recover the wiring: run a random network, hide its weights, and estimate them from its voltages or its spikes.</span>
      </header>
      <ErrorBanner />
      <RecoverView />
    </div>
  );
}
