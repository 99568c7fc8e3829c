/** The trigger grammar, printed with every parse error and in docs/triggers.md. */
export const TRIGGER_GRAMMAR = `trigger     := [severity ":"] metric condition [window...] [significance]
severity    := "hard" | "soft" | "observe"          (default hard: roll back now; soft: alert and pause;
                                                      observe: record and show readings, never act)
metric      := pNN "latency"                          e.g. p95 latency, p99.9 latency
             | "error rate"                           5xx, timeouts and connection errors / requests
             | "kpi" NAME                             e.g. kpi conversion (KPI events fed back per release)
             | "prediction diversity"                 normalized entropy of predicted items
             | "input null rate" ["(" FIELD ")"]      null or missing input fields / checked fields
             | "input schema mismatch rate" ["(" FIELD ")"]  input rows (or FIELD's values) breaking the schema
             | "psi" "(" FIELD ")"                    population stability index vs the baseline
             | "js" "(" FIELD ")"                     Jensen-Shannon distance vs the baseline (at most 0.83)
             | "ks" "(" FIELD ")"                     Kolmogorov-Smirnov distance vs the baseline (numbers)
condition   := ("up" | "down") (">" | ">=") NUMBER "%"     relative to the baseline release
             | (">" | ">=" | "<" | "<=") NUMBER [unit]     absolute
unit        := "ms" | "s" | "%"                       latency needs ms or s; rates take % or a fraction
window      := "for" DURATION                         the breach must hold this long before it counts
             | "over" DURATION                        judge only the trailing DURATION of data
DURATION    := NUMBER ("s" | "m" | "h")               e.g. 30s, 5m, 1h
significance:= "with significance" | "without significance"`;
