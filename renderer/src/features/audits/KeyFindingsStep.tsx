import { useState } from 'react';
import { keyFindingsLimit, type Change } from '../../../../shared/api/audits';
import { wordCount } from '../../../../shared/domain/grading';
import type { TemplateDefinition } from '../../../../shared/domain/template';
import type { EditorValues } from './changes';
import { StepHeading } from './StepHeading';

/** Key findings: required, short, with a live word count and a hard limit the field will not pass. */
export function KeyFindingsStep({ template, values, edit }: { template: TemplateDefinition; values: EditorValues; edit: (c: Change, m: 'now' | 'text') => void }) {
  const limit = keyFindingsLimit(template);
  const [refused, setRefused] = useState<number | null>(null);
  const words = wordCount(values.keyFindings);
  const onChange = (text: string) => {
    const n = wordCount(text);
    // Going over the limit is refused; shortening (or staying within it) is always allowed.
    if (n > limit && n > words) {
      setRefused(n);
      return;
    }
    setRefused(null);
    edit({ kind: 'key-findings', text }, 'text');
  };
  return (
    <>
      <StepHeading hint="What matters most for this child, in plain words a family could read. Inspectors found audits too long and unclear about their findings.">
        Key findings
      </StepHeading>
      <div className="field">
        <label htmlFor="key-findings">Key findings (required, at most {limit} words)</label>
        <textarea
          id="key-findings"
          rows={8}
          value={values.keyFindings}
          aria-describedby="key-findings-count key-findings-limit"
          aria-invalid={refused !== null}
          onChange={(e) => onChange(e.target.value)}
        />
        <p id="key-findings-count" className={`word-count ${words >= limit ? 'at-limit' : ''}`}>
          {words} of {limit} words
        </p>
        <div id="key-findings-limit" role="alert" className="limit-message">
          {refused !== null ? (
            <p className="field-error">
              Key findings can be at most {limit} words. That change would make {refused}, so it was not added. Shorten what is there to add more.
            </p>
          ) : null}
        </div>
      </div>
    </>
  );
}
