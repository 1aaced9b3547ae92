// Package dandangtest runs the library's rules as scenario files and gives
// Go tests the fixtures to run them by hand, as net/http/httptest does for
// handlers: the seed organs ([SeedDirectory]), an actor per role
// ([Actor]), a fixed clock, and the four services on one in-memory store
// with a dispatcher between them ([NewWorld]).
//
// # Scenario files
//
// A scenario file is YAML, chosen over Gherkin because every value in it is
// a command input with the data contract's json names, which YAML holds as
// they are, and because every error can name its line and column. Chinese
// is welcome in names, texts and keys of inputs:
//
//	policies:                       # optional: a policy file per process
//	  clearance: policies/fast.yaml
//	actors:                         # optional: named actors
//	  镇干部: {organ: "330723104", roles: [petition_office]}
//	scenarios:
//	  - name: 乡镇提出、县级批准
//	    start: 2023-03-01
//	    steps:
//	      - on: 2023-03-02
//	        as: 镇干部              # or organ/role: 330723104/petition_office
//	        do: clearance.Open
//	        input: {...}            # the command's input, by json names
//	        name: c1                # the case it returns is c1 from now on
//	        expect:
//	          state: opened
//	          deadline: 2023-03-16
//	          provisional: false
//	      - as: 镇干部
//	        do: clearance.Propose
//	        case: c1                # fills the input's ref with c1's ID and version
//	        expect: {refused: CL17}
//
// What a command takes but never records goes under confidential, apart
// from the input: accusation.Receive's reporter and text, and an input's
// fields kept out of the history (json:"-"), by their lowerCamelCase
// names, such as the accuser's name Sanction keeps only masked:
//
//	steps:
//	  - as: 信访室
//	    do: accusation.Sanction
//	    case: 举报
//	    input: {accuserId: dt-liu, category: party_member, ...}
//	    confidential: {accuserName: 刘某华}
//
// A command on several cases names them with cases (cases: [c1, c2], for
// clearance.CarryOutJointly), which fills the input's refs; its
// expectations look at the case expect.case names. A step may name an
// alias for the case a delivered event opened (bind: {c2: clearance});
// after every step the events written are delivered
// between the processes until none is left. Expectations: refused (a rule
// ID; without it the step must be allowed), rules (rules the step must
// have applied), state, deadline, provisional, notice (a text the case's
// record holds), event (a kind emitted), stat (a value of a process's
// Stats). Everything — keys, commands, input fields, actors, organs,
// roles, rules, events — is checked when the file is read, before
// anything runs; an error names the file, the line and what is wrong.
//
// # Coverage
//
// [Coverage] counts, per rule and policy version, the steps in which the
// engine recorded the rule as applied (the history records' Rules) and
// the steps it refused with the rule (the error's Rule) — a read's, such as
// Stats refusing an open period (XC04), too.
package dandangtest
