//! A bound on the cost of evaluating CEL rules, in the spirit of the API server's.
//!
//! The API server refuses, at CRD creation, rules whose estimated cost (list sizes from `maxItems`, string sizes
//! from `maxLength`) is too high, and stops a rule at run time once it has spent its per-call budget ("call cost
//! exceeds limit for rule"). The `cel` interpreter kube-cel runs on has no step counter and cannot be
//! interrupted, so the bound is taken before evaluation, from the data: only comprehensions (`all`, `exists`,
//! `exists_one`, `map`, `filter`) nested inside each other make a rule's cost grow faster than the size of its
//! value (a rule without nested comprehensions visits each element a bounded number of times), and `d` nested
//! comprehensions iterate at most `n^d` times, `n` being the longest list or map under the rule's node. A rule
//! whose bound passes [`PER_CALL_LIMIT`] is reported and no CEL rule of the object is evaluated, as the API
//! server stops evaluating once a rule runs out of budget; the object is refused either way.

use kube_cel::cel::common::ast::{EntryExpr, Expr};
use serde_json::Value;

/// The API server's per-call cost limit of a CEL expression (`PerCallLimit` in
/// `k8s.io/apiserver/pkg/apis/cel`); here the number of comprehension iterations a rule may need.
pub(crate) const PER_CALL_LIMIT: u64 = 1_000_000;

/// The first rule whose iteration bound on `value` exceeds [`PER_CALL_LIMIT`]: (field path, message).
pub(crate) fn first_over_limit(schema: &kube_cel::CompiledSchema, value: &Value) -> Option<(String, String)> {
    walk(schema, value, String::new(), 0)
}

fn walk(
    schema: &kube_cel::CompiledSchema,
    value: &Value,
    path: String,
    depth: usize,
) -> Option<(String, String)> {
    // kube-cel stops at this depth too (and reports it); nothing deeper is evaluated.
    if depth > 64 {
        return None;
    }
    let mut widest = None;
    for compiled in schema.validations.iter().flatten() {
        let nesting = nesting(&compiled.program.expression().expr);
        if nesting < 2 {
            continue;
        }
        let n = *widest.get_or_insert_with(|| widest_collection(value, 0));
        let bound = n.saturating_pow(nesting);
        if bound > PER_CALL_LIMIT {
            let message = format!(
                "CEL cost limit exceeded: rule `{}` nests {nesting} comprehensions over collections of up to {n} \
                 entries here (up to {bound} iterations), more than the API server's per-call limit of \
                 {PER_CALL_LIMIT}; the API server stops such a rule (\"call cost exceeds limit for rule\") and \
                 rejects the object, and no further rule is evaluated",
                compiled.rule.rule
            );
            return Some((path, message));
        }
    }
    if let Some(obj) = value.as_object() {
        for (name, child) in obj {
            let child_schema = schema.properties.get(name).or_else(|| {
                (!schema.preserve_unknown_fields)
                    .then_some(schema.additional_properties.as_deref())
                    .flatten()
            });
            if let Some(child_schema) = child_schema
                && let Some(found) = walk(child_schema, child, join(&path, name), depth + 1)
            {
                return Some(found);
            }
        }
    }
    if let (Some(items), Some(list)) = (&schema.items, value.as_array()) {
        for (i, item) in list.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            if let Some(found) = walk(items, item, item_path, depth + 1) {
                return Some(found);
            }
        }
    }
    schema
        .all_of
        .iter()
        .chain(&schema.one_of)
        .chain(&schema.any_of)
        .find_map(|branch| walk(branch, value, path.clone(), depth + 1))
}

fn join(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_string()
    } else {
        format!("{base}.{field}")
    }
}

/// The deepest nesting of comprehensions in `expr`: a comprehension in another's loop (or in its range, which
/// is evaluated once per outer iteration when it sits in the outer loop) adds one.
fn nesting(expr: &Expr) -> u32 {
    match expr {
        Expr::Comprehension(c) => {
            let inner = [&c.loop_step, &c.loop_cond, &c.result, &c.accu_init]
                .into_iter()
                .map(|e| nesting(&e.expr))
                .max()
                .unwrap_or(0);
            // The range is evaluated once, before the loop: it nests beside this comprehension, not in it.
            (1 + inner).max(nesting(&c.iter_range.expr))
        }
        Expr::Call(call) => call
            .target
            .iter()
            .map(|t| nesting(&t.expr))
            .chain(call.args.iter().map(|a| nesting(&a.expr)))
            .max()
            .unwrap_or(0),
        Expr::Select(s) => nesting(&s.operand.expr),
        Expr::List(l) => l.elements.iter().map(|e| nesting(&e.expr)).max().unwrap_or(0),
        Expr::Map(m) => m
            .entries
            .iter()
            .map(|e| entry_nesting(&e.expr))
            .max()
            .unwrap_or(0),
        Expr::Struct(s) => s
            .entries
            .iter()
            .map(|e| entry_nesting(&e.expr))
            .max()
            .unwrap_or(0),
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => 0,
    }
}

fn entry_nesting(entry: &EntryExpr) -> u32 {
    match entry {
        EntryExpr::StructField(f) => nesting(&f.value.expr),
        EntryExpr::MapEntry(e) => nesting(&e.key.expr).max(nesting(&e.value.expr)),
    }
}

/// The number of entries of the longest list or map in `value` (at least 1). Strings do not count: the
/// Kubernetes CEL library offers no comprehension over a string's characters, and a path or regex of 1,000
/// bytes must not make an ordinary rule look costly. The walk is bounded by the reader's depth limit.
fn widest_collection(value: &Value, depth: usize) -> u64 {
    if depth > 128 {
        return 1;
    }
    let len = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    match value {
        Value::Array(list) => list
            .iter()
            .map(|v| widest_collection(v, depth + 1))
            .fold(len(list.len()), u64::max),
        Value::Object(map) => map
            .values()
            .map(|v| widest_collection(v, depth + 1))
            .fold(len(map.len()), u64::max),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting_of(rule: &str) -> u32 {
        nesting(&kube_cel::cel::Program::compile(rule).unwrap().expression().expr)
    }

    #[test]
    fn only_comprehensions_inside_comprehensions_nest() {
        assert_eq!(nesting_of("self.x > 0"), 0);
        assert_eq!(nesting_of("self.all(a, a.size() > 0)"), 1);
        assert_eq!(nesting_of("self.all(a, self.exists_one(b, a.name == b.name))"), 2);
        assert_eq!(nesting_of("self.all(a, self.all(b, self.all(c, true)))"), 3);
        // Two comprehensions side by side, or one over the result of another, do not multiply.
        assert_eq!(nesting_of("self.all(a, true) && self.exists(b, true)"), 1);
        assert_eq!(nesting_of("self.map(a, a.x).all(x, x > 0)"), 1);
    }

    #[test]
    fn the_widest_collection_is_found_at_any_depth() {
        let v = serde_json::json!({"a": [1, 2, 3], "b": {"c": [[1, 2, 3, 4, 5]]}});
        assert_eq!(widest_collection(&v, 0), 5);
        assert_eq!(widest_collection(&serde_json::json!(7), 0), 1);
    }
}
