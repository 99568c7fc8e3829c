export { INCIDENT_STATUSES } from './incident.js';
export type {
  Incident,
  IncidentSeverity,
  IncidentStatus,
  IncidentTimes,
  IncidentVerification,
} from './incident.js';
export { decisionEvidence, freezeEvidence, summarizeWindow } from './evidence.js';
export type { DecisionEvidence, Evidence, EvidenceInput, WindowSummary } from './evidence.js';
export {
  openIncident,
  recordDecision,
  recordExecution,
  recordVerification,
  escalate,
} from './incident-lifecycle.js';
export type { OpenIncidentInput } from './incident-lifecycle.js';
export { mttrBreakdown, MTTR_PHASES } from './mttr-breakdown.js';
export type { MttrBreakdown, MttrPhase, PhaseSpan } from './mttr-breakdown.js';
export { formatIncidentReport } from './format-incident-report.js';
export type { ReportOptions } from './format-incident-report.js';
export { recordOnset, startWatch, endWatch, recordRelapse } from './incident-lifecycle.js';
export type { IncidentRetrain, PostRollbackWatch, Relapse } from './incident.js';
export {
  formatRecovery,
  recoveryColumns,
  recoveryFigures,
  MILESTONES,
  MILESTONE_CLOCKS,
  MILESTONE_WORDS,
} from './recovery-time.js';
export type { Milestone, RecoveryFigures } from './recovery-time.js';
export { jsonSafe, summarizeSeries } from './evidence.js';
export type { ReleaseEvidence, SeriesPair, SeriesPoint, WindowPair } from './evidence.js';
export { IncidentPolicySchema, DEFAULT_SEVERITY_RULES, PRIORITIES } from './incident-policy.js';
export type { IncidentPolicy, Priority, SeverityRule } from './incident-policy.js';
export { gradeSeverity } from './severity.js';
export { incidentImpact } from './impact.js';
export type { Impact } from './impact.js';
export { recordStages, recordInfrastructureStage, stageLines, stageSentence } from './incident-stages.js';
export type { IncidentStage, StageStatus } from './incident.js';
