import { gradeText, isGrade, type Grade, type GradeOrNA } from './grades';
import type { TemplateDefinition } from './template';
import {
  gradedSections,
  medianGrade,
  overallViolations,
  sectionLabel,
  type QuestionAnswers,
  type SectionGrades,
} from './grading';

/** The section whose good grade needs the child's voice (section 4 of the built-in template). */
export const VOICE_SECTION_KEY = 's4';
/** Calibration check thresholds (spec: at least 5 moderated audits, mean shift at least half a grade). */
export const CALIBRATION_MIN_AUDITS = 5;
export const CALIBRATION_MIN_SHIFT = 0.5;

export type FeedbackView = 'helpful' | 'mixed' | 'not-helpful' | 'not-given';

export interface PersonFeedback {
  spokenTo: 'yes' | 'no' | null;
  /** Why they were not spoken to. */
  reason: string;
  said: string;
  view: FeedbackView | null;
}

export interface OptimismInput {
  sectionGrades: SectionGrades;
  sectionEvidence: Record<string, string | null | undefined>;
  answers: QuestionAnswers;
  overall: GradeOrNA | null;
  feedback: { child: PersonFeedback; parent: PersonFeedback };
  /** The auditor's figure over the last 12 months, computed elsewhere; null when unknown. */
  calibration: { moderatedCount: number; meanShift: number | null } | null;
}

export type OptimismCode = 'limiting-rule' | 'better-than-evidence' | 'concern-words' | 'voice-missing' | 'calibration';

export type OptimismTarget = { kind: 'section'; section: string } | { kind: 'overall' } | { kind: 'feedback' };

export interface OptimismWarning {
  code: OptimismCode;
  /** A blocking warning needs a written justification before submission. */
  blocking: boolean;
  message: string;
  target: OptimismTarget;
  /** Concern words found (concern-words only), as written in the template's list. */
  words?: string[];
  /** The limiting rule broken (limiting-rule only). */
  ruleId?: string;
}

export interface ConcernMatch {
  /** The entry of the concern-word list that matched. */
  word: string;
  start: number;
  end: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]");
}

function concernPattern(word: string): RegExp | null {
  const parts = word.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return null;
  // Whole words only ("drift" does not match "adrift" or "driftwood"), any run of
  // whitespace between the words of a phrase, and simple endings on the last word
  // ("delays", "delayed", "drifting", "missed visits").
  const body = parts.map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?:s|es|d|ed|ing)?(?![\\p{L}\\p{N}])`, 'giu');
}

/**
 * Where the concern words occur in the text: case-insensitive, whole word/phrase.
 * Sorted by position, without overlaps (the longer match wins at the same start).
 */
export function findConcernWords(text: string, words: readonly string[]): ConcernMatch[] {
  if (!text) return [];
  const all: ConcernMatch[] = [];
  const seen = new Set<string>();
  for (const raw of words) {
    const word = raw.trim();
    if (word === '' || seen.has(word.toLowerCase())) continue;
    seen.add(word.toLowerCase());
    const pattern = concernPattern(word);
    if (!pattern) continue;
    for (const m of text.matchAll(pattern)) {
      all.push({ word, start: m.index, end: m.index + m[0].length });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: ConcernMatch[] = [];
  let lastEnd = -1;
  for (const m of all) {
    if (m.start >= lastEnd) {
      out.push(m);
      lastEnd = m.end;
    }
  }
  return out;
}

function formatMedian(median: number): string {
  if (Number.isInteger(median)) return gradeText(median as Grade);
  const lo = Math.floor(median) as Grade;
  const hi = Math.ceil(median) as Grade;
  return `${median}, between ${gradeText(lo)} and ${gradeText(hi)}`;
}

function isGoodGrade(g: GradeOrNA | null | undefined): g is 1 | 2 {
  return g === 1 || g === 2;
}

/** The optimism checks run at submission, in the order of the spec. */
export function runOptimismChecks(template: TemplateDefinition, input: OptimismInput): OptimismWarning[] {
  const warnings: OptimismWarning[] = [];
  const overall = input.overall;

  // 1. Limiting rule broken — blocking, one warning per broken rule.
  for (const reason of overallViolations(template, input)) {
    warnings.push({
      code: 'limiting-rule',
      blocking: true,
      message: `${reason.message} The overall grade given is ${gradeText(overall)}.`,
      target: { kind: 'overall' },
      ruleId: reason.ruleId,
    });
  }

  // 2. Overall better than the evidence — better (smaller) than the median of graded sections.
  const graded = gradedSections(template, input.sectionGrades);
  const median = medianGrade(graded);
  if (isGrade(overall) && median !== null && overall < median) {
    const n = graded.length;
    warnings.push({
      code: 'better-than-evidence',
      blocking: false,
      message:
        `The overall grade (${gradeText(overall)}) is better than the median of the ${n} graded ` +
        `section${n === 1 ? '' : 's'} (${formatMedian(median)}).`,
      target: { kind: 'overall' },
    });
  }

  // 3. Concern words under a good grade — one warning per section.
  for (const section of template.sections) {
    const grade = input.sectionGrades[section.key];
    if (!isGoodGrade(grade)) continue;
    const matches = findConcernWords(input.sectionEvidence[section.key] ?? '', template.concernWords);
    if (matches.length === 0) continue;
    const words = [...new Set(matches.map((m) => m.word))];
    const label = sectionLabel(section);
    warnings.push({
      code: 'concern-words',
      blocking: false,
      message:
        `${label.charAt(0).toUpperCase()}${label.slice(1)} is graded ${gradeText(grade)}, but its evidence ` +
        `mentions ${words.map((w) => `"${w}"`).join(', ')}.`,
      target: { kind: 'section', section: section.key },
      words,
    });
  }

  // 4. Voice missing — voice section graded 1 or 2, child not spoken to and no reason given.
  const voiceSection = template.sections.find((s) => s.key === VOICE_SECTION_KEY);
  const voiceGrade = input.sectionGrades[VOICE_SECTION_KEY];
  const child = input.feedback.child;
  if (voiceSection && isGoodGrade(voiceGrade) && child.spokenTo !== 'yes' && (child.reason ?? '').trim() === '') {
    const label = sectionLabel(voiceSection);
    warnings.push({
      code: 'voice-missing',
      blocking: false,
      message:
        `${label.charAt(0).toUpperCase()}${label.slice(1)} is graded ${gradeText(voiceGrade)}, but the child ` +
        `${child.spokenTo === 'no' ? 'was not spoken to' : 'is not recorded as spoken to'} and no reason is given.`,
      target: { kind: 'feedback' },
    });
  }

  // 5. Calibration — past audits moderated worse by a mean of at least half a grade.
  const cal = input.calibration;
  if (
    cal &&
    cal.moderatedCount >= CALIBRATION_MIN_AUDITS &&
    cal.meanShift !== null &&
    Number.isFinite(cal.meanShift) &&
    cal.meanShift >= CALIBRATION_MIN_SHIFT - 1e-9
  ) {
    // Up to 2 decimals, trailing zeros dropped: 0.6, 0.57, 1.
    const figure = String(Number(cal.meanShift.toFixed(2)));
    warnings.push({
      code: 'calibration',
      blocking: false,
      message:
        `Your audits in the last 12 months were moderated worse by a mean of ${figure} ` +
        `grade${figure === '1' ? '' : 's'} over ${cal.moderatedCount} audits.`,
      target: { kind: 'overall' },
    });
  }

  return warnings;
}
