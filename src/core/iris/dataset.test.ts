import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classCounts, parseDatasetCsv } from './dataset.ts';

const problems = (text: string, options = {}) => {
  const result = parseDatasetCsv(text, options);
  return result.ok ? [] : result.errors;
};

describe('parseDatasetCsv', () => {
  it('reads the shipped Iris file: 150 rows, 50 per species, the known column means', () => {
    const result = parseDatasetCsv(readFileSync(new URL('../../../public/data/iris.csv', import.meta.url), 'utf8'));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const data = result.dataset;
    expect(data.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.classColumn).toBe('species');
    expect(data.X.length).toBe(150);
    expect(classCounts(data.y, 3)).toEqual([50, 50, 50]);
    const means = [0, 1, 2, 3].map((f) => data.X.reduce((s, x) => s + x[f], 0) / 150);
    expect(means.map((m) => m.toFixed(3))).toEqual(['5.843', '3.057', '3.758', '1.199']);
    expect(Array.from(data.X[0])).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(Array.from(data.X[149])).toEqual([5.9, 3.0, 5.1, 1.8]);
  });

  it('takes the last mostly-text column as the class by default, or the one named', () => {
    const text = 'id,kind,a,b\n1,x,0.5,2\n2,y,1e1,-3\n3,x,.25,+4\n';
    const byDefault = parseDatasetCsv(text);
    if (!byDefault.ok) throw new Error(byDefault.errors.join('\n'));
    expect(byDefault.dataset.classColumn).toBe('kind');
    expect(byDefault.dataset.featureNames).toEqual(['id', 'a', 'b']);
    expect(byDefault.dataset.X.map((x) => Array.from(x))).toEqual([[1, 0.5, 2], [2, 10, -3], [3, 0.25, 4]]);
    expect(Array.from(byDefault.dataset.y)).toEqual([0, 1, 0]);
    // Numeric class codes: the class column must then be named.
    const named = parseDatasetCsv('label,a,b\n2,1,2\n0,3,4\n2,5,6\n', { classColumn: 'label' });
    if (!named.ok) throw new Error(named.errors.join('\n'));
    expect(named.dataset.classNames).toEqual(['2', '0']);
    expect(named.dataset.featureNames).toEqual(['a', 'b']);
    expect(Array.from(named.dataset.y)).toEqual([0, 1, 0]);
  });

  it('names the row and column of every problem, without throwing', () => {
    expect(problems('')).toEqual(['the file is empty']);
    expect(problems(' \n\n')).toEqual(['the file is empty']);
    expect(problems('a,b,class\n')).toEqual(['no data rows after the header']);
    expect(problems('a,b,class\n1,2,x\n3,4,y\n5,6\n')).toEqual(['row 4: expected 3 columns, got 2']);
    expect(problems('a,petal_width,class\n1,2,x\n\n\n1,2,y\n1,2,y\n1,2,x\n1,abc,y\n')).toEqual([
      'row 8, column "petal_width": expected a number, got "abc"',
    ]);
    expect(problems('a,b,class\n1,,x\n2,3,\n4,5,y\n')).toEqual([
      'row 2, column "b": missing value (expected a number)',
      'row 3, column "class": missing class',
    ]);
    expect(problems('a,b,class\n1,2,x\n3,4,x\n')).toEqual(['column "class" has only one class ("x"); at least two are needed']);
    expect(problems('a,b,a\n1,2,x\n')).toEqual(['row 1, column 3: column "a" appears twice']);
    expect(problems('a,,class\n1,2,x\n')).toEqual(['row 1, column 2: the column has no name']);
    expect(problems('a,b\n1,2\n3,4\n')).toEqual(['no class column: every column holds numbers; choose the class column by name']);
    expect(problems('a,b\n1,x\n', { classColumn: 'species' })).toEqual(['no column named "species" (the columns are "a", "b")']);
    expect(problems('a,b\n1,x\n2,y\n3,x\n', { maxRows: 2 })).toEqual(['the file has 3 data rows; at most 2 are supported']);
    expect(problems('a,b,class\n1,"2,x\n3,4,y\n')).toEqual(['row 2: Quoted field unterminated', 'row 2: expected 3 columns, got 2']);
    expect(problems('species\nx\ny\n')).toEqual(['row 1: expected at least two columns (features and a class), got 1']);
    expect(problems('a,b,class\nInfinity,0x10,x\n1,2,y\n')).toEqual([
      'row 2, column "a": expected a number, got "Infinity"',
      'row 2, column "b": expected a number, got "0x10"',
    ]);
  });

  it('caps the list of problems', () => {
    const rows = Array.from({ length: 30 }, (_, k) => `${k},oops,${k % 2 ? 'x' : 'y'}`);
    const errors = problems(['a,b,class', ...rows].join('\n'));
    expect(errors.length).toBe(21);
    expect(errors[0]).toBe('row 2, column "b": expected a number, got "oops"');
    expect(errors[20]).toBe('... and 10 more problems');
  });
});
