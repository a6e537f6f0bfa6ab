import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonParagraphs, SHIPPED_LESSONS } from '../../ui/lessons/lessonList.ts';
import { decodeLesson, encodeLesson } from '../io/shareLink.ts';
import { defaultExperiment, izhikevich2003Network } from './examples.ts';
import { DEFAULT_BUDGET } from './budget.ts';
import { LESSON_PANELS, type Lesson } from './types.ts';
import { MAX_LESSON_TEXT, parseExperimentJson, parseLessonJson, serializeExperiment, validateLesson } from './validate.ts';

function lesson(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'spiking-lab/lesson',
    version: 1,
    title: 'One neuron',
    text: 'First paragraph.\n\nSecond paragraph.',
    question: 'What is the rheobase?',
    panel: 'fi',
    experiment: JSON.parse(serializeExperiment(defaultExperiment())),
    ...extra,
  };
}

function errors(input: unknown): string[] {
  const r = validateLesson(input);
  return r.ok ? [] : r.errors;
}

describe('validateLesson', () => {
  it('reads a good lesson into a fresh copy, with its experiment through the experiment validator', () => {
    const input = lesson();
    const r = validateLesson(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.lesson.title).toBe('One neuron');
    expect(r.lesson.panel).toBe('fi');
    expect(r.lesson.experiment.neurons.map((n) => n.id)).toEqual(['driver', 'follower', 'pacer']);
    expect(serializeExperiment(r.lesson.experiment)).toBe(serializeExperiment(defaultExperiment()));
    expect(r.lesson.experiment).not.toBe(input.experiment);
  });

  it('opens the traces when a lesson names no panel', () => {
    const { panel: _panel, ...rest } = lesson();
    const r = validateLesson(rest);
    expect(r.ok && r.lesson.panel).toBe('traces');
  });

  it('names each missing field', () => {
    const { title: _t, question: _q, experiment: _e, ...rest } = lesson();
    expect(errors(rest)).toEqual([
      'title: missing, expected a string',
      'question: missing, expected a string',
      'experiment: missing, expected an experiment object (docs/experiment-format.md)',
    ]);
  });

  it('names wrong fields, unknown keys and the experiment field by its path', () => {
    const bad = lesson({ text: '  ', panel: 'sidebar', teacher: 'x' });
    (bad.experiment as { neurons: { a: unknown }[] }).neurons[1].a = 'fast';
    expect(errors(bad)).toEqual([
      'teacher: unknown field',
      'text: must not be empty',
      'panel: must be one of "traces", "network", "phase", "fi", "map", "rhythms", "iris", got "sidebar"',
      'experiment.neurons[1].a: expected a number, got "fast"',
    ]);
  });

  it('refuses another format or version before looking further, and says when it is an experiment file', () => {
    expect(errors(JSON.parse(serializeExperiment(defaultExperiment())))).toEqual([
      'format: expected "spiking-lab/lesson", got "spiking-lab/experiment" (this is an experiment file: open it with Open\u2026 in the header)',
      'version: unsupported version 4 (supported: 1)',
    ]);
    expect(errors(lesson({ version: 2 }))).toEqual(['version: unsupported version 2 (supported: 1)']);
    expect(errors([lesson()])).toEqual(['expected a lesson object, got an array']);
    expect(errors(null)).toEqual(['expected a lesson object, got null']);
  });

  it('keeps hostile text as text: markup is kept verbatim (the page renders it as text nodes), control characters and huge text are refused', () => {
    const markup = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const r = validateLesson(lesson({ title: markup, text: `[link](javascript:alert(3)) ${markup}` }));
    expect(r.ok && r.lesson.title).toBe(markup);
    expect(errors(lesson({ question: 'a\u0000b' }))).toEqual(['question: contains control characters (only tabs and line breaks are allowed)']);
    expect(errors(lesson({ text: 'x'.repeat(MAX_LESSON_TEXT + 1) }))).toEqual([`text: must be at most 20,000 characters, got 20,001`]);
    expect(errors(lesson({ title: 42 }))).toEqual(['title: expected a string, got 42']);
    // Own properties only: a "__proto__" key in JSON is an unknown field, not a prototype.
    expect(errors(JSON.parse('{"format":"spiking-lab/lesson","version":1,"__proto__":{"title":"x"}}'))[0]).toBe('__proto__: unknown field');
  });

  it('holds the lesson experiment to the same budget as a file', () => {
    const big = lesson({ experiment: JSON.parse(serializeExperiment(izhikevich2003Network(1000))) });
    const tight = { ...DEFAULT_BUDGET, bytes: 1_000_000 };
    const r = validateLesson(big, tight);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.errors.join('\n')).toMatch(/^experiment\./);
  });

  it('gives JSON syntax errors with their line', () => {
    const r = parseLessonJson('{\n  "format": "spiking-lab/lesson",\n  "title": }');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.errors[0]).toMatch(/line 3/);
    expect(parseLessonJson('  ')).toEqual({ ok: false, errors: ['the text is empty: expected a JSON lesson'] });
  });

  it('travels in a link and back unchanged, through the validator', async () => {
    const r = validateLesson(lesson());
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const back = await decodeLesson(await encodeLesson(r.lesson));
    expect(back).toEqual({ ok: true, lesson: r.lesson });
    expect((await decodeLesson('%%%')).ok).toBe(false);
  });
});

