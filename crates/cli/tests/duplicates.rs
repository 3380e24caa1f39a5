//! Objects defined twice: two different objects of one API group, kind, namespace and name in the input (two
//! Ingresses of one name in one namespace) are an input error naming both positions, in every command that
//! reads `-f`; the same object repeated identically (the same file given twice) is one object.

mod common;

use common::{run, workspace_root};

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// Every command that reads `-f`, with `input` as its only input (`verify`: on either side, `other` on the
/// other).
fn every_reader(input: &str, other: &str, extra: &[&str]) -> Vec<Vec<String>> {
    let mut commands = vec![
        args(&["convert", "-f", input]),
        args(&["check", "-f", input]),
        args(&["simulate", "http://a.example.com/", "-f", input]),
        args(&["verify", "--before", input, "--after", other]),
        args(&["verify", "--before", other, "--after", input]),
    ];
    for c in &mut commands {
        c.extend(args(extra));
    }
    commands
}

const WEB: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
";

#[test]
fn an_object_defined_twice_differently_is_an_input_error_naming_both() {
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one.yaml");
    std::fs::write(&one, WEB).unwrap();
    let other = tmp.path().join("other.yaml");
    std::fs::write(&other, WEB.replace("a.example.com", "b.example.com")).unwrap();
    let (one, other) = (one.to_str().unwrap(), other.to_str().unwrap());

    // The same Ingress with two contents in two files, through every command.
    for a in every_reader(one, one, &["-f", other]) {
        let mut a = a;
        if a[0] == "verify" {
            // verify takes its sides with --before/--after: give the second file on one side.
            a.truncate(5);
            let side = if a[2] == one { "--before" } else { "--after" };
            a.extend(args(&[side, other]));
        }
        let r = run(&root, &a, None);
        assert_eq!(r.code, 2, "{a:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "{other}:1:1: Ingress shop/web is defined twice (first at {one}:1:1)"
            )),
            "{a:?}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }

    // Two Ingresses of one name in one namespace in one file, the second without its namespace in `default`.
    let other = WEB.replace("a.example.com", "b.example.com");
    let defaulted = WEB.replace("  namespace: shop\n", "");
    for (text, second_line, shown) in [
        (format!("{WEB}---\n{other}"), 16, "shop/web"),
        (
            format!(
                "{defaulted}---\n{}",
                other.replace("namespace: shop", "namespace: default")
            ),
            15,
            "default/web",
        ),
        // extensions/v1beta1 and networking.k8s.io/v1 serve the same Ingresses.
        (
            format!(
                "{WEB}---\n{}",
                other
                    .replace("networking.k8s.io/v1", "extensions/v1beta1")
                    .replace("        pathType: Prefix\n", "")
                    .replace(
                        "service: {name: web, port: {number: 80}}",
                        "{serviceName: web, servicePort: 80}"
                    )
            ),
            16,
            "shop/web",
        ),
    ] {
        let r = run(&root, &args(&["convert", "-f", "-"]), Some(text.as_bytes()));
        assert_eq!(r.code, 2, "{}", r.stderr);
        let wanted =
            format!("<stdin>:{second_line}:1: Ingress {shown} is defined twice (first at <stdin>:1:1)");
        assert!(r.stderr.contains(&wanted), "wanted {wanted:?}:\n{}", r.stderr);
    }

    // One name in two namespaces, or for two kinds, is fine.
    let apart = format!("{WEB}---\n{}", WEB.replace("namespace: shop", "namespace: blog"));
    let r = run(&root, &args(&["check", "-f", "-"]), Some(apart.as_bytes()));
    assert!(r.code < 2, "{}", r.stderr);
    let kinds = format!(
        "{WEB}---\napiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: shop}}\nspec:\n  ports: [{{port: 80}}]\n"
    );
    let r = run(&root, &args(&["check", "-f", "-"]), Some(kinds.as_bytes()));
    assert!(r.code < 2, "{}", r.stderr);
}

/// The same object repeated with the same content is one object, as `kubectl apply` takes it: the same file
/// given twice, a directory and a file in it, a `kubectl get all,svc -o yaml` List that holds each Service
/// twice. The output is the output of one copy.
#[test]
fn the_same_object_repeated_identically_is_one_object() {
    let root = workspace_root();
    let dir = "examples/cluster";
    let once = run(&root, &args(&["convert", "-f", dir]), None);
    assert!(once.code < 2, "{}", once.stderr);
    assert!(once.stdout.contains("kind: HTTPRoute"));
    let file = format!("{dir}/shop.yaml");
    for a in [
        args(&["convert", "-f", dir, "-f", dir]),
        args(&["convert", "-f", dir, "-f", &file]),
    ] {
        let r = run(&root, &a, None);
        assert_eq!(r.code, once.code, "{a:?}: {}", r.stderr);
        assert_eq!(r.stdout, once.stdout, "{a:?}");
    }
    let r = run(
        &root,
        &args(&["verify", "--before", dir, "--before", &file, "--after", dir]),
        None,
    );
    assert!(r.code < 2, "{}", r.stderr);

    // A List that names a Service twice (kubectl get all,svc).
    let service = "{apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}, spec: {ports: [{port: 80}]}}";
    let list = format!("apiVersion: v1\nkind: List\nitems:\n- {service}\n- {service}\n");
    let text = format!("{WEB}---\n{list}");
    let r = run(&root, &args(&["convert", "-f", "-"]), Some(text.as_bytes()));
    assert!(r.code < 2, "{}", r.stderr);
    assert!(!r.stderr.contains("defined twice"), "{}", r.stderr);
}
