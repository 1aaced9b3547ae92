// Package command finds a process's commands by name: the methods of its
// Service that take a context, an actor and (most of them) one input, and
// return an error last. Scenario files (dandangtest) and import files
// (internal/backfill) name commands so, and both find them here.
package command

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
)

var (
	ctxType   = reflect.TypeOf((*context.Context)(nil)).Elem()
	actorType = reflect.TypeOf(dandang.Actor{})
	errType   = reflect.TypeOf((*error)(nil)).Elem()
	refType   = reflect.TypeOf(dandang.Ref{})
)

// Services are the Service types of the processes, by process name.
func Services() map[string]reflect.Type {
	return map[string]reflect.Type{
		accusation.Kind: reflect.TypeOf(&accusation.Service{}), clearance.Kind: reflect.TypeOf(&clearance.Service{}),
		tolerance.Kind: reflect.TypeOf(&tolerance.Service{}), followup.Kind: reflect.TypeOf(&followup.Service{}),
	}
}

// Lookup finds the command name of process proc.
func Lookup(proc, name string) (reflect.Method, error) {
	t, ok := Services()[proc]
	if !ok {
		return reflect.Method{}, fmt.Errorf("unknown process %q; known: accusation, clearance, tolerance, followup", proc)
	}
	m, ok := t.MethodByName(name)
	if !ok || !Is(m) {
		return reflect.Method{}, fmt.Errorf("unknown command %s.%s; known: %s", proc, name, strings.Join(List(proc), ", "))
	}
	return m, nil
}

// Is reports whether m is a command: it takes a context and an actor, at
// most two more arguments, and returns an error last.
func Is(m reflect.Method) bool {
	t := m.Type
	return t.NumIn() >= 3 && t.NumIn() <= 5 && t.In(1) == ctxType && t.In(2) == actorType &&
		t.NumOut() >= 1 && t.Out(t.NumOut()-1) == errType
}

// List lists the commands (and reads) of process proc.
func List(proc string) []string {
	t := Services()[proc]
	var out []string
	for i := 0; t != nil && i < t.NumMethod(); i++ {
		if Is(t.Method(i)) {
			out = append(out, t.Method(i).Name)
		}
	}
	return out
}

// HasRef reports whether the command's input names one case, as
// Ref dandang.Ref.
func HasRef(m reflect.Method) bool {
	if m.Type.NumIn() < 4 {
		return false
	}
	in := m.Type.In(3)
	if in.Kind() != reflect.Struct {
		return false
	}
	f, ok := in.FieldByName("Ref")
	return ok && f.Type == refType
}

// HasRefs reports whether the command's input names several cases, as
// Refs []dandang.Ref.
func HasRefs(m reflect.Method) bool {
	if m.Type.NumIn() < 4 || m.Type.In(3).Kind() != reflect.Struct {
		return false
	}
	f, ok := m.Type.In(3).FieldByName("Refs")
	return ok && f.Type == reflect.SliceOf(refType)
}

// Unrecorded returns the fields of a command's input that are never
// recorded (json:"-"), such as the accuser's name Sanction masks.
func Unrecorded(m reflect.Method) []reflect.StructField {
	if m.Type.NumIn() < 4 || m.Type.In(3).Kind() != reflect.Struct {
		return nil
	}
	var out []reflect.StructField
	for _, f := range reflect.VisibleFields(m.Type.In(3)) {
		if f.IsExported() && f.Tag.Get("json") == "-" {
			out = append(out, f)
		}
	}
	return out
}
