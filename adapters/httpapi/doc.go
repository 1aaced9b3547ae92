// Package httpapi serves the dandang processes over HTTP as JSON: New
// returns an http.Handler over any of the four services a host passes,
// built on net/http's ServeMux patterns, that a host mounts in its own
// server. It translates and holds no rules: every refusal is the
// service's.
//
// # Who acts
//
// Who is acting comes from the host, never from the request: the host's
// [Authenticator] reads its own session or token and names the actor, whose
// organ the handler resolves in the directory (XC07). No actor: 401. An
// organ the directory does not hold, or asserts otherwise: 403. An "actor"
// or "organ" member in a body is dropped unread.
//
// # Routes
//
// For each process K served (accusation, clearance, tolerance, followup):
//
//	GET  /K/cases/{id}             the case (a [CaseView]); its ETag is its version
//	GET  /K/cases/{id}/history     the history and whether it verifies (XC01, XC11)
//	GET  /K/cases                  Find: state, subjectId, organId, region, closedFrom, closedTo; limit and cursor page it
//	GET  /K/overdue                open cases past their deadline (?at=; default now)
//	GET  /K/provisional            open cases with a provisional deadline (XC10)
//	GET  /K/awaiting               the cases whose next step awaits the actor's organ and one of its roles
//	GET  /K/stats                  statistics of the closed period ?from=&to=[&region=] (XC04)
//	POST /K/cases                  open a case (accusation: register a report, [ReceiveInput])
//	POST /K/cases/{id}/{command}   one command on the case, its input as JSON, If-Match required
//	POST /K/{command}              a command on several cases or none (carryOutJointly, sweep, campaign, liftDue, redate)
//
// plus /openapi.json, the OpenAPI 3.1 document of them all, and /healthz,
// which asks Config.Health. A command's route name is its Service method's
// in lowerCamelCase (Service.DecideDecline is decideDecline), by the kit's
// naming table; its body is the method's input struct with the data
// contract's json names (schema/), the case and version coming from the
// path and If-Match. A case ID holding a slash is path-escaped (%2F).
//
// User-facing text — the state's name, the notices and decisions, a
// refusal's explanation — follows Accept-Language: Simplified Chinese by
// default, English when asked for.
//
// # Versions
//
// A command names the version read in If-Match ("3", the ETag of the
// case): without it, 428; when the case moved on, 412 with its current
// version in the ETag and the body's currentVersion, and nothing written.
// Of two clients racing one command on one version, one is done, the other
// gets 412.
//
// # Errors
//
// Refusals are application/problem+json (RFC 9457, [Problem]): a type per
// code, the rule and the field, and the process's Explain text in the
// request's language. One table maps codes to statuses: invalid 422,
// not_found 404, conflict 409, transition 409, forbidden 403, stale 412,
// canceled 503 (the server gave up; nothing changed, try again), internal
// 500 with a fixed text and nothing of the fault. A case outside the
// actor's reach answers exactly as one that does not exist.
//
// Bodies are capped by Config.MaxBody ([DefaultMaxBody], 1 MiB; 413 over
// it) and decoded strictly ([Decode]): an unknown member, a value of the
// wrong type, malformed JSON or data after the value is refused with the
// field named, before anything reaches a service. Path values and query
// parameters are checked alike; an unknown query parameter is refused.
//
// # The reporter
//
// No answer carries a reporter's identity, nor the sealed ciphertext of it:
// the one exception is POST /accusation/cases/{id}/readIdentity, the read a
// grant authorized (AC04), which the service records in the case's history
// whether it is granted or refused ([IdentityView]). No answer may be kept
// by a cache (Cache-Control: no-store).
//
// Nor does an answer carry a report's pseudonym or content hash: keyed
// hashes of the reporter and the text (AC05) that would link one
// reporter's reports together for any reader. The reads that need them
// take the report's ID (GET …/identical, …/repeats).
//
// # Operations
//
// Config.Logger gets one line per request — the route pattern, the status,
// the duration, a refusal's code, rule and field — never a body or a query.
// Config.Observer sees each request as a command (Op "http.<route>"), around
// the service's own observation.
package httpapi
