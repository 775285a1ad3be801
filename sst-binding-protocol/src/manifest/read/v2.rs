//! SST v2's form of the manifest (the feature `v2`): its root object, `app`, `kinds`, `resources` and
//! `functions`, each section read by its own file.

use crate::json::syntax::{Object, Value};

use super::{functions, kinds, resources};
use crate::catalog::Catalog;
use crate::json::Reader;
use crate::limits::{MAX_MANIFEST_BYTES, MAX_RESOURCES};
use crate::manifest::{Manifest, ManifestError};
use crate::names;

/// `$schema` lets an editor find the JSON Schema (`sst-resources schema`).
const ROOT_KEYS: &[&str] = &["app", "resources", "kinds", "functions", "$schema"];

/// Reads and checks a manifest. `file` is the name used in diagnostics (`bindings.json`).
///
/// On any problem the error holds every diagnostic, in the order of their places, and the part of the
/// manifest that was valid (`partial`).
pub fn parse(text: &str, file: &str) -> Result<Manifest, ManifestError> {
    let mut reader = Reader::new(text, file);
    let mut manifest = Manifest {
        file: file.to_owned(),
        app: String::new(),
        catalog: Catalog::builtin(),
        resources: Vec::new(),
        functions: Vec::new(),
    };
    let shape = "an object with `app`, `resources` and `functions`";
    reader.read_root(MAX_MANIFEST_BYTES, "the manifest", shape, |reader, root| reader.manifest(root, &mut manifest));
    reader.finish(manifest)
}

fn too_many_resources(value: &Value<'_>) -> bool {
    matches!(value, Value::Array(resources) if resources.elements.len() > MAX_RESOURCES)
}

impl Reader<'_> {
    /// Checks the root object and fills `manifest` with what is valid.
    fn manifest(&mut self, root: &Object<'_>, manifest: &mut Manifest) {
        let fields = self.root_fields(root, ROOT_KEYS, "the manifest");

        let app = fields.require(self, "app", "add the SST app name, e.g. `\"app\": \"my-sst-app\"`");
        if let Some(prop) = app {
            match self.string(&prop.value, "`app` must be a string, the SST app name, e.g. \"my-sst-app\"") {
                None => {}
                Some("") => {
                    self.error(self.at(&prop.value), "`app` is empty: give the SST app name, e.g. \"my-sst-app\"")
                }
                Some(app) => match names::check_app_name(app) {
                    Ok(()) => manifest.app = app.to_owned(),
                    Err(e) => self.error(self.at(&prop.value), e.to_string()),
                },
            }
        }

        if let Some(prop) = fields.get("$schema") {
            self.string(&prop.value, "`$schema` must be a string, the path or URL of the manifest's JSON Schema");
        }

        // Kinds first: a resource may use a kind declared further down.
        let declared_kinds = match fields.get("kinds") {
            Some(prop) => kinds::read(self, &prop.value, &mut manifest.catalog),
            None => Vec::new(),
        };

        let add_resources = "add the app's resources, e.g. \
                             `\"resources\": [{ \"type\": \"Bucket\", \"id\": \"myFiles\" }]`";
        let declared_resources = match fields.require(self, "resources", add_resources) {
            Some(prop) if too_many_resources(&prop.value) => {
                let message = format!("the manifest declares more than {MAX_RESOURCES} resources, the limit");
                self.error(self.at(&prop.value), message);
                // Every binding would be to an unknown resource: one error is enough.
                return;
            }
            Some(prop) => {
                resources::read(self, &prop.value, &manifest.catalog, &declared_kinds, &mut manifest.resources)
            }
            None => Vec::new(),
        };

        let add_functions =
            "add each function's bindings, e.g. `\"functions\": { \"api\": { \"bind\": [\"Bucket.myFiles\"] } }`";
        if let Some(prop) = fields.require(self, "functions", add_functions) {
            functions::read(self, &prop.value, &manifest.resources, &declared_resources, &mut manifest.functions);
        }
    }

    fn finish(mut self, manifest: Manifest) -> Result<Manifest, ManifestError> {
        if self.diagnostics.is_empty() {
            Ok(manifest)
        } else {
            Err(ManifestError { diagnostics: self.sorted_diagnostics(), partial: Box::new(manifest) })
        }
    }
}
