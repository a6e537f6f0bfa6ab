/** The lessons the lab ships, in teaching order: files in public/lessons/ (docs/lesson-format.md). */
export interface ShippedLesson {
  /** The file name without `.json`, in public/lessons/. */
  id: string;
  title: string;
}

export const SHIPPED_LESSONS: readonly ShippedLesson[] = [
  { id: '01-one-neuron', title: 'One neuron: rest, threshold, spike' },
  { id: '02-abcd-patterns', title: 'a, b, c, d and the 20 patterns' },
  { id: '03-bursting-phase-plane', title: 'The phase plane of a bursting cell' },
  { id: '04-excitation-inhibition', title: 'Excitation and inhibition' },
  { id: '05-network-rhythm', title: "A network's rhythm" },
  { id: '06-iris-flower', title: 'Classifying a flower with spikes' },
];

/** Where a shipped lesson's file is served, relative to the page (Vite copies public/ to the site's root). */
export function lessonFileUrl(id: string): string {
  return `${import.meta.env.BASE_URL}lessons/${id}.json`;
}

/** Paragraphs of a lesson's text: a blank line separates them; single line breaks stay within one. */
export function lessonParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
