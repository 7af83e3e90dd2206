import type { LimitingRule, TemplateDefinition, TemplateQuestion, TemplateSection } from './template';

/**
 * The built-in template: "Children's case file audit (ILACS areas)".
 * Sections, questions, limiting rules and concern words follow the product spec
 * (docs: shared/domain.md, "The built-in template"). One question per clause.
 */

const sections: TemplateSection[] = [
  {
    key: 's1',
    number: 1,
    title: 'Front door, referral and thresholds',
    questions: [
      { key: 's1.thresholds_applied', text: 'Thresholds applied correctly at contact and referral' },
      { key: 's1.consent_sought', text: "Family's consent sought or override recorded" },
      { key: 's1.decision_timely', text: 'Decision timely' },
      { key: 's1.repeat_referrals_considered', text: 'Repeat referrals considered' },
    ],
  },
  {
    key: 's2',
    number: 2,
    title: 'Strategy discussions and s47 enquiries',
    appliesTo: 'CP cases',
    questions: [
      { key: 's2.timely', text: 'Strategy discussion and s47 enquiry timely' },
      { key: 's2.partners_attended', text: 'Police, health and education attended' },
      { key: 's2.child_centred', text: 'Child-centred' },
      { key: 's2.safety_plan', text: 'Immediate safety plan written and shared' },
    ],
  },
  {
    key: 's3',
    number: 3,
    title: 'Assessment',
    questions: [
      { key: 's3.in_timescale', text: 'Completed in timescale' },
      { key: 's3.history_considered', text: 'Family history and patterns considered' },
      { key: 's3.analysis', text: 'Analysis, not description' },
      { key: 's3.identity_recorded', text: 'Identity and ethnicity recorded accurately' },
      { key: 's3.understandable', text: 'Written so the child and family can understand it' },
      { key: 's3.proportionate', text: 'Proportionate in length' },
    ],
  },
  {
    key: 's4',
    number: 4,
    title: "The child's voice and lived experience",
    questions: [
      { key: 's4.child_seen', text: 'Child seen (alone when appropriate)' },
      { key: 's4.views_recorded', text: 'Views, wishes and feelings recorded' },
      { key: 's4.direct_work', text: 'Direct work evident' },
      { key: 's4.plan_reflects_views', text: 'The plan reflects their views, wishes and feelings' },
    ],
  },
  {
    key: 's5',
    number: 5,
    title: 'Plans',
    appliesTo: 'CIN, CP and care plans',
    questions: [
      { key: 's5.outcomes_clear', text: 'Outcomes for the child are clear' },
      { key: 's5.actions_specific', text: 'Actions are specific, owned and timed' },
      {
        key: 's5.links_to_impact',
        text: 'Plan links parents\' actions to the impact on the child (not only "what parents must do")',
      },
      { key: 's5.contingency', text: 'Contingency stated' },
    ],
  },
  {
    key: 's6',
    number: 6,
    title: 'Visits and timeliness',
    questions: [
      { key: 's6.visit_frequency', text: "Visits at the frequency the child's needs and the plan require" },
      { key: 's6.no_unexplained_gaps', text: 'No unexplained gaps' },
    ],
  },
  {
    key: 's7',
    number: 7,
    title: 'Multi-agency working',
    questions: [
      { key: 's7.partners_views', text: "Partners' views in assessment" },
      { key: 's7.core_groups', text: 'Core groups/reviews held and attended' },
      { key: 's7.fgc_offered', text: 'Family group conference offered where useful' },
    ],
  },
  {
    key: 's8',
    number: 8,
    title: 'Management oversight and supervision',
    questions: [
      { key: 's8.supervision', text: 'Regular, recorded supervision that gives direction and timescales' },
      { key: 's8.decisions_recorded', text: 'Key decisions recorded on the file' },
      { key: 's8.drift_challenged', text: 'Drift and delay challenged' },
    ],
  },
  {
    key: 's9',
    number: 9,
    title: 'Step-up, step-down and closure',
    questions: [
      { key: 's9.transitions_timely', text: 'Transitions to/from early help timely and planned' },
      { key: 's9.not_closed_early', text: 'Case not closed before change is sustained' },
      { key: 's9.repeat_plans_considered', text: 'Repeat plans considered' },
    ],
  },
  {
    key: 's10',
    number: 10,
    title: 'Impact',
    questions: [
      { key: 's10.circumstances_improved', text: "The child's circumstances have improved" },
      { key: 's10.reasons_understood', text: 'Where they have not, the reasons are understood and acted on' },
    ],
  },
];

