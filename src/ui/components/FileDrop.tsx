import { useEffect, useState } from 'react';
import { openFiles } from '../openFiles.ts';

const carriesFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Files dropped anywhere on the lab open as the Open… button opens them (an experiment JSON, or
 * NeuroML 2 files with their LEMS file). While files are dragged over the page it says so.
 */
export function FileDrop() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    // Counted, since dragenter and dragleave fire for every element the pointer crosses.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const dragOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      // Without this the browser opens the file itself, leaving the lab.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length > 0) void openFiles(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', dragOver);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', dragOver);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="file-drop" data-testid="file-drop" aria-hidden="true">
      Drop an experiment (.json) or NeuroML 2 files (.nml with its LEMS .xml) to open them
    </div>
  );
}
