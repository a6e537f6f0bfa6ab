import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startSimulationClient } from './simulationClient.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

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
