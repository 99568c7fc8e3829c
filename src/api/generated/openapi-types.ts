/**
 * Generated from the control plane's OpenAPI document by `npm run openapi:types`; do not edit.
 * test/api/openapi-client.test.ts fails when it no longer matches the served document.
 */
export interface paths {
  '/api/v1/aliases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List aliases (or ?model=) */
    get: operations['getAliases'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/apply': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apply declarative manifests, all or nothing (kinds: Model, ModelVersion, FeatureVersion, Release, TrafficPolicy, Rollout) */
    post: operations['postApply'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read the append-only audit trail */
    get: operations['getAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/drills': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Drill records with their MTTR phases, newest first */
    get: operations['getDrills'];
    put?: never;
    /** Start a drill: a copy of production behind an injected fault, the real controller and plan, never paging */
    post: operations['postDrills'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/drills/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One drill record */
    get: operations['getDrillsById'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/features': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List feature-pipeline and encoder versions */
    get: operations['getFeatures'];
    put?: never;
    /** Register an immutable feature-pipeline or encoder version */
    post: operations['postFeatures'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/features/{name}/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a feature version */
    get: operations['getFeaturesByNameByVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/flags': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List flags gating feature/encoder versions */
    get: operations['getFlags'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/flags/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Enable or disable a flag (If-Match: revision) */
    put: operations['putFlagsByKey'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness of the control plane (no authentication) */
    get: operations['getHealthz'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Incidents, newest first, with their MTTR phases and recovery figures (filters: model, status, since) */
    get: operations['getIncidents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One incident: timings, recovery figures, actions, evidence */
    get: operations['getIncidentsById'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/evidence': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The evidence frozen at the decision and completed at verification (windows, series, releases, samples, readings) */
    get: operations['getIncidentsByIdEvidence'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The evidence archive: one tar.gz of the incident, evidence, report and charts with a SHA256SUMS manifest */
    get: operations['getIncidentsByIdExport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/onset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Report when the fault began (set once; it cannot follow the first breach) */
    post: operations['postIncidentsByIdOnset'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The incident report: json (the data), md (Markdown) or html (one page with SVG charts) */
    get: operations['getIncidentsByIdReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus exposition of the control plane: rollouts by phase, decisions, rollbacks and their times, ticks, leadership, remote gateways */
    get: operations['getMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List models */
    get: operations['getModels'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{model}/aliases/{alias}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an alias */
    get: operations['getModelsByModelAliasesByAlias'];
    /** Point an alias at a release; recorded in its history (If-Match: revision) */
    put: operations['putModelsByModelAliasesByAlias'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{model}/aliases/{alias}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every move of an alias: who, when, why, from, to (or ?at=TIME for the release at that instant) */
    get: operations['getModelsByModelAliasesByAliasHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{model}/rollback-candidate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where a rollback would go: last-known-good > healthy baseline > previous production */
    get: operations['getModelsByModelRollbackCandidate'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{model}/telemetry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The model's recent traffic (what `ripcord rollout plan` plans detection at) */
    get: operations['getModelsByModelTelemetry'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{model}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a model's versions */
    get: operations['getModelsByModelVersions'];
    put?: never;
    /** Register an immutable model version (same digest again is a no-op; a different digest is 409) */
    post: operations['postModelsByModelVersions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{model}/versions/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a model version */
    get: operations['getModelsByModelVersionsByVersion'];
    put?: never;
    post?: never;
    /** Always refused (409): versions are archived, never deleted */
    delete: operations['deleteModelsByModelVersionsByVersion'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{model}/versions/{version}/archive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Archive a model version (versions are never deleted) */
    post: operations['postModelsByModelVersionsByVersionArchive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a model */
    get: operations['getModelsByName'];
    /** Create or update a model (If-Match: revision for a conditional update) */
    put: operations['putModelsByName'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{name}/doctor': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The model's rollback self-checks, each pass, warn or fail with its fix */
    get: operations['getModelsByNameDoctor'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{name}/runbook': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The model's one-page runbook, built from the registry and its last rollout, with its stale steps */
    get: operations['getModelsByNameRunbook'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{name}/runbook/steps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a runbook step a person walked through (done or skipped) in the audit trail */
    post: operations['postModelsByNameRunbookSteps'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ofrep/v1/evaluate/flags': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** OpenFeature (OFREP): evaluate every flag */
    post: operations['postOfrepV1EvaluateFlags'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ofrep/v1/evaluate/flags/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** OpenFeature (OFREP): evaluate one flag (a FEATURE@VERSION switch) as a boolean */
    post: operations['postOfrepV1EvaluateFlagsByKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This OpenAPI document (no authentication) */
    get: operations['getOpenapijson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/problems/{type}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What a problem type means and what to do about it (the page its `type` URI names; Markdown) */
    get: operations['getProblemsByType'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/releases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List releases (or ?model=) */
    get: operations['getReleases'];
    put?: never;
    /** Create an immutable release bundle (model version + features + serving config) */
    post: operations['postReleases'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/releases/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a release */
    get: operations['getReleasesByName'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/releases/{name}/archive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Archive a release (If-Match: revision) */
    post: operations['postReleasesByNameArchive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/releases/{name}/baseline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark or unmark a release as a healthy baseline (If-Match: revision) */
    post: operations['postReleasesByNameBaseline'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/releases/{name}/diff/{other}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What changed from one release to another, per component */
    get: operations['getReleasesByNameDiffByOther'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List rollouts, newest first, with their phase (filters: model, phase, since) */
    get: operations['getRollouts'];
    put?: never;
    /** Start a rollout (refused with 409 when there is no healthy rollback target) */
    post: operations['postRollouts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A rollout's spec and status (ETag: its revision) */
    get: operations['getRolloutsByName'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/abort': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Abort a rollout (If-Match: revision; a conflicting command gets 409) */
    post: operations['postRolloutsByNameAbort'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/decisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stored decisions of a rollout with their readings and reasons */
    get: operations['getRolloutsByNameDecisions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Server-sent events: the rollout now, then every step, decision and action as it happens */
    get: operations['getRolloutsByNameEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/flip': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Flip a rollout (If-Match: revision; a conflicting command gets 409) */
    post: operations['postRolloutsByNameFlip'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause a rollout (If-Match: revision; a conflicting command gets 409) */
    post: operations['postRolloutsByNamePause'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/promote': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Promote a rollout (If-Match: revision; a conflicting command gets 409) */
    post: operations['postRolloutsByNamePromote'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resume a rollout (If-Match: revision; a conflicting command gets 409) */
    post: operations['postRolloutsByNameResume'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retry a rollout (If-Match: revision; a conflicting command gets 409) */
    post: operations['postRolloutsByNameRetry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/rollback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rollback a rollout (If-Match: revision; a conflicting command gets 409) */
    post: operations['postRolloutsByNameRollback'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rollouts/{name}/rollback-plan': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What a rollback would do now (the dry run of `rollback`): its target and each step, read from the systems, nothing written */
    get: operations['getRolloutsByNameRollbackPlan'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/routing': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The routing snapshot every gateway compiles (models, releases, traffic policies, flags) */
    get: operations['getRouting'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/routing/gateways': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every gateway this control plane feeds and the routing it serves (revision, refused models) */
    get: operations['getRoutingGateways'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/routing/gateways/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A remote gateway reports what it serves after applying a snapshot (the id comes from its stream hello) */
    post: operations['postRoutingGatewaysById'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/routing/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Server-sent routing snapshots for remote gateways: a hello naming the stream, one snapshot now, one after every change */
    get: operations['getRoutingStream'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/telemetry/buckets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A remote gateway's 1 s buckets (deltas, added to what is held), merged into what the judges read (retries with the same seq are merged once) */
    post: operations['postTelemetryBuckets'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/telemetry/gateways': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Remote gateways shipping telemetry here: last seen, buckets merged, late and repeated posts */
    get: operations['getTelemetryGateways'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List API tokens (never their secrets) */
    get: operations['getTokens'];
    put?: never;
    /** Create an API token; the secret is returned once */
    post: operations['postTokens'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API token */
    delete: operations['deleteTokensById'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/traffic': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List traffic policies */
    get: operations['getTraffic'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/traffic/{model}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a model's traffic policy */
    get: operations['getTrafficByModel'];
    /** Set a model's traffic policy: weights, sticky sessions, header and region routes, mirror */
    put: operations['putTrafficByModel'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/verdicts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** ripcord's verdict on a canary another controller routes (Argo Rollouts' web metric provider): pass, fail, hold or pending */
    post: operations['postVerdicts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/verdicts/flagger/{gate}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A Flagger webhook gate (confirm-rollout, pre-rollout, confirm-traffic-increase, confirm-promotion, rollback): 200 to go (for rollback: roll back now), 412 not now; the body says why */
    post: operations['postVerdictsFlaggerByGate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List model versions of every model (or ?model=) */
    get: operations['getVersions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/whoami': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The calling token's name and role (the dashboard shows only the actions the role allows) */
    get: operations['getWhoami'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Alias: {
      createdAt: string;
      model?: string;
      name: string;
      release: string;
      revision: number;
      updatedAt: string;
      updatedBy: string;
    };
    AliasMove: {
      actor: string;
      alias: string;
      at: string;
      from: string | null;
      reason: string;
      requestId?: string;
      to: string | null;
    };
    ApplyResult: {
      results: ({
        kind: string;
        name: string;
        result: string;
      } & {
        [key: string]: unknown;
      })[];
    };
    AuditEntry: {
      action: string;
      actor: string;
      after?: unknown;
      at: string;
      before?: unknown;
      reason?: string;
      requestId?: string;
      seq: number;
      target: string;
    };
    CreatedToken: {
      info: components['schemas']['TokenInfo'];
      token: string;
    };
    Decision: {
      at: number;
      insufficientData: boolean;
      readings: ({
        baseline?: number;
        /** @description epoch ms of the look this reading was taken at, when carried: a controller behind on its ticks defers its distribution triggers */
        carriedFrom?: number;
        consecutiveBreaches: number;
        message: string;
        observed?: number;
        pValue?: number;
        severity: string;
        /** @enum {string} */
        status: 'ok' | 'breach' | 'pending-breach' | 'insufficient-data';
        telemetryError?: string;
        trigger: string;
      } & {
        [key: string]: unknown;
      })[];
      reason: string;
      telemetryErrors?: string[];
      trigger?: string;
      /** @enum {string} */
      verdict: 'PASS' | 'MONITOR' | 'PAUSE' | 'ROLLBACK';
    } & {
      [key: string]: unknown;
    };
    FeatureVersion: {
      /** @default {} */
      config: {
        [key: string]: unknown;
      };
      createdAt: string;
      createdBy: string;
      digest: string;
      /**
       * @default feature-pipeline
       * @enum {string}
       */
      kind: 'encoder' | 'feature-pipeline';
      name: string;
      source?: {
        commit: string;
        path?: string;
        repository?: string;
      };
      version: string;
    };
    Flag: {
      createdAt: string;
      enabled: boolean;
      key: string;
      revision: number;
      updatedAt: string;
      updatedBy: string;
    };
    FleetMember: {
      connectedAt: number;
      id: string;
      /** @enum {string} */
      kind: 'in-process' | 'remote';
      name: string;
      report?: {
        failures: {
          field: string;
          message: string;
          model: string;
        }[];
        lastError?: string;
        policies: {
          [key: string]: number;
        };
        revision?: number;
      } & {
        [key: string]: unknown;
      };
      reportedAt?: number;
    };
    Model: {
      createdAt: string;
      /** @default  */
      description: string;
      inputSchema?: {
        fields: {
          [key: string]: {
            /** @default false */
            nullable: boolean;
            /** @default true */
            required: boolean;
            /** @enum {string} */
            type: 'number' | 'integer' | 'string' | 'boolean' | 'array' | 'object';
          };
        };
      };
      name: string;
      owner: string;
      predictionPath?: string;
      /** @enum {string} */
      protocol: 'tfserving' | 'kserve-v2' | 'json';
      revision: number;
      updatedAt: string;
    };
    ModelVersion: {
      archived: boolean;
      artifactUri: string;
      /** @default [] */
      compatibleFeatures: {
        name: string;
        version: string;
      }[];
      createdAt: string;
      createdBy: string;
      datasetVersion?: string;
      digest: string;
      /** @default unknown */
      framework: string;
      label?: string;
      /** @default {} */
      metrics: {
        [key: string]: number;
      };
      model: string;
      /** @default {} */
      tags: {
        [key: string]: string;
      };
      trainingConfigCommit?: string;
      version: number;
    };
    ObservedTraffic: {
      errorRate: number | null;
      kpis: {
        [key: string]: {
          mean: number;
          perRequest: number;
        };
      };
      latencyP50Ms: number | null;
      latencyP95Ms: number | null;
      model: string;
      overMs: number;
      requestsPerSecond: number;
    };
    /** @description RFC 9457 problem document; `type` is a page under /api/v1/problems/ (/api/v1/problems/validation, /api/v1/problems/malformed-body, /api/v1/problems/unauthorized, /api/v1/problems/forbidden, /api/v1/problems/not-found, /api/v1/problems/conflict, /api/v1/problems/immutable, /api/v1/problems/precondition, /api/v1/problems/stale-revision, /api/v1/problems/payload-too-large, /api/v1/problems/unsupported-media-type, /api/v1/problems/internal, /api/v1/problems/unavailable) */
    Problem: {
      currentRevision?: number;
      detail: string;
      /** @description Every validation error, each located by a JSON Pointer into the body or a parameter name */
      errors?: {
        detail: string;
        field: string;
        parameter?: string;
        /**
         * Format: json-pointer
         * @description e.g. #/serving/backends/0/url
         */
        pointer?: string;
      }[];
      expectedRevision?: number;
      /** @description The first offending field, dotted (serving.backends[0].url) */
      field?: string;
      /** Format: uri-reference */
      instance?: string;
      status: number;
      title: string;
      /** Format: uri-reference */
      type: string;
    } & {
      [key: string]: unknown;
    };
    Release: {
      archived: boolean;
      createdAt: string;
      createdBy: string;
      /** @default  */
      description: string;
      /** @default [] */
      features: {
        name: string;
        version: string;
      }[];
      /** @default false */
      healthyBaseline: boolean;
      marks: {
        at: string;
        eventId: string;
        /** @constant */
        kind: 'rolled-back';
        reason: string;
        /** @enum {string} */
        role: 'canary' | 'green' | 'shadow' | 'production';
        trigger: string;
      }[];
      model: string;
      modelVersion: number;
      name: string;
      revision: number;
      serving: {
        backends: {
          /** Format: uri */
          url: string;
          /** @default 1 */
          weight: number;
        }[];
        /** @default {} */
        env: {
          [key: string]: string;
        };
        /** @default {} */
        headers: {
          [key: string]:
            | string
            | {
                valueFrom:
                  | {
                      env: string;
                    }
                  | {
                      file: string;
                    };
              };
        };
        /** @default /healthz */
        healthPath: string;
        /** @enum {string} */
        healthProtocol?: 'http' | 'grpc';
        healthService?: string;
        /** @default [] */
        passHeaders: string[];
        /** @default 5000 */
        timeoutMs: number;
        upstreamModel?: string;
      };
      updatedAt: string;
    };
    ReleaseDiff: {
      features: {
        added: {
          name: string;
          version: string;
        }[];
        changed: {
          from: string;
          name: string;
          to: string;
        }[];
        removed: {
          name: string;
          version: string;
        }[];
      };
      from: string;
      model: {
        changed: boolean;
        changes: {
          from: unknown;
          path: string;
          to: unknown;
        }[];
        from: string;
        to: string;
      };
      serving: {
        changed: boolean;
        changes: {
          from: unknown;
          path: string;
          to: unknown;
        }[];
      };
      to: string;
    } & {
      [key: string]: unknown;
    };
    RollbackCandidate: {
      explanation: string;
      /** @enum {string} */
      reason?: 'designated' | 'healthy-baseline' | 'previous-production';
      release: string | null;
    };
    RollbackPreview: {
      release: string;
      rollout: string;
      steps: ({
        actionId: string;
        changes: boolean;
        kind: string;
        name: string;
        onFailure: string;
        summary: string;
      } & {
        [key: string]: unknown;
      })[];
      target: string;
    };
    Rollout: {
      name: string;
      revision: number;
      spec: {
        /** @default false */
        allowFallback: boolean;
        analysis: {
          alpha?: number;
          args?: {
            name: string;
            value: string;
          }[];
          consecutiveBreaches?: number;
          metrics?: {
            consecutiveErrorLimit?: number;
            count?: number;
            dryRun?: boolean;
            failureCondition?: string;
            failureLimit?: number;
            inconclusiveLimit?: number;
            initialDelay?: string;
            interval?: string;
            name: string;
            provider: {
              prometheus: {
                /** Format: uri */
                address: string;
                bearerTokenEnv?: string;
                query: string;
              };
            };
            successCondition?: string;
          }[];
          provider?: {
            prometheus: {
              /** Format: uri */
              address: string;
              bearerTokenEnv?: string;
              durationBuckets?: string;
              /** @enum {string} */
              durationUnit?: 'seconds' | 'milliseconds';
              labels?: {
                model?: string;
                release?: string;
              };
              outcomeLabel?: string;
              requests?: string;
              selector?: {
                [key: string]: string;
              };
              statusCodeLabel?: string;
            };
          };
          sequentialBreaches?: number;
          triggers: string[];
        };
        baseline?: string;
        blueGreen?: {
          /** @default true */
          autoPromote: boolean;
          /** @default 2h */
          keepWarm: string;
          /**
           * @default {
           *       "duration": "10m"
           *     }
           */
          postPromotionAnalysis: {
            duration: string;
          };
          prePromotionAnalysis?: {
            duration: string;
          };
          /** @default 0 */
          warmupRequests: number;
        };
        canary?: {
          /**
           * @default [
           *       {
           *         "setWeight": 1
           *       },
           *       {
           *         "pause": {
           *           "duration": "1m"
           *         }
           *       },
           *       {
           *         "setWeight": 5
           *       },
           *       {
           *         "pause": {
           *           "duration": "2m"
           *         }
           *       },
           *       {
           *         "setWeight": 25
           *       },
           *       {
           *         "pause": {
           *           "duration": "5m"
           *         }
           *       },
           *       {
           *         "setWeight": 50
           *       },
           *       {
           *         "pause": {
           *           "duration": "5m"
           *         }
           *       },
           *       {
           *         "setWeight": 100
           *       }
           *     ]
           */
          steps: (
            | {
                setWeight: number;
              }
            | {
                pause: {
                  duration?: string;
                };
              }
            | {
                analysis: {
                  duration: string;
                };
              }
            | {
                setHeaderRoute: {
                  header: string;
                  regex?: string;
                  value?: string;
                } | null;
              }
            | {
                setMirror: {
                  percent: number;
                  segmentBy?: string[];
                } | null;
              }
            | {
                setRegionWeight: {
                  region: string;
                  weight: number;
                };
              }
          )[];
        };
        drill?: {
          /** @enum {string} */
          fault: 'latency' | 'errors' | 'collapse' | 'crash';
          id: string;
          /** @default false */
          liveExecutors: boolean;
        };
        /** @default [] */
        executors: (
          | {
              /** @constant */
              kind: 'webhook';
              name: string;
              secretEnv?: string;
              /** Format: uri */
              url: string;
            }
          | {
              deployment: string;
              /** @constant */
              kind: 'kubernetes-deployment';
              name: string;
              namespace?: string;
              /** @default ripcord.dev/release */
              releaseLabel: string;
              /** @default {} */
              revisions: {
                [key: string]: number;
              };
              /** @default 5m */
              timeout: string;
            }
          | {
              /** @default helm */
              helm: string;
              /** @constant */
              kind: 'helm';
              kubeconfig?: string;
              kubeContext?: string;
              name: string;
              namespace?: string;
              release: string;
              /** @default ripcord.release */
              releaseValue: string;
              /** @default {} */
              revisions: {
                [key: string]: number;
              };
              /** @default 5m */
              timeout: string;
            }
          | {
              /** @constant */
              kind: 'argo-rollouts';
              name: string;
              namespace?: string;
              /** @default ripcord.dev/release */
              releaseLabel: string;
              /** @default {} */
              revisions: {
                [key: string]: number;
              };
              rollout: string;
              /** @default 5m */
              timeout: string;
            }
          | {
              /**
               * @default predictor
               * @enum {string}
               */
              component: 'predictor' | 'transformer' | 'explainer';
              inferenceService: string;
              /** @constant */
              kind: 'kserve';
              name: string;
              namespace?: string;
              /** @default {} */
              revisions: {
                [key: string]: string;
              };
              /** @default 5m */
              timeout: string;
            }
          | {
              alias?: string;
              /** @default true */
              archivePulled: boolean;
              /** @constant */
              kind: 'mlflow';
              name?: string;
              registeredModel?: string;
              /** @enum {string} */
              stage?: 'Production' | 'Staging';
              tokenEnv?: string;
              /** Format: uri */
              trackingUri: string;
            }
          | {
              /** @default main */
              branch: string;
              /** @default dvc */
              dvc: false | string;
              feature: string;
              /** @constant */
              kind: 'feature-pipeline';
              /**
               * @default checkout
               * @enum {string}
               */
              mode: 'checkout' | 'revert';
              name?: string;
              path?: string;
              /** @default origin */
              remote: string;
              workdir: string;
            }
          | {
              /** @default main */
              branch: string;
              file: string;
              /** @constant */
              kind: 'gitops';
              name?: string;
              /** @default origin */
              remote: string;
              workdir: string;
            }
          | {
              configCommit?: string;
              datasetVersion?: string;
              github?: {
                /** Format: uri */
                apiUrl?: string;
                /** @default main */
                ref: string;
                repository: string;
                workflow: string;
              };
              gitlab?: {
                project: string;
                /** @default main */
                ref: string;
                /** Format: uri */
                url: string;
              };
              /** @constant */
              kind: 'retrain';
              name?: string;
              tokenEnv: string;
            }
        )[];
        /**
         * @default {
         *       "fastFor": "2h",
         *       "interval": "30s",
         *       "baselineWindow": "30m"
         *     }
         */
        guard: {
          /** @default 30m */
          baselineWindow: string;
          /** @default 2h */
          fastFor: string;
          /** @default 30s */
          interval: string;
          triggers?: string[];
        };
        incident?: {
          /**
           * @default P3
           * @enum {string}
           */
          otherwise: 'P1' | 'P2' | 'P3' | 'P4';
          severityRules?: {
            kpis?: string[];
            metrics?: string[];
            /** @enum {string} */
            severity: 'P1' | 'P2' | 'P3' | 'P4';
            words?: string[];
          }[];
          valuePerConversion?: {
            /** @default USD */
            currency: string;
            kpi: string;
            value: number;
          };
        };
        model: string;
        name: string;
        /** @default [] */
        notify: (
          | {
              /** Format: uri */
              apiUrl?: string;
              channel?: string;
              /** @constant */
              kind: 'slack';
              kinds?: ('opened' | 'updated' | 'escalated' | 'resolved' | 'alert')[];
              name: string;
              tokenEnv?: string;
              webhookUrlEnv?: string;
            }
          | {
              /** @constant */
              kind: 'pagerduty';
              kinds?: ('opened' | 'updated' | 'escalated' | 'resolved' | 'alert')[];
              name: string;
              routingKeyEnv: string;
              /**
               * @default critical
               * @enum {string}
               */
              severity: 'critical' | 'error' | 'warning' | 'info';
              /**
               * Format: uri
               * @default https://events.pagerduty.com/v2/enqueue
               */
              url: string;
            }
          | {
              /** @constant */
              kind: 'teams';
              kinds?: ('opened' | 'updated' | 'escalated' | 'resolved' | 'alert')[];
              name: string;
              webhookUrlEnv: string;
            }
          | {
              /** @constant */
              kind: 'standard-webhook';
              kinds?: ('opened' | 'updated' | 'escalated' | 'resolved' | 'alert')[];
              name: string;
              secretEnv: string;
              /** Format: uri */
              url: string;
            }
        )[];
        release: string;
        /**
         * @default {
         *       "immediateFor": []
         *     }
         */
        rollbackStages: {
          /** @default [] */
          immediateFor: ('hard' | 'soft' | 'manual')[];
          infrastructureAfter?: string;
        };
        rollbackTo?: string;
        shadow?: {
          /**
           * @default {
           *       "numericTolerance": 0.000001,
           *       "topK": 10
           *     }
           */
          compare: {
            /** @default 0.000001 */
            numericTolerance: number;
            /** @default 10 */
            topK: number;
          };
          /** @default 10m */
          duration: string;
          /** @default 0.9 */
          minAgreement: number;
          /** @default 30 */
          minSamples: number;
          /** @default 10 */
          percent: number;
          /** @default [] */
          segmentBy: string[];
        };
        sticky?: {
          key: string;
          /** @enum {string} */
          source: 'header' | 'cookie' | 'json';
        };
        /**
         * @default {
         *       "within": "30s",
         *       "maxErrorRate": 0.05,
         *       "watchFor": "2h"
         *     }
         */
        verify: {
          /** @default 0.05 */
          maxErrorRate: number;
          /** @default 2h */
          watchFor: string;
          /** @default 30s */
          within: string;
        };
        warmUp?: {
          /** @default 1h */
          baselineWindow: string;
          /** @default [] */
          examples: {
            body?: unknown;
            /**
             * @default POST
             * @enum {string}
             */
            method: 'POST' | 'GET' | 'PUT';
            path: string;
          }[];
          /** @default true */
          fromSampledTraffic: boolean;
          /** @default 1m */
          interval: string;
          keepFor?: string;
          /** @default 1.5 */
          latencyFactor: number;
          minReadyReplicas?: number;
          /** @default 20 */
          requests: number;
          workload?: {
            /** @enum {string} */
            kind: 'Deployment' | 'InferenceService';
            name: string;
            namespace?: string;
          };
        };
        /** @default [] */
        webhooks: {
          name: string;
          secretEnv?: string;
          /** Format: uri */
          url: string;
        }[];
      };
      status: components['schemas']['RolloutStatus'];
    };
    RolloutStatus: {
      alerts: ({
        at: number;
        message: string;
      } & {
        [key: string]: unknown;
      })[];
      baseline: string;
      intents: {
        [key: string]: unknown;
      };
      lastDecision?: components['schemas']['Decision'];
      message: string;
      mirrorPercent: number;
      /** @enum {string} */
      phase:
        | 'Progressing'
        | 'Paused'
        | 'Guarding'
        | 'RollingBack'
        | 'RolledBack'
        | 'Aborted'
        | 'Blocked'
        | 'Completed';
      regionWeights: {
        [key: string]: number;
      };
      rollback?: {
        [key: string]: unknown;
      };
      rollbackTarget: {
        explanation: string;
        reason: string;
        release: string | null;
      } & {
        [key: string]: unknown;
      };
      stage: string;
      startedAt: number;
      stepIndex: number;
      stepStartedAt: number;
      warmTarget?: {
        at: number;
        /** @enum {string} */
        condition: 'TargetWarm' | 'TargetCold';
        limitMs: number | null;
        message: string;
        p95Ms: number | null;
        release: string;
        warm: boolean;
      } & {
        [key: string]: unknown;
      };
      weight: number;
    } & {
      [key: string]: unknown;
    };
    RoutingSnapshot: {
      flags: components['schemas']['Flag'][];
      kpis?: {
        [key: string]: string[];
      };
      models: components['schemas']['Model'][];
      policies: components['schemas']['TrafficPolicy'][];
      releases: components['schemas']['Release'][];
      revision: number;
    };
    StoredDecision: {
      baseline: string;
      candidateShare: number;
      decision: components['schemas']['Decision'];
      phase: string;
      release: string;
      rollout: string;
    } & {
      [key: string]: unknown;
    };
    TokenInfo: {
      createdAt: string;
      createdBy: string;
      id: string;
      name: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'admin';
    };
    TrafficPolicy: {
      fallback?: {
        release?: string;
        static?: {
          body: unknown;
          /** @default 200 */
          status: number;
        };
      };
      /** @default [] */
      headerRoutes: {
        header: string;
        regex?: string;
        release: string;
        value?: string;
      }[];
      mirror?: {
        /**
         * @default {
         *       "numericTolerance": 0.000001,
         *       "topK": 10
         *     }
         */
        compare: {
          /** @default 0.000001 */
          numericTolerance: number;
          /** @default 10 */
          topK: number;
        };
        /** @default 32 */
        maxConcurrency: number;
        /** @default 256 */
        maxQueue: number;
        percent: number;
        release: string;
        /** @default [] */
        segmentBy: string[];
        /** @default 2000 */
        timeoutMs: number;
      };
      model: string;
      /** @default x-region */
      regionHeader: string;
      /** @default {} */
      regions: {
        [key: string]: {
          release: string;
          weight: number;
        }[];
      };
      /** @default true */
      retryOnStable: boolean;
      revision: number;
      stable: string;
      sticky?: {
        key: string;
        /** @enum {string} */
        source: 'header' | 'cookie' | 'json';
      };
      updatedAt: string;
      updatedBy: string;
      /** @default [] */
      weights: {
        release: string;
        weight: number;
      }[];
    };
    TrafficPolicyWrite: {
      /** @description present when the write asked to wait (wait=true) */
      applied?: {
        /** @description every gateway serves this revision */
        confirmed: boolean;
        /** @description which gateways do not serve it yet, and why, when not confirmed */
        message: string;
      };
      fallback?: {
        release?: string;
        static?: {
          body: unknown;
          /** @default 200 */
          status: number;
        };
      };
      /** @default [] */
      headerRoutes: {
        header: string;
        regex?: string;
        release: string;
        value?: string;
      }[];
      mirror?: {
        /**
         * @default {
         *       "numericTolerance": 0.000001,
         *       "topK": 10
         *     }
         */
        compare: {
          /** @default 0.000001 */
          numericTolerance: number;
          /** @default 10 */
          topK: number;
        };
        /** @default 32 */
        maxConcurrency: number;
        /** @default 256 */
        maxQueue: number;
        percent: number;
        release: string;
        /** @default [] */
        segmentBy: string[];
        /** @default 2000 */
        timeoutMs: number;
      };
      model: string;
      /** @default x-region */
      regionHeader: string;
      /** @default {} */
      regions: {
        [key: string]: {
          release: string;
          weight: number;
        }[];
      };
      /** @default true */
      retryOnStable: boolean;
      revision: number;
      stable: string;
      sticky?: {
        key: string;
        /** @enum {string} */
        source: 'header' | 'cookie' | 'json';
      };
      updatedAt: string;
      updatedBy: string;
      /** @default [] */
      weights: {
        release: string;
        weight: number;
      }[];
    };
  };
  responses: {
    /** @description Invalid input: `errors` lists every field with a JSON Pointer and the fix */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Refused by the current state (a clash, an immutable record, no healthy rollback target) */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is larger than the server accepts */
    ContentTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The token's role is below the one this operation needs */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description A named record does not exist */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description If-Match named a revision that is no longer current: re-read and retry */
    PreconditionFailed: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Unexpected error (500) or the control plane is unavailable (503) */
    Problem: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No valid bearer token */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is not application/json */
    UnsupportedMediaType: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getAliases: {
    parameters: {
      query?: {
        model?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Alias'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  postApply: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          documents: unknown[];
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplyResult'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getAudit: {
    parameters: {
      query?: {
        action?: string;
        actor?: string;
        afterSeq?: number;
        limit?: number;
        since?: string;
        target?: string;
        until?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditEntry'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  getDrills: {
    parameters: {
      query?: {
        model?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            endedAt?: number;
            /** @enum {string} */
            executors: 'dry-run' | 'live';
            /** @enum {string} */
            fault: 'latency' | 'errors' | 'collapse' | 'crash';
            faultAt?: number;
            id: string;
            incidentId?: string;
            message: string;
            model: string;
            mttr?: {
              phases: {
                from?: number;
                ms?: number;
                phase: string;
                running: boolean;
                to?: number;
              }[];
              timeToMitigateMs?: number;
              totalMs?: number;
            };
            /** @enum {string} */
            outcome: 'running' | 'recovered' | 'not-detected' | 'escalated' | 'failed';
            release: string;
            rollout: string;
            startedAt: number;
            startedBy: string;
            target: string;
            triggers: string[];
            triggersFrom: string;
          }[];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  postDrills: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          detectWithinMs?: number;
          /** @enum {string} */
          fault: 'latency' | 'errors' | 'collapse' | 'crash';
          liveExecutors?: boolean;
          model: string;
          rps?: number;
          warmupMs?: number;
          weight?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            endedAt?: number;
            /** @enum {string} */
            executors: 'dry-run' | 'live';
            /** @enum {string} */
            fault: 'latency' | 'errors' | 'collapse' | 'crash';
            faultAt?: number;
            id: string;
            incidentId?: string;
            message: string;
            model: string;
            mttr?: {
              phases: {
                from?: number;
                ms?: number;
                phase: string;
                running: boolean;
                to?: number;
              }[];
              timeToMitigateMs?: number;
              totalMs?: number;
            };
            /** @enum {string} */
            outcome: 'running' | 'recovered' | 'not-detected' | 'escalated' | 'failed';
            release: string;
            rollout: string;
            startedAt: number;
            startedBy: string;
            target: string;
            triggers: string[];
            triggersFrom: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getDrillsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            endedAt?: number;
            /** @enum {string} */
            executors: 'dry-run' | 'live';
            /** @enum {string} */
            fault: 'latency' | 'errors' | 'collapse' | 'crash';
            faultAt?: number;
            id: string;
            incidentId?: string;
            message: string;
            model: string;
            mttr?: {
              phases: {
                from?: number;
                ms?: number;
                phase: string;
                running: boolean;
                to?: number;
              }[];
              timeToMitigateMs?: number;
              totalMs?: number;
            };
            /** @enum {string} */
            outcome: 'running' | 'recovered' | 'not-detected' | 'escalated' | 'failed';
            release: string;
            rollout: string;
            startedAt: number;
            startedBy: string;
            target: string;
            triggers: string[];
            triggersFrom: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getFeatures: {
    parameters: {
      query?: {
        name?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FeatureVersion'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  postFeatures: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default {} */
          config?: {
            [key: string]: unknown;
          };
          digest: string;
          /**
           * @default feature-pipeline
           * @enum {string}
           */
          kind?: 'encoder' | 'feature-pipeline';
          name: string;
          source?: {
            commit: string;
            path?: string;
            repository?: string;
          };
          version: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FeatureVersion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getFeaturesByNameByVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FeatureVersion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getFlags: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Flag'][];
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  putFlagsByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          enabled: boolean;
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Flag'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getHealthz: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ok';
          };
        };
      };
      default: components['responses']['Problem'];
    };
  };
  getIncidents: {
    parameters: {
      query?: {
        limit?: number;
        model?: string;
        since?: string;
        status?: 'detected' | 'triaged' | 'verifying' | 'resolved' | 'escalated';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': ({
            id: string;
            model: string;
            mttr: {
              phases: unknown[];
            } & {
              [key: string]: unknown;
            };
            recovery: {
              line: string;
              recovered: boolean;
            } & {
              [key: string]: unknown;
            };
            release: string;
            stages?: ({
              reason: string;
              stage: number;
              /** @enum {string} */
              status: 'waiting' | 'running' | 'ran' | 'skipped';
              steps: string[];
            } & {
              [key: string]: unknown;
            })[];
            /** @enum {string} */
            status: 'detected' | 'triaged' | 'verifying' | 'resolved' | 'escalated';
            target: string;
            times: {
              firstBreachAt: number;
            } & {
              [key: string]: unknown;
            };
            trigger: string;
          } & {
            [key: string]: unknown;
          })[];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  getIncidentsById: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            model: string;
            mttr: {
              phases: unknown[];
            } & {
              [key: string]: unknown;
            };
            recovery: {
              line: string;
              recovered: boolean;
            } & {
              [key: string]: unknown;
            };
            release: string;
            stages?: ({
              reason: string;
              stage: number;
              /** @enum {string} */
              status: 'waiting' | 'running' | 'ran' | 'skipped';
              steps: string[];
            } & {
              [key: string]: unknown;
            })[];
            /** @enum {string} */
            status: 'detected' | 'triaged' | 'verifying' | 'resolved' | 'escalated';
            target: string;
            times: {
              firstBreachAt: number;
            } & {
              [key: string]: unknown;
            };
            trigger: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getIncidentsByIdEvidence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            samples: unknown[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getIncidentsByIdExport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  postIncidentsByIdOnset: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          at: number;
          reportedBy?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            model: string;
            mttr: {
              phases: unknown[];
            } & {
              [key: string]: unknown;
            };
            recovery: {
              line: string;
              recovered: boolean;
            } & {
              [key: string]: unknown;
            };
            release: string;
            stages?: ({
              reason: string;
              stage: number;
              /** @enum {string} */
              status: 'waiting' | 'running' | 'ran' | 'skipped';
              steps: string[];
            } & {
              [key: string]: unknown;
            })[];
            /** @enum {string} */
            status: 'detected' | 'triaged' | 'verifying' | 'resolved' | 'escalated';
            target: string;
            times: {
              firstBreachAt: number;
            } & {
              [key: string]: unknown;
            };
            trigger: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getIncidentsByIdReport: {
    parameters: {
      query?: {
        format?: 'json' | 'md' | 'html';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | string
            | ({
                id: string;
                severity: {
                  severity: string;
                } & {
                  [key: string]: unknown;
                };
                timeline: unknown[];
              } & {
                [key: string]: unknown;
              });
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': string;
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  getModels: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Model'][];
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByModelAliasesByAlias: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        alias: string;
        model: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Alias'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  putModelsByModelAliasesByAlias: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        alias: string;
        model: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason?: string;
          release: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Alias'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByModelAliasesByAliasHistory: {
    parameters: {
      query?: {
        at?: string;
      };
      header?: never;
      path: {
        alias: string;
        model: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | {
                at: string;
                release: string | null;
              }
            | components['schemas']['AliasMove'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByModelRollbackCandidate: {
    parameters: {
      query?: {
        exclude?: string;
      };
      header?: never;
      path: {
        model: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RollbackCandidate'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByModelTelemetry: {
    parameters: {
      query?: {
        over?: string;
      };
      header?: never;
      path: {
        model: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ObservedTraffic'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByModelVersions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        model: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelVersion'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  postModelsByModelVersions: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        model: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          artifactUri: string;
          /** @default [] */
          compatibleFeatures?: {
            name: string;
            version: string;
          }[];
          datasetVersion?: string;
          digest: string;
          /** @default unknown */
          framework?: string;
          label?: string;
          /** @default {} */
          metrics?: {
            [key: string]: number;
          };
          /** @default {} */
          tags?: {
            [key: string]: string;
          };
          trainingConfigCommit?: string;
          version?: number;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelVersion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByModelVersionsByVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        model: string;
        version: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelVersion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  deleteModelsByModelVersionsByVersion: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        model: string;
        version: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      default: components['responses']['Problem'];
    };
  };
  postModelsByModelVersionsByVersionArchive: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        model: string;
        version: number;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelVersion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Model'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  putModelsByName: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default  */
          description?: string;
          inputSchema?: {
            fields: {
              [key: string]: {
                /** @default false */
                nullable?: boolean;
                /** @default true */
                required?: boolean;
                /** @enum {string} */
                type: 'number' | 'integer' | 'string' | 'boolean' | 'array' | 'object';
              };
            };
          };
          owner: string;
          predictionPath?: string;
          /** @enum {string} */
          protocol: 'tfserving' | 'kserve-v2' | 'json';
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Model'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByNameDoctor: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            checkedAt: string;
            checks: {
              detail: string;
              fix: string;
              name: string;
              /** @enum {string} */
              status: 'pass' | 'warn' | 'fail';
            }[];
            model: string;
            ok: boolean;
            triggers: string[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getModelsByNameRunbook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            generatedAt: string;
            model: string;
            problems: {
              fix: string;
              problem: string;
              step: string;
            }[];
            sections: {
              heading: string;
              id: string;
              lines?: string[];
              steps?: {
                command?: string;
                text: string;
              }[];
              table?: {
                head: string[];
                rows: string[][];
              };
            }[];
            title: string;
            triggers: string[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  postModelsByNameRunbookSteps: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          command?: string;
          /** @enum {string} */
          outcome: 'done' | 'skipped';
          reason?: string;
          step: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            action: string;
            at: string;
            seq: number;
            target: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postOfrepV1EvaluateFlags: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          context?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            flags: {
              key: string;
              metadata: {
                [key: string]: string | number | boolean;
              };
              /** @constant */
              reason: 'STATIC';
              value: boolean;
              /** @enum {string} */
              variant: 'on' | 'off';
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postOfrepV1EvaluateFlagsByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          context?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | {
                key: string;
                metadata: {
                  [key: string]: string | number | boolean;
                };
                /** @constant */
                reason: 'STATIC';
                value: boolean;
                /** @enum {string} */
                variant: 'on' | 'off';
              }
            | {
                /** @constant */
                errorCode: 'FLAG_NOT_FOUND';
                errorDetails: string;
                key: string;
              };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getOpenapijson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      default: components['responses']['Problem'];
    };
  };
  getProblemsByType: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        type: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/markdown': string;
        };
      };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getReleases: {
    parameters: {
      query?: {
        model?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Release'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  postReleases: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default  */
          description?: string;
          /** @default [] */
          features?: {
            name: string;
            version: string;
          }[];
          /** @default false */
          healthyBaseline?: boolean;
          model: string;
          modelVersion: number;
          name: string;
          serving: {
            backends: {
              /** Format: uri */
              url: string;
              /** @default 1 */
              weight?: number;
            }[];
            /** @default {} */
            env?: {
              [key: string]: string;
            };
            /** @default {} */
            headers?: {
              [key: string]:
                | string
                | {
                    valueFrom:
                      | {
                          env: string;
                        }
                      | {
                          file: string;
                        };
                  };
            };
            /** @default /healthz */
            healthPath?: string;
            /** @enum {string} */
            healthProtocol?: 'http' | 'grpc';
            healthService?: string;
            /** @default [] */
            passHeaders?: string[];
            /** @default 5000 */
            timeoutMs?: number;
            upstreamModel?: string;
          };
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Release'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getReleasesByName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Release'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  postReleasesByNameArchive: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Release'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postReleasesByNameBaseline: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          healthy: boolean;
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Release'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getReleasesByNameDiffByOther: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
        other: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReleaseDiff'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getRollouts: {
    parameters: {
      query?: {
        model?: string;
        phase?:
          | 'Progressing'
          | 'Paused'
          | 'Guarding'
          | 'RollingBack'
          | 'RolledBack'
          | 'Aborted'
          | 'Blocked'
          | 'Completed';
        since?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  postRollouts: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default false */
          allowFallback?: boolean;
          analysis: {
            alpha?: number;
            args?: {
              name: string;
              value: string;
            }[];
            consecutiveBreaches?: number;
            metrics?: {
              consecutiveErrorLimit?: number;
              count?: number;
              dryRun?: boolean;
              failureCondition?: string;
              failureLimit?: number;
              inconclusiveLimit?: number;
              initialDelay?: string;
              interval?: string;
              name: string;
              provider: {
                prometheus: {
                  /** Format: uri */
                  address: string;
                  bearerTokenEnv?: string;
                  query: string;
                };
              };
              successCondition?: string;
            }[];
            provider?: {
              prometheus: {
                /** Format: uri */
                address: string;
                bearerTokenEnv?: string;
                durationBuckets?: string;
                /** @enum {string} */
                durationUnit?: 'seconds' | 'milliseconds';
                labels?: {
                  model?: string;
                  release?: string;
                };
                outcomeLabel?: string;
                requests?: string;
                selector?: {
                  [key: string]: string;
                };
                statusCodeLabel?: string;
              };
            };
            sequentialBreaches?: number;
            triggers: string[];
          };
          baseline?: string;
          blueGreen?: {
            /** @default true */
            autoPromote?: boolean;
            /** @default 2h */
            keepWarm?: string;
            /**
             * @default {
             *       "duration": "10m"
             *     }
             */
            postPromotionAnalysis?: {
              duration: string;
            };
            prePromotionAnalysis?: {
              duration: string;
            };
            /** @default 0 */
            warmupRequests?: number;
          };
          canary?: {
            /**
             * @default [
             *       {
             *         "setWeight": 1
             *       },
             *       {
             *         "pause": {
             *           "duration": "1m"
             *         }
             *       },
             *       {
             *         "setWeight": 5
             *       },
             *       {
             *         "pause": {
             *           "duration": "2m"
             *         }
             *       },
             *       {
             *         "setWeight": 25
             *       },
             *       {
             *         "pause": {
             *           "duration": "5m"
             *         }
             *       },
             *       {
             *         "setWeight": 50
             *       },
             *       {
             *         "pause": {
             *           "duration": "5m"
             *         }
             *       },
             *       {
             *         "setWeight": 100
             *       }
             *     ]
             */
            steps?: (
              | {
                  setWeight: number;
                }
              | {
                  pause: {
                    duration?: string;
                  };
                }
              | {
                  analysis: {
                    duration: string;
                  };
                }
              | {
                  setHeaderRoute: {
                    header: string;
                    regex?: string;
                    value?: string;
                  } | null;
                }
              | {
                  setMirror: {
                    percent: number;
                    segmentBy?: string[];
                  } | null;
                }
              | {
                  setRegionWeight: {
                    region: string;
                    weight: number;
                  };
                }
            )[];
          };
          drill?: {
            /** @enum {string} */
            fault: 'latency' | 'errors' | 'collapse' | 'crash';
            id: string;
            /** @default false */
            liveExecutors?: boolean;
          };
          /** @default [] */
          executors?: (
            | {
                /** @constant */
                kind: 'webhook';
                name: string;
                secretEnv?: string;
                /** Format: uri */
                url: string;
              }
            | {
                deployment: string;
                /** @constant */
                kind: 'kubernetes-deployment';
                name: string;
                namespace?: string;
                /** @default ripcord.dev/release */
                releaseLabel?: string;
                /** @default {} */
                revisions?: {
                  [key: string]: number;
                };
                /** @default 5m */
                timeout?: string;
              }
            | {
                /** @default helm */
                helm?: string;
                /** @constant */
                kind: 'helm';
                kubeconfig?: string;
                kubeContext?: string;
                name: string;
                namespace?: string;
                release: string;
                /** @default ripcord.release */
                releaseValue?: string;
                /** @default {} */
                revisions?: {
                  [key: string]: number;
                };
                /** @default 5m */
                timeout?: string;
              }
            | {
                /** @constant */
                kind: 'argo-rollouts';
                name: string;
                namespace?: string;
                /** @default ripcord.dev/release */
                releaseLabel?: string;
                /** @default {} */
                revisions?: {
                  [key: string]: number;
                };
                rollout: string;
                /** @default 5m */
                timeout?: string;
              }
            | {
                /**
                 * @default predictor
                 * @enum {string}
                 */
                component?: 'predictor' | 'transformer' | 'explainer';
                inferenceService: string;
                /** @constant */
                kind: 'kserve';
                name: string;
                namespace?: string;
                /** @default {} */
                revisions?: {
                  [key: string]: string;
                };
                /** @default 5m */
                timeout?: string;
              }
            | {
                alias?: string;
                /** @default true */
                archivePulled?: boolean;
                /** @constant */
                kind: 'mlflow';
                name?: string;
                registeredModel?: string;
                /** @enum {string} */
                stage?: 'Production' | 'Staging';
                tokenEnv?: string;
                /** Format: uri */
                trackingUri: string;
              }
            | {
                /** @default main */
                branch?: string;
                /** @default dvc */
                dvc?: false | string;
                feature: string;
                /** @constant */
                kind: 'feature-pipeline';
                /**
                 * @default checkout
                 * @enum {string}
                 */
                mode?: 'checkout' | 'revert';
                name?: string;
                path?: string;
                /** @default origin */
                remote?: string;
                workdir: string;
              }
            | {
                /** @default main */
                branch?: string;
                file: string;
                /** @constant */
                kind: 'gitops';
                name?: string;
                /** @default origin */
                remote?: string;
                workdir: string;
              }
            | {
                configCommit?: string;
                datasetVersion?: string;
                github?: {
                  /** Format: uri */
                  apiUrl?: string;
                  /** @default main */
                  ref?: string;
                  repository: string;
                  workflow: string;
                };
                gitlab?: {
                  project: string;
                  /** @default main */
                  ref?: string;
                  /** Format: uri */
                  url: string;
                };
                /** @constant */
                kind: 'retrain';
                name?: string;
                tokenEnv: string;
              }
          )[];
          /**
           * @default {
           *       "fastFor": "2h",
           *       "interval": "30s",
           *       "baselineWindow": "30m"
           *     }
           */
          guard?: {
            /** @default 30m */
            baselineWindow?: string;
            /** @default 2h */
            fastFor?: string;
            /** @default 30s */
            interval?: string;
            triggers?: string[];
          };
          incident?: {
            /**
             * @default P3
             * @enum {string}
             */
            otherwise?: 'P1' | 'P2' | 'P3' | 'P4';
            severityRules?: {
              kpis?: string[];
              metrics?: string[];
              /** @enum {string} */
              severity: 'P1' | 'P2' | 'P3' | 'P4';
              words?: string[];
            }[];
            valuePerConversion?: {
              /** @default USD */
              currency?: string;
              kpi: string;
              value: number;
            };
          };
          model: string;
          name: string;
          /** @default [] */
          notify?: (
            | {
                /** Format: uri */
                apiUrl?: string;
                channel?: string;
                /** @constant */
                kind: 'slack';
                kinds?: ('opened' | 'updated' | 'escalated' | 'resolved' | 'alert')[];
                name: string;
                tokenEnv?: string;
                webhookUrlEnv?: string;
              }
            | {
                /** @constant */
                kind: 'pagerduty';
                kinds?: ('opened' | 'updated' | 'escalated' | 'resolved' | 'alert')[];
                name: string;
                routingKeyEnv: string;
                /**
                 * @default critical
                 * @enum {string}
                 */
                severity?: 'critical' | 'error' | 'warning' | 'info';
                /**
                 * Format: uri
                 * @default https://events.pagerduty.com/v2/enqueue
                 */
                url?: string;
              }
            | {
                /** @constant */
                kind: 'teams';
                kinds?: ('opened' | 'updated' | 'escalated' | 'resolved' | 'alert')[];
                name: string;
                webhookUrlEnv: string;
              }
            | {
                /** @constant */
                kind: 'standard-webhook';
                kinds?: ('opened' | 'updated' | 'escalated' | 'resolved' | 'alert')[];
                name: string;
                secretEnv: string;
                /** Format: uri */
                url: string;
              }
          )[];
          release: string;
          /**
           * @default {
           *       "immediateFor": []
           *     }
           */
          rollbackStages?: {
            /** @default [] */
            immediateFor?: ('hard' | 'soft' | 'manual')[];
            infrastructureAfter?: string;
          };
          rollbackTo?: string;
          shadow?: {
            /**
             * @default {
             *       "numericTolerance": 0.000001,
             *       "topK": 10
             *     }
             */
            compare?: {
              /** @default 0.000001 */
              numericTolerance?: number;
              /** @default 10 */
              topK?: number;
            };
            /** @default 10m */
            duration?: string;
            /** @default 0.9 */
            minAgreement?: number;
            /** @default 30 */
            minSamples?: number;
            /** @default 10 */
            percent?: number;
            /** @default [] */
            segmentBy?: string[];
          };
          sticky?: {
            key: string;
            /** @enum {string} */
            source: 'header' | 'cookie' | 'json';
          };
          /**
           * @default {
           *       "within": "30s",
           *       "maxErrorRate": 0.05,
           *       "watchFor": "2h"
           *     }
           */
          verify?: {
            /** @default 0.05 */
            maxErrorRate?: number;
            /** @default 2h */
            watchFor?: string;
            /** @default 30s */
            within?: string;
          };
          warmUp?: {
            /** @default 1h */
            baselineWindow?: string;
            /** @default [] */
            examples?: {
              body?: unknown;
              /**
               * @default POST
               * @enum {string}
               */
              method?: 'POST' | 'GET' | 'PUT';
              path: string;
            }[];
            /** @default true */
            fromSampledTraffic?: boolean;
            /** @default 1m */
            interval?: string;
            keepFor?: string;
            /** @default 1.5 */
            latencyFactor?: number;
            minReadyReplicas?: number;
            /** @default 20 */
            requests?: number;
            workload?: {
              /** @enum {string} */
              kind: 'Deployment' | 'InferenceService';
              name: string;
              namespace?: string;
            };
          };
          /** @default [] */
          webhooks?: {
            name: string;
            secretEnv?: string;
            /** Format: uri */
            url: string;
          }[];
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getRolloutsByName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  postRolloutsByNameAbort: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          full?: boolean;
          reason?: string;
          to?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getRolloutsByNameDecisions: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoredDecision'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getRolloutsByNameEvents: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A stream of server-sent events (`event:` names the kind, `data:` holds JSON) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  postRolloutsByNameFlip: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          full?: boolean;
          reason?: string;
          to?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postRolloutsByNamePause: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          full?: boolean;
          reason?: string;
          to?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postRolloutsByNamePromote: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          full?: boolean;
          reason?: string;
          to?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postRolloutsByNameResume: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          full?: boolean;
          reason?: string;
          to?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postRolloutsByNameRetry: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          full?: boolean;
          reason?: string;
          to?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postRolloutsByNameRollback: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          full?: boolean;
          reason?: string;
          to?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rollout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getRolloutsByNameRollbackPlan: {
    parameters: {
      query?: {
        to?: string;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RollbackPreview'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  getRouting: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoutingSnapshot'];
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  getRoutingGateways: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FleetMember'][];
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  postRoutingGatewaysById: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          failures: {
            field: string;
            message: string;
            model: string;
          }[];
          lastError?: string;
          policies: {
            [key: string]: number;
          };
          revision?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            accepted: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getRoutingStream: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A stream of server-sent events (`event:` names the kind, `data:` holds JSON) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  postTelemetryBuckets: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          buckets: {
            im?: number;
            ir: number;
            k: {
              [key: string]: {
                n: number;
                sum: number;
                sumSq: number;
              };
            };
            l: string;
            model: string;
            n: number;
            o: number[];
            p: {
              c: number;
              f: number;
              i: [string, number][];
              t: number;
            };
            pr: number;
            q: {
              [key: string]: {
                categories?: {
                  counts: {
                    [key: string]: number;
                  };
                  overflow: boolean;
                };
                histogram?: {
                  counts: number[];
                  edges: number[];
                };
                mismatches?: number;
                missing: number;
                nulls: number;
                wrongType: number;
              };
            };
            region: string;
            release: string;
            sec: number;
          }[];
          instance: string;
          seq: number;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accepted: number;
            duplicate: boolean;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getTelemetryGateways: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            buckets: number;
            duplicatePosts: number;
            firstSeen: number;
            instance: string;
            lastSeen: number;
            lateBuckets: number;
            name: string;
            posts: number;
            refusedBuckets: number;
          }[];
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  getTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TokenInfo'][];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      default: components['responses']['Problem'];
    };
  };
  postTokens: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          /** @enum {string} */
          role: 'viewer' | 'operator' | 'admin';
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedToken'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  deleteTokensById: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            revoked: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      default: components['responses']['Problem'];
    };
  };
  getTraffic: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TrafficPolicy'][];
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  getTrafficByModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        model: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TrafficPolicy'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      default: components['responses']['Problem'];
    };
  };
  putTrafficByModel: {
    parameters: {
      query?: {
        wait?: 'true' | 'false';
      };
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path: {
        model: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          fallback?: {
            release?: string;
            static?: {
              body: unknown;
              /** @default 200 */
              status?: number;
            };
          };
          /** @default [] */
          headerRoutes?: {
            header: string;
            regex?: string;
            release: string;
            value?: string;
          }[];
          mirror?: {
            /**
             * @default {
             *       "numericTolerance": 0.000001,
             *       "topK": 10
             *     }
             */
            compare?: {
              /** @default 0.000001 */
              numericTolerance?: number;
              /** @default 10 */
              topK?: number;
            };
            /** @default 32 */
            maxConcurrency?: number;
            /** @default 256 */
            maxQueue?: number;
            percent: number;
            release: string;
            /** @default [] */
            segmentBy?: string[];
            /** @default 2000 */
            timeoutMs?: number;
          };
          /** @default x-region */
          regionHeader?: string;
          /** @default {} */
          regions?: {
            [key: string]: {
              release: string;
              weight: number;
            }[];
          };
          /** @default true */
          retryOnStable?: boolean;
          stable: string;
          sticky?: {
            key: string;
            /** @enum {string} */
            source: 'header' | 'cookie' | 'json';
          };
          /** @default [] */
          weights?: {
            release: string;
            weight: number;
          }[];
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TrafficPolicyWrite'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postVerdicts: {
    parameters: {
      query?: never;
      header?: {
        /** @description The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412 */
        'If-Match'?: string;
        /** @description Why; recorded in the audit trail */
        'X-Ripcord-Reason'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          alpha?: number;
          baseline: string;
          canaryWeight?: number;
          candidate: string;
          model: string;
          since?: string;
          triggers: string[];
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            at: string;
            baseline: string;
            canaryWeight: number;
            candidate: string;
            model: string;
            readings: {
              message: string;
              pValue?: number;
              severity: string;
              /** @enum {string} */
              status: 'ok' | 'breach' | 'pending-breach' | 'insufficient-data';
              trigger: string;
            }[];
            reason: string;
            since: string;
            /** @enum {string} */
            verdict: 'pass' | 'fail' | 'hold' | 'pending';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  postVerdictsFlaggerByGate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        gate:
          'confirm-rollout' | 'pre-rollout' | 'confirm-traffic-increase' | 'confirm-promotion' | 'rollback';
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          checksum?: string;
          metadata?: {
            [key: string]: string;
          };
          name: string;
          namespace: string;
          phase?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            at: string;
            baseline: string;
            canaryWeight: number;
            candidate: string;
            model: string;
            readings: {
              message: string;
              pValue?: number;
              severity: string;
              /** @enum {string} */
              status: 'ok' | 'breach' | 'pending-breach' | 'insufficient-data';
              trigger: string;
            }[];
            reason: string;
            since: string;
            /** @enum {string} */
            verdict: 'pass' | 'fail' | 'hold' | 'pending';
          };
        };
      };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      default: components['responses']['Problem'];
    };
  };
  getVersions: {
    parameters: {
      query?: {
        model?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelVersion'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
  getWhoami: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            /** @enum {string} */
            role: 'viewer' | 'operator' | 'admin';
          };
        };
      };
      401: components['responses']['Unauthorized'];
      default: components['responses']['Problem'];
    };
  };
}
