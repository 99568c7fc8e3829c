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
