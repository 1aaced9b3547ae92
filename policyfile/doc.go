// Package policyfile reads a process's Policy from a YAML or JSON file, so
// that a provincial or county commission adapts a policy without writing
// Go: it copies one of the default policies the package ships
// ([Defaults]), changes what its own rules say, and checks the result
// (`dandang check FILE`).
//
// A policy file has three keys:
//
//	process: clearance          # accusation, clearance, tolerance or followup
//	policy:                     # the process's Policy, by its json names
//	  ref: {id: zhejiang, version: 1}
//	  deadlines: {propose: 10, approve: 5, carryOut: 5}
//	  ...
//	sources:                    # where each value comes from
//	  deadlines.carryOut: "national: CL18, county practice: 5 working days"
//	  deadlines.propose: "default: the seeds and the national rules name no deadline"
//
// Every value of the policy carries a source, keyed by its json path (a
// list as a whole, or each element as "exclusions[2]"). A source begins
// with its kind: "seed 004" (a seed document, /work/shared/seeds),
// "national: …" (a national rule), "local: …" (the commission's own
// document), or "default: …" (the library's own choice) and "stand-in: …"
// (a placeholder for a text the library has not seen). [File.Unsourced]
// lists the defaults and stand-ins, which a commission replaces with its
// own.
//
// Read refuses a key it does not know, a value of the wrong type, a value
// without a source, and a policy that does not validate, with an *Error
// naming the file, the line, the field and the rule the value breaks.
package policyfile
