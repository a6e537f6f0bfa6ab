import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { reportUnopenedAutosaves, restoreExperiment, startAutosave } from './persistence.ts';
import { startSimulationClient } from './simulationClient.ts';
import { setInitialExperiment, useLabStore } from './store.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// Open with a shared link's experiment, else the newest autosave that opens, else the default.
const storage = browserStorage();
const restored = await restoreExperiment(window.location, storage);
setInitialExperiment(restored.experiment);
if (restored.source === 'link') {
  // The link has done its work: later reloads should bring back the edited experiment, not the link's.
  history.replaceState(null, '', window.location.pathname + window.location.search);
}
if (restored.problem) useLabStore.getState().showError('open', restored.problem);
reportUnopenedAutosaves(restored, storage);
startAutosave(storage);

// The Worker starts outside React so StrictMode's double effects cannot start two simulations.
try {
  startSimulationClient();
} catch {
  // startSimulationClient has already put the reason in the store's error banner.
}

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
