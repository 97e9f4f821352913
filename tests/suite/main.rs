//! The integration tests: one module per stage of the pipeline (data,
//! typeset, documents, workflow), one for the web edition, one for the
//! command line as a clerk runs it, one for the archive and its
//! verification, and the dataset's fidelity to the seed; helpers in
//! `common`. One test binary, so the Typst engine is linked once.

mod archive;
mod clerk;
mod cli;
mod common;
mod data;
mod documents;
mod fidelity;
mod forms;
mod memo;
mod sheets;
mod typeset;
mod verapdf;
mod web;
mod windows;
mod workflow;
