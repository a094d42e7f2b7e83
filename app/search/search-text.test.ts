import { describe, expect, it } from 'vitest';
import { foldTerm, highlightSegments, markWords } from './search-text';

describe('search text', () => {
  it('folds accents and case', () => {
    expect(['Zoë', 'ÅNGSTRÖM', 'Ñúñez', 'Łukasz', 'Østergaard', 'Straße', 'Ærø'].map(foldTerm)).toEqual([
      'zoe',
      'angstrom',
      'nunez',
      'lukasz',
      'ostergaard',
      'strasse',
      'aero',
    ]);
  });

  it('marks matched words and escapes everything else, so markup in a profile stays text', () => {
    const marked = markWords('<img src=x onerror=alert(1)> Zoë & co', new Set(['zoe', 'img']));
    expect(marked).toBe('&lt;<mark>img</mark> src=x onerror=alert(1)&gt; <mark>Zoë</mark> &amp; co');
    expect(highlightSegments(marked)).toEqual([
      { text: '<', marked: false },
      { text: 'img', marked: true },
      { text: ' src=x onerror=alert(1)> ', marked: false },
      { text: 'Zoë', marked: true },
      { text: ' & co', marked: false },
    ]);
  });

  it('reads the escapes an OpenSearch highlighter writes (html encoder)', () => {
    expect(highlightSegments('R&amp;D &#x27;<mark>lead</mark>&#x27; &#x2F; x')).toEqual([
      { text: "R&D '", marked: false },
      { text: 'lead', marked: true },
      { text: "' / x", marked: false },
    ]);
  });
});
