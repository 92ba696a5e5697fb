//! What IAM lets a resource use: the verbs of actions, the resources of statements, and the
//! resources that act as each role.

use super::*;

/// The verb of an IAM action, as an edge says it.
pub(super) fn verb(action: &str) -> Option<&'static str> {
    let a = action.to_ascii_lowercase();
    let (service, name) = a.split_once(':').unwrap_or(("", a.as_str()));
    Some(match (service, name) {
        (_, "*") | ("*", _) => "use",
        ("sqs", n) if n.starts_with("send") => "send",
        ("sqs", n) if n.starts_with("receive") || n.starts_with("delete") => "receive",
        ("sns", n) if n.starts_with("publish") => "publish",
        ("lambda", n) if n.starts_with("invoke") => "invoke",
        ("states", n) if n.starts_with("start") => "start",
        ("kinesis" | "firehose", n) if n.starts_with("put") => "put",
        ("events", n) if n.starts_with("put") => "put events",
        ("dynamodb" | "s3", n)
            if n.starts_with("put")
                || n.starts_with("update")
                || n.starts_with("delete")
                || n.starts_with("batchwrite") =>
        {
            "write"
        }
        ("dynamodb" | "s3", n)
            if n.starts_with("get")
                || n.starts_with("query")
                || n.starts_with("scan")
                || n.starts_with("list")
                || n.starts_with("batchget") =>
        {
            "read"
        }
        ("secretsmanager", n) if n.starts_with("get") => "read",
        _ => return None,
    })
}

/// The (resource, verbs) a policy document's statements allow.
pub(super) fn policy_targets(ids: &Ids, doc: &Node) -> Vec<(String, Vec<&'static str>)> {
    let statements: Vec<&Node> = match doc.get_path(&["Statement"]) {
        Some(n) => match &n.value {
            Value::Sequence(items) => items.iter().collect(),
            _ => vec![n],
        },
        None => Vec::new(),
    };
    let mut out: Vec<(String, Vec<&'static str>)> = Vec::new();
    for s in statements {
        if s.get_path(&["Effect"]).and_then(Node::as_str) == Some("Deny") {
            continue;
        }
        let actions: Vec<String> = match s.get_path(&["Action"]).map(|n| &n.value) {
            Some(Value::String(a)) => vec![a.clone()],
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar_text).collect(),
            _ => Vec::new(),
        };
        let mut verbs: Vec<&'static str> = actions.iter().filter_map(|a| verb(a)).collect();
        verbs.sort_unstable();
        verbs.dedup();
        if verbs.is_empty() {
            continue;
        }
        let Some(resource) = s.get_path(&["Resource"]) else {
            continue;
        };
        for name in names_in(ids, resource) {
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, v)) => {
                    v.extend(verbs.iter().copied());
                    v.sort_unstable();
                    v.dedup();
                }
                None => out.push((name, verbs.clone())),
            }
        }
    }
    out
}

/// The resources that act as each role: those that name it (a function's `Role`, a task
/// definition's `TaskRoleArn`), and through an instance profile or launch template, the
/// instances and groups that use them.
pub(super) fn role_users(
    template: &Template,
    types: &Types,
    refs: &Refs,
) -> HashMap<String, Vec<String>> {
    let type_of = |id: &str| ty(types, id);
    // A policy that names a role is not one of its users.
    let is_policy = |id: &str| {
        matches!(
            type_of(id),
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy"
        )
    };
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for r in template
        .resources()
        .filter(|r| r.type_name() == "AWS::IAM::Role")
    {
        let mut found: Vec<String> = Vec::new();
        let mut queue: Vec<String> = vec![r.logical_id.to_owned()];
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(id) = queue.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            for user in refs.named_by(&id).iter().filter(|u| !is_policy(u)) {
                let t = type_of(user);
                if matches!(
                    t,
                    "AWS::IAM::InstanceProfile"
                        | "AWS::EC2::LaunchTemplate"
                        | "AWS::AutoScaling::LaunchConfiguration"
                ) {
                    queue.push(user.clone());
                } else if !is_link(t) && !found.contains(user) {
                    found.push(user.clone());
                }
            }
        }
        out.insert(r.logical_id.to_owned(), found);
    }
    out
}
