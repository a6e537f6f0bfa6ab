import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { codeFromHash, LESSON_KEY } from '../core/io/shareLink.ts';
import { startAutosaveTrial } from './autosaveTrial.ts';
import { watchSliderDrags } from './dragFrames.ts';
import { openLessonLink, watchLessonLinks } from './lessons/lessonStore.ts';
import { isFirstVisit, startTour } from './tour/tourStore.ts';
import { reportUnopenedAutosaves, restoreExperiment, startAutosave } from './persistence.ts';
import { forgetLinkInUrl, offerSharedExperiment, watchSharedLinks } from './sharedLink.ts';
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
const firstVisit = isFirstVisit(storage);
const restored = await restoreExperiment(window.location, storage);
setInitialExperiment(restored.experiment);
const lessonCode = codeFromHash(window.location.hash, LESSON_KEY);
const openedByLink = codeFromHash(window.location.hash) !== null || lessonCode !== null;
if (openedByLink) forgetLinkInUrl();
if (restored.problem) useLabStore.getState().showError('open', restored.problem);
reportUnopenedAutosaves(restored, storage);
if (storage && restored.opened && restored.fallback) void startAutosaveTrial(storage, restored.opened, restored.fallback);
startAutosave(storage);
if (restored.linkToConfirm) offerSharedExperiment(restored.linkToConfirm);
watchSharedLinks();
if (lessonCode !== null) void openLessonLink(lessonCode);
watchLessonLinks();
watchSliderDrags(window);
// The tour on a first visit, unless the person came for a link's experiment or lesson (Tour in the header shows it).
startTour(storage, { firstRun: firstVisit && !openedByLink });

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
