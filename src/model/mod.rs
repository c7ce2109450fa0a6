//! Manifests: parsing, typed objects, diagnostics.
