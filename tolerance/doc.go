// Package tolerance runs fault tolerance (容错纠错): honest mistakes made
// while taking responsibility are tolerated, real violations are not
// (FT09). The decision is made by whoever pursues the accountability, at
// the same time, and never undoes an accountability decision already made
// (谁追责问责、谁认定容错; 防止翻烧饼, FT05).
//
// # The process
//
// When a responsibility inquiry or accountability starts, tolerance is
// assessed at once: [Service.HandleAccountabilityOpened] opens the
// assessment from the root's [event.AccountabilityOpened] event, and
// [Service.Open] opens it directly. One case exists per inquiry and
// subject. The case belongs to the organ pursuing the accountability, and
// [Pursuer] says which body pursues it there: a party committee, the
// discipline organ or the organization department. The policy's Deciders
// say which roles decide for each; another organ, or another body's role,
// is refused under FT05.
//
// The assessors record the three distinctions (三个区分开来, FT01) and answer
// the four questions — for the public or for oneself, negligence or intent,
// taking responsibility or slacking, daring or reckless (FT02) — each with
// its evidence ([Service.Distinguish]); they weigh the six factors case by
// case (一事一议, FT03: motive and attitude, objective conditions, procedure,
// nature, consequences, remediation, [Service.Weigh]); they establish which
// of the policy's excluded situations apply (FT04; Zhejiang lists six, the
// seed names image and vanity projects, 形象工程、政绩工程), whether there was
// private gain (FT09), which typical conditions are met (FT11) and, for a
// case in a domain with a checklist such as Xiangshan's business-environment
// list, which items are met (FT08, [Service.Establish]). A joint
// consultation with the organization, audit, political-legal and petition
// bodies (Lucheng's joint meeting with the organization department and the
// audit bureau) and, for a complex case, an expert group (Longquan) are
// recorded steps with who took part (FT06, [Service.Consult],
// [Service.HearExperts]).
//
// An excluded situation once found stays on the case until withdrawn by a
// recorded step with the reason and the signer's role ([Service.Withdraw]):
// an assessment step that omits it is refused (FT04).
//
// The assessors then propose the outcome (FT07): exemption (容错免责), with
// its written decision (《容错免责决定书》, [Case.DecisionText]); lighter or
// mitigated handling (从轻、减轻), with theirs; or no tolerance. A tolerated
// outcome is proposed only with the facts established; the facts and the
// reason may be recorded in English too, and each language's decision holds
// only that language's sentences. Grounds for waiving
// accountability — the three distinctions, an objection to a wrong
// collective decision, force majeure despite due diligence — open exemption;
// grounds for easing it — losses recovered, effects removed, cooperation —
// open lighter or mitigated handling only (FT10). An excluded situation,
// private gain or intent is never tolerated (FT04, FT09: one rule for a
// real violation wherever it was entered). Where the policy requires every
// typical condition, every tolerated outcome meets them (FT11). The body
// that pursues the accountability — the organ holding management authority
// over the subject ([dandang.Directory.Manages]) — decides, and never the
// one who proposed (XC08). The decision tells the accountability process
// the outcome ([event.ToleranceDecided]); every tolerated outcome —
// exemption, lighter or mitigated handling — publishes that appraisal,
// promotion, honours and candidacies are unaffected
// ([event.NoNegativeEvaluation], FT12), as statistics count all three as
// tolerated; both are outbox events written with the case.
//
// A decision is corrected only by a new recorded decision citing the
// reason, never by erasing (XC11): [Service.Reconsider] takes it up again
// for a new decision, keeping it among the past decisions, as long as no
// accountability decision is made (FT05); [Service.Revoke] revokes it, and
// [event.ToleranceRevoked] tells the accountability process and personnel
// systems.
//
// The accountability decision is recorded with
// [Service.RecordAccountability] or from the root's
// [event.AccountabilityDecided] event ([Service.HandleAccountabilityDecided]).
// Recorded before the tolerance decision, it forecloses it: the case ends,
// and every command after it is refused naming FT05, as every command but
// reconsidering and revoking is on a decided case. [Service.Stats]
// counts the decisions by outcome, organ, level and period.
//
// # Rules
//
// FT01–FT12 of DOMAIN.md section 4, each named by a test
// (TestTolerance_FT01_… to TestTolerance_FT12_…), and XC01–XC11 through the
// kit: the history (XC01, XC11), the directory (XC02, XC07), working-day
// deadlines (XC03, XC10), typed refusals that change nothing (XC06),
// separation of duties (XC08) and the transition table (XC09).
//
// # Commands
//
// Every command takes a context, the acting [dandang.Actor] and an input that
// names the case and the version last read ([Ref]). The commands are
// declared as data and run on the kit's [kit.Engine] in one fixed order:
// context; actor, resolved in the host's directory (XC07); reference; input;
// load; reach; version; state (XC09); authorization (FT05, XC08); the
// guards, on the process's one looplab/fsm machine definition; the change;
// a history record bound to the case's new state; outbox events; one store
// save conditional on the version. A refused command returns a
// *dandang.Error with a code, the rule ID and the field, and changes
// nothing; [Explain] renders it for users, zh-Hans by default and English.
//
// # States
//
// The state diagram, generated from the transition table ([Diagram]):
//
//	stateDiagram-v2
//	    [*] --> assessing
//	    assessing --> foreclosed: accountability
//	    assessing --> assessing: consult
//	    assessing --> assessing: distinguish
//	    assessing --> assessing: establish
//	    assessing --> assessing: hear_experts
//	    assessing --> proposed: propose
//	    assessing --> assessing: redate
//	    assessing --> assessing: weigh
//	    assessing --> assessing: withdraw
//	    decided --> decided: accountability
//	    decided --> assessing: reconsider
//	    decided --> revoked: revoke
//	    proposed --> foreclosed: accountability
//	    proposed --> decided: decide
//	    proposed --> proposed: redate
//	    proposed --> assessing: reject
//
// Commands that change no state (the distinctions and questions, the
// factors, the exclusions and conditions, consultations, the expert group,
// the accountability decision recorded after a tolerance decision, and the
// redate of a provisional deadline, XC10) are loops, recorded in the
// history all the same.
//
// Known limit: opening a case whose ID exists outside the opener's reach
// gives Conflict, not NotFound, so an opener can tell that the case exists
// (though not who handles it); see the kit package's "creation oracle".
package tolerance

//go:generate go run github.com/dandang/dandang/internal/enumgen
