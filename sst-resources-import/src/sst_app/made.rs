//! The functions SST makes inside other constructs (an API's routes, a Cron's job, a Queue's consumer, ...),
//! named as a user reads them in the stacks: `api/GET /photos`, `nightly/job`, `uploads/notification/resize`.
//! Both readers give what SST writes of each construct (`getConstructMetadata`), where such a function is
//! referred to by its address; the names come from the construct's id and the keys the stacks wrote.

use std::collections::HashMap;

use serde_json::Value;

/// One construct as SST describes it (an item of the `SSTMetadata` output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstructMetadata {
    /// Its `type` there (`Api`, `Cron`, `AppSync` for an `AppSyncApi`).
    pub construct: String,
    /// The construct's id (`photos`).
    pub id: String,
    /// Its `data`: a function is `{ "node": address, "stack": ... }`.
    pub data: Value,
}

/// The name of each function a construct made, by the function's address. `id_of` gives a function's own
/// construct id by address: a function the stacks made themselves and handed to a construct (`consumer:
/// worker`) keeps its own name, so only one with the id SST gives what it makes (`Lambda_GET_--photos`,
/// `Consumer_jobs`) is named here. The first construct to name a function names it.
pub fn made_function_names<'a>(
    items: &[ConstructMetadata],
    id_of: impl Fn(&str) -> Option<&'a str>,
) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for item in items {
        for made in made_by(item) {
            let Some(id) = id_of(&made.address) else { continue };
            let Some(rest) = id.strip_prefix(&made.id_prefix) else { continue };
            let name = match made.name {
                Name::Whole(name) => name,
                Name::WholeId(name) if rest.is_empty() => name,
                // An EventBus lists a rule's targets without the names of those that are no function: the
                // target's name is the rest of the id SST gave it.
                Name::EndsWithId(start) if !rest.is_empty() => format!("{start}{rest}"),
                Name::WholeId(_) | Name::EndsWithId(_) => continue,
            };
            names.entry(made.address).or_insert(name);
        }
    }
    names
}

/// A function a construct refers to.
struct Made {
    address: String,
    /// How SST's id of a function it makes there starts (`Lambda_`).
    id_prefix: String,
    name: Name,
}

enum Name {
    Whole(String),
    /// The name, where the id is exactly `id_prefix` (a WebSocketApi's route: its id is the route key).
    WholeId(String),
    /// The name is this and the rest of the id after `id_prefix`.
    EndsWithId(String),
}

/// The functions a construct refers to, each with its readable name.
fn made_by(item: &ConstructMetadata) -> Vec<Made> {
    let id = &item.id;
    let data = &item.data;
    let list = |value: &Value, key: &str| value.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    let text = |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut out = Vec::new();
    let mut push = |function: Option<&Value>, id_prefix: String, name: Name| {
        if let Some(address) = function.and_then(|f| f.get("node")).and_then(Value::as_str) {
            out.push(Made { address: address.to_owned(), id_prefix, name });
        }
    };
    match item.construct.as_str() {
        // The route key as the stacks wrote it (SST joins its blanks into one).
        "Api" | "ApiGatewayV1Api" => {
            for route in list(data, "routes") {
                let Some(key) = text(&route, "route") else { continue };
                push(route.get("fn"), "Lambda_".into(), Name::Whole(format!("{id}/{key}")));
            }
        }
        "WebSocketApi" => {
            for route in list(data, "routes") {
                let Some(key) = text(&route, "route") else { continue };
                push(route.get("fn"), key.clone(), Name::WholeId(format!("{id}/{key}")));
            }
        }
        "AppSync" => {
            for source in list(data, "dataSources") {
                let Some(name) = text(&source, "name") else { continue };
                push(source.get("fn"), "Lambda_".into(), Name::Whole(format!("{id}/dataSource/{name}")));
            }
        }
        "Cron" => push(data.get("job"), "Job_".into(), Name::Whole(format!("{id}/job"))),
        "Queue" => push(data.get("consumer"), "Consumer_".into(), Name::Whole(format!("{id}/consumer"))),
        "Table" | "KinesisStream" => {
            for consumer in list(data, "consumers") {
                let Some(name) = text(&consumer, "name") else { continue };
                push(consumer.get("fn"), "Consumer_".into(), Name::Whole(format!("{id}/consumer/{name}")));
            }
        }
        // The functions and their names are two lists in one order (a notification that is no function is
        // `null` in the first).
        "Bucket" | "Topic" => {
            let (functions, names, prefix, role) = if item.construct == "Bucket" {
                ("notifications", "notificationNames", "Notification_", "notification")
            } else {
                ("subscribers", "subscriberNames", "Subscriber_", "subscriber")
            };
            for (function, name) in list(data, functions).iter().zip(list(data, names)) {
                let Some(name) = name.as_str() else { continue };
                push(Some(function), prefix.into(), Name::Whole(format!("{id}/{role}/{name}")));
            }
        }
        "EventBus" => {
            for rule in list(data, "rules") {
                let Some(key) = text(&rule, "key") else { continue };
                for target in list(&rule, "targets") {
                    push(Some(&target), format!("Target_{id}_{key}_"), Name::EndsWithId(format!("{id}/{key}/")));
                }
            }
        }
        _ => {}
    }
    out
}
