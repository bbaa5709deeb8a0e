export default {
  title: 'Reporting and rating settings',
  readonly: 'Only the bureau admin can change these',
  window: 'Reporting window (days of the next month)',
  windowHint: 'E.g. 1 to 10: last month’s figures are due on days 1–10',
  changeThreshold: 'Change needing an explanation (%)',
  changeThresholdHint: 'A figure moving by more than this against the last approved report needs an explanation',
  sections: 'Sections and their points',
  thresholds: 'Lowest total per grade',
  validityYears: 'Rating valid for (years)',
  firstCap: 'First rating at most',
  noCap: 'No cap',
}