/** The audit-level question the first limiting rule reads: asked once, not per section. */
export const LEFT_AT_RISK_KEY = 'left_at_risk';

const auditQuestions: TemplateQuestion[] = [{ key: LEFT_AT_RISK_KEY, text: 'Child left at significant risk without intervention' }];

const limitingRules: LimitingRule[] = [
  {
    id: 'r1-left-at-risk',
    kind: 'section-grade',
    sections: ['s2', 's4'],
    grade: 4,
    question: { key: LEFT_AT_RISK_KEY, answer: 'yes' },
    cap: 4,
    description:
      'Overall may not be better than 4 Inadequate when section 2 or section 4 is 4 Inadequate and the child was left at significant risk without intervention.',
  },
  {
    id: 'r2-oversight-inadequate',
    kind: 'section-grade',
    sections: ['s8'],
    grade: 4,
    cap: 3,
    description:
      'Overall may not be better than 3 Requires improvement to be good when section 8 (management oversight) is 4 Inadequate.',
  },
  {
    id: 'r3-worst-plus-one',
    kind: 'worst-plus',
    steps: 1,
    description: 'Overall may not be better than the worst section grade plus one step.',
  },
];

/** Whole-word / whole-phrase, case-insensitive; simple endings (-s, -ed, -ing) also match. */
const concernWords: string[] = [
  // from the spec
  'drift',
  'delay',
  'not seen',
  'no supervision',
  'overdue',
  'repeat referral',
  'missed visit',
  'unallocated',
  'waiting list',
  // words the inspection letters and reports use
  're-referral',
  'lack of supervision',
  'not visited',
  'not evidenced',
  'poor handover',
  'unplanned',
  'disguised compliance',
];

/** Version 1, as first published. Audits started on it keep it. */
export const BUILTIN_TEMPLATE_V1: TemplateDefinition = {
  key: 'ilacs-case-file',
  name: "Children's case file audit (ILACS areas)",
  version: 1,
  sections,
  auditQuestions,
  limitingRules,
  concernWords,
  keyFindingsWordLimit: 150,
};

/**
 * What version 2 adds, from what the inspection letters ask auditors to look for (shared/domain.md,
 * "Version 2 of the built-in template"): each question goes at the end of its section.
 */
export const V2_QUESTIONS: Record<string, TemplateQuestion[]> = {
  s3: [
    // "the graded care profile to help identify neglect … is not being used consistently"
    { key: 's3.graded_care_profile', text: 'Graded care profile used where neglect is a concern' },
    // "over-optimistic risk assessments have oversimplified the complexities related to domestic abuse and substance misuse"
    { key: 's3.risk_analysis', text: 'Risk from domestic abuse, parental substance misuse and parental mental health analysed, not only listed' },
  ],
  // "children who miss education for too long, without assessment of their learning needs"
  s7: [{ key: 's7.education', text: 'Missing education and unmet learning needs identified and acted on with education partners' }],
  // "pre-proceedings mechanisms … are not initiated soon enough for all children"
  s8: [{ key: 's8.plo_timely', text: 'PLO / pre-proceedings started in time where they apply' }],
};

/** Version 2: version 1 with the inspection letters' four points. New audits use it. */
export const BUILTIN_TEMPLATE_V2: TemplateDefinition = {
  ...BUILTIN_TEMPLATE_V1,
  version: 2,
  sections: sections.map((s) => ({ ...s, questions: [...s.questions, ...(V2_QUESTIONS[s.key] ?? [])] })),
};

/** Every version of the built-in template, oldest first (each is seeded once, in order). */
export const BUILTIN_TEMPLATES: readonly TemplateDefinition[] = [BUILTIN_TEMPLATE_V1, BUILTIN_TEMPLATE_V2];

/** The current version of the built-in template. */
export const BUILTIN_TEMPLATE: TemplateDefinition = BUILTIN_TEMPLATE_V2;
