import type { ReactNode } from 'react';

/** The step's heading; focused when the step changes so keyboard and screen-reader users land on it. */
export function StepHeading({ children, hint }: { children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="step-heading">
      <h2 id="step-heading" tabIndex={-1}>
        {children}
      </h2>
      {hint ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}
