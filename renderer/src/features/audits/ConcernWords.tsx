import { Fragment } from 'react';
import { gradeText, type Grade } from '../../../../shared/domain/grades';
import { findConcernWords } from '../../../../shared/domain/optimism';

/** Under a grade of 1 or 2: the concern words found in the evidence, highlighted where they occur. */
export function ConcernWords({ text, words, grade, id }: { text: string; words: string[]; grade: Grade; id: string }) {
  const matches = findConcernWords(text, words);
  if (matches.length === 0) return null;
  const found = [...new Set(matches.map((m) => m.word))];
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const m of matches) {
    if (m.start > at) parts.push({ text: text.slice(at, m.start), mark: false });
    parts.push({ text: text.slice(m.start, m.end), mark: true });
    at = m.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return (
    <div className="concern-words" id={id}>
      <p className="concern-title">
        <strong>Concern words under {gradeText(grade)}:</strong> {found.map((w) => `“${w}”`).join(', ')}. This will be flagged when you submit; check the grade
        matches the evidence.
      </p>
      <p className="concern-preview" aria-label="Evidence with concern words highlighted">
        {parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}
      </p>
    </div>
  );
}