describe('lessonParagraphs', () => {
  it('splits at blank lines (also Windows ones and lines of spaces), keeps single line breaks, drops empty paragraphs', () => {
    expect(lessonParagraphs('One\ntwo\n\nThree\r\n\r\nFour\n   \nFive\n\n\n')).toEqual(['One\ntwo', 'Three', 'Four', 'Five']);
  });
});

describe('the shipped lessons', () => {
  const read = (id: string): Lesson => {
    const r = parseLessonJson(readFileSync(`public/lessons/${id}.json`, 'utf8'));
    if (!r.ok) throw new Error(`${id}: ${r.errors.join('\n')}`);
    return r.lesson;
  };

  it('are six, in the issue\u2019s order, and each file validates with the title the list shows', () => {
    expect(SHIPPED_LESSONS.map((l) => l.title)).toEqual([
      'One neuron: rest, threshold, spike',
      'a, b, c, d and the 20 patterns',
      'The phase plane of a bursting cell',
      'Excitation and inhibition',
      "A network's rhythm",
      'Classifying a flower with spikes',
    ]);
    for (const entry of SHIPPED_LESSONS) expect(read(entry.id).title).toBe(entry.title);
  });

  it('each prepare the experiment they teach (the gallery\u2019s and the patterns\u2019 files) and open its panel', () => {
    const sources: Record<string, [string, (typeof LESSON_PANELS)[number]]> = {
      '01-one-neuron': ['public/experiments/single-neuron-step.json', 'traces'],
      '02-abcd-patterns': ['public/patterns/tonic-spiking.json', 'traces'],
      '03-bursting-phase-plane': ['public/patterns/tonic-bursting.json', 'phase'],
      '04-excitation-inhibition': ['public/experiments/default.json', 'network'],
      '05-network-rhythm': ['public/experiments/izhikevich2003-network.json', 'rhythms'],
      '06-iris-flower': ['public/experiments/default.json', 'iris'],
    };
    for (const entry of SHIPPED_LESSONS) {
      const [file, panel] = sources[entry.id];
      const source = parseExperimentJson(readFileSync(file, 'utf8'));
      if (!source.ok) throw new Error(file);
      const l = read(entry.id);
      expect(serializeExperiment(l.experiment), entry.id).toBe(serializeExperiment(source.experiment));
      expect(l.panel, entry.id).toBe(panel);
      expect(l.question.length, entry.id).toBeGreaterThan(40);
    }
  });

  it('fit in a share link', async () => {
    for (const entry of SHIPPED_LESSONS) {
      const code = await encodeLesson(read(entry.id));
      expect(code.length, entry.id).toBeLessThan(8000 - 100);
    }
  });
});
