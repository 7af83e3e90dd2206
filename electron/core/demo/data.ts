/** Fictitious people, teams and phrases for the demo database. No real names or cases. */
export const DEMO_TEAMS = ['Assessment North', 'Assessment South', 'Children in Care', 'Family Support East'] as const;

export const DEMO_STAFF = [
  { name: 'Aria Demo-Whitfield', role: 'auditor', jobTitle: 'Team manager', manages: ['Assessment North'] },
  { name: 'Ben Demo-Okafor', role: 'auditor', jobTitle: 'Team manager', manages: ['Assessment South'] },
  { name: 'Cara Demo-Lindqvist', role: 'auditor', jobTitle: 'Team manager', manages: ['Children in Care'] },
  { name: 'Dev Demo-Raman', role: 'auditor', jobTitle: 'Team manager', manages: ['Family Support East'] },
  { name: 'Esme Demo-Hartley', role: 'auditor', jobTitle: 'Senior practitioner', manages: [] },
  { name: 'Femi Demo-Adeyemi', role: 'auditor', jobTitle: 'Senior practitioner', manages: [] },
  { name: 'Gwen Demo-Pryce', role: 'auditor', jobTitle: 'Service manager', manages: [] },
  { name: 'Hamid Demo-Qureshi', role: 'auditor', jobTitle: 'Senior practitioner', manages: [] },
  { name: 'Iris Demo-Fairbanks', role: 'moderator', jobTitle: 'QA officer', manages: [] },
  { name: 'Jonah Demo-Ellery', role: 'moderator', jobTitle: 'Head of service', manages: [] },
  { name: 'Kit Demo-Marlowe', role: 'qa-lead', jobTitle: 'Quality assurance lead', manages: [] },
] as const;

export const DEMO_WORKERS = [
  'L. Demo-Ashby', 'M. Demo-Brennan', 'N. Demo-Castell', 'O. Demo-Dunmore', 'P. Demo-Everly', 'R. Demo-Frost',
  'S. Demo-Garner', 'T. Demo-Holloway', 'U. Demo-Ingram', 'V. Demo-Jarvis', 'W. Demo-Kemble', 'Y. Demo-Langley',
];

export const TEAM_CASE_TYPES: Record<string, string[]> = {
  'Assessment North': ['cin', 'cp', 'pre-birth', 'cin', 'cp'],
  'Assessment South': ['cin', 'cp', 'cp', 'cin', 'pre-birth'],
  'Children in Care': ['cla', 'cla', 'care-leaver', 'cla'],
  'Family Support East': ['early-help', 'early-help', 'cin', 'early-help'],
};

export const AGE_BANDS_BY_TYPE: Record<string, string[]> = {
  'pre-birth': ['unborn'],
  'care-leaver': ['16-17', '18+'],
  'early-help': ['0-4', '5-9', '10-15'],
  cin: ['0-4', '5-9', '10-15', '16-17'],
  cp: ['0-4', '5-9', '10-15'],
  cla: ['0-4', '5-9', '10-15', '16-17'],
};

/** Evidence phrases by grade: what an auditor might write. Some weaker ones carry concern words. */
export const EVIDENCE: Record<number, string[]> = {
  1: [
    'Consistently strong practice: the record shows clear analysis of the child\'s lived experience and decisive action.',
    'Exemplary: partners contributed fully and the child\'s views shaped every decision.',
  ],
  2: [
    'Practice is timely and child-centred; the rationale for decisions is recorded and understood by the family.',
    'Good evidence of direct work; the plan reflects what the child said about home and school.',
    'Mostly timely; one visit was late but the reason is recorded and the manager followed it up.',
  ],
  3: [
    'Some drift between the strategy discussion and the assessment; management oversight did not challenge the delay.',
    'Plan describes what parents must do rather than the impact on the child; contingency is not stated.',
    'Visits broadly at the required frequency but the child was not seen alone on two occasions.',
  ],
  4: [
    'No supervision recorded for four months; the case was unallocated for six weeks and the child was not seen.',
    'Repeat referral not considered; risks escalated without a strategy discussion and no safety plan was written.',
  ],
};

export const KEY_FINDINGS = [
  'The child is safer than at referral. Assessment analysis is sound but the plan is not specific about timescales. Management oversight needs to set direction at each supervision.',
  'Drift between assessment and plan left the child in neglectful care for longer than necessary. Supervision was irregular and did not challenge delay. The child\'s voice is recorded but not acted on.',
  'Strong, child-centred practice. Direct work is evident and the plan reflects the child\'s wishes. Partners contribute well to core groups.',
  'Thresholds were applied correctly at the front door. Visits are regular. The family group conference was not offered when it would have helped.',
];

export const STRENGTHS = ['Child seen alone and views recorded', 'Timely strategy discussion', 'Good partnership with school', 'Clear chronology', 'Family history analysed'];
export const AREAS = ['Supervision to set timescales', 'Plan to link parental actions to impact on the child', 'Record identity and ethnicity accurately', 'Offer a family group conference', 'Contingency plan to be stated'];
export const CHILD_SAID = ['Said they feel safer since their mum\'s partner left.', 'Wants to see their grandmother more often.', 'Said the social worker listens and explains things.'];
export const PARENT_SAID = ['Finds the help useful but meetings are hard to attend.', 'Felt the assessment was fair.', 'Did not feel listened to at the first conference.'];
