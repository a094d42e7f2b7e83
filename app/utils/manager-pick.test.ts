import { describe, expect, it } from 'vitest';
import { managerPickLabel, numberedLabels, textShowsPick } from './manager-pick';

const grace = { displayName: 'Grace Lindqvist', department: 'Finance' };

describe('manager pick labels', () => {
  it('names a person by display name and department', () => {
    expect(managerPickLabel(grace)).toBe('Grace Lindqvist · Finance');
  });

  it('numbers a repeated label so that each suggestion is distinct', () => {
    expect(numberedLabels([grace, { displayName: 'Grace Lind', department: 'Finance' }, grace])).toEqual([
      'Grace Lindqvist · Finance',
      'Grace Lind · Finance',
      'Grace Lindqvist · Finance (2)',
    ]);
  });

  it('accepts the pick only while the field still shows its label', () => {
    expect(textShowsPick(' Grace Lindqvist · Finance ', grace)).toBe(true);
    expect(textShowsPick('Grace Lindqvist · Finance (2)', grace)).toBe(true);
    expect(textShowsPick('Grace Lindqvist · Finance (x)', grace)).toBe(false);
    expect(textShowsPick('Grace Lindqvist', grace)).toBe(false);
    expect(textShowsPick('grace.lindqvist@xyz.example', grace)).toBe(false);
    expect(textShowsPick('Grace Lindqvist · People', grace)).toBe(false);
  });
});
