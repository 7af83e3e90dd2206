import type { ReactNode } from 'react';
import { gradeText, type GradeOrNA } from '../../../../shared/domain/grades';

export interface RadioOption<T> {
  value: T;
  label: ReactNode;
  /** Extra words under the label (e.g. "breaks a limiting rule"). */
  note?: ReactNode;
  className?: string;
}

interface Props<T> {
  name: string;
  legend: ReactNode;
  options: RadioOption<T>[];
  value: T | null;
  onChange: (value: T) => void;
  className?: string;
  legendClassName?: string;
  describedBy?: string;
}

/** A native radio group in a fieldset: Tab enters it once, arrow keys move and choose. */
export function RadioGroup<T extends string | number>({ name, legend, options, value, onChange, className, legendClassName, describedBy }: Props<T>) {
  return (
    <fieldset className={`radio-group ${className ?? ''}`} aria-describedby={describedBy}>
      <legend className={legendClassName}>{legend}</legend>
      <div className="radio-options">
        {options.map((o) => {
          const id = `${name}-${String(o.value)}`;
          const checked = value === o.value;
          return (
            <label key={String(o.value)} htmlFor={id} className={`radio-option ${checked ? 'is-checked' : ''} ${o.className ?? ''}`}>
              <input id={id} type="radio" name={name} value={String(o.value)} checked={checked} onChange={() => onChange(o.value)} />
              <span className="radio-text">
                {o.label}
                {o.note ? <span className="radio-note">{o.note}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

export const SECTION_GRADE_OPTIONS: RadioOption<GradeOrNA>[] = ([1, 2, 3, 4, 'na'] as const).map((g) => ({
  value: g,
  label: gradeText(g),
  className: `grade-option grade-option-${g}`,
}));
