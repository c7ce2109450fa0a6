//! The simulated cluster derived from the manifests.
