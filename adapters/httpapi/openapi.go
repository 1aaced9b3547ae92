package httpapi

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"

	"github.com/dandang/dandang/internal/schema"
)

// openAPI returns the OpenAPI 3.1 document of routes: every path and
// operation, its parameters, its body's schema (the data contract's, from
// the Go types, as internal/schema generates them for schema/), and its
// answers. A request body's schema requires nothing and refuses unknown
// members, as the decoder does; an answer's requires every member the type
// always encodes.
func openAPI(routes []route) ([]byte, error) {
	comps := map[string]any{}
	paths := map[string]any{}
	problem := schemaRef(comps, reflect.TypeFor[Problem](), "", false)
	for _, rt := range routes {
		op := map[string]any{"operationId": rt.name, "summary": rt.summary, "tags": []string{rt.kind}}
		var params []any
		if strings.Contains(rt.path, "{id}") {
			params = append(params, map[string]any{"name": "id", "in": "path", "required": true,
				"description": "the case ID, path-escaped (a / is %2F)", "schema": map[string]any{"type": "string", "minLength": 1}})
		}
		for _, p := range rt.query {
			s := map[string]any{"type": p.typ}
			if p.format != "" {
				s["format"] = p.format
			}
			q := map[string]any{"name": p.name, "in": "query", "required": p.required, "schema": s}
			if p.doc != "" {
				q["description"] = p.doc
			}
			params = append(params, q)
		}
		if rt.ifMatch {
			params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true,
				"description": "the case version read, as its ETag gave it, such as \"3\"", "schema": map[string]any{"type": "string", "pattern": `^"?[1-9][0-9]*"?$`}})
		}
		params = append(params, map[string]any{"name": "Accept-Language", "in": "header", "required": false,
			"description": "zh-Hans (the default) or en", "schema": map[string]any{"type": "string"}})
		op["parameters"] = params
		if rt.in != nil {
			op["requestBody"] = map[string]any{"required": false, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaRef(comps, reflect.TypeOf(rt.in), "in.", true)}}}
		}
		status := "200"
		if rt.created {
			status = "201"
		}
		ok := map[string]any{"description": "done", "content": map[string]any{
			"application/json": map[string]any{"schema": schemaRef(comps, reflect.TypeOf(rt.out), "", false)}}}
		if rt.onCase || rt.created {
			ok["headers"] = map[string]any{"ETag": map[string]any{"description": "the case version, for If-Match", "schema": map[string]any{"type": "string"}}}
		}
		op["responses"] = map[string]any{
			status: ok,
			"default": map[string]any{"description": "a refusal or a fault (RFC 9457)", "content": map[string]any{
				"application/problem+json": map[string]any{"schema": problem}}},
		}
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = op
	}
	paths["/healthz"] = map[string]any{"get": map[string]any{"operationId": "healthz", "summary": "Whether the store answers",
		"responses": map[string]any{
			"200": map[string]any{"description": "the store answers", "content": map[string]any{"application/json": map[string]any{"schema": health}}},
			"503": map[string]any{"description": "the store does not answer", "content": map[string]any{"application/json": map[string]any{"schema": health}}},
		}}}
	paths["/openapi.json"] = map[string]any{"get": map[string]any{"operationId": "openapi", "summary": "This document",
		"responses": map[string]any{"200": map[string]any{"description": "the OpenAPI document", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}}}}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "dandang", "version": "1",
			"description": "The case work of the dandang library over HTTP: who acts comes from the host's authenticator; every command names the case version read in If-Match; refusals are application/problem+json naming the rule and the field."},
		"paths":      paths,
		"components": map[string]any{"schemas": comps},
	}
	return json.MarshalIndent(doc, "", "  ")
}

var health = map[string]any{"type": "object", "properties": map[string]any{"status": map[string]any{"type": "string", "enum": []string{"ok", "unavailable"}}}, "required": []string{"status"}}

// schemaRef generates t's schema with its named types under
// components/schemas, prefixed, and returns a reference to it. A request's
// schema (strict) requires nothing and refuses unknown members.
func schemaRef(comps map[string]any, t reflect.Type, prefix string, strict bool) map[string]any {
	g := schema.New()
	doc := g.Generate(t, "")
	defs, _ := doc["$defs"].(map[string]any)
	delete(doc, "$defs")
	delete(doc, "$schema")
	delete(doc, "title")
	for name, d := range defs {
		comps[prefix+component(name)] = fix(d, prefix, strict)
	}
	root := fix(map[string]any(doc), prefix, strict).(map[string]any)
	return root
}

var badChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// component turns a schema name such as kit.Header[clearance.State] into a
// component name OpenAPI allows.
func component(name string) string {
	return strings.Trim(badChars.ReplaceAllString(name, "_"), "_")
}

// fix rewrites $defs references to components and, for a request, drops
// required and refuses unknown members.
func fix(v any, prefix string, strict bool) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			switch {
			case k == "$ref":
				s, _ := x.(string)
				out[k] = "#/components/schemas/" + prefix + component(strings.TrimPrefix(s, "#/$defs/"))
			case k == "required" && strict:
			default:
				out[k] = fix(x, prefix, strict)
			}
		}
		if _, ok := out["properties"]; ok && strict {
			out["additionalProperties"] = false
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = fix(x, prefix, strict)
		}
		return out
	}
	return v
}
