//! welfare-sheets: a YAML dataset in, the committee's 進行管理シート out.
//!
//! The library is the product; the binary is a thin command line over it.
//! The pipeline runs one way, a folder per stage, each using only the
//! stages before it:
//!
//! 1. [`data`]: YAML files into a validated [`Dataset`], with diagnostics
//!    that name the file, line, goal, year and field;
//! 2. [`typeset`]: the dataset as the JSON the embedded Typst templates
//!    read, the closed Typst world with the bundled fonts, layout and the
//!    fitting report, PDF and PNG export;
//! 3. [`documents`]: the papers themselves (the 資料8 packet, the annual
//!    booklet, the archive, the evaluation summary) and writing them
//!    atomically;
//! 4. [`workflow`]: the clerk's year around them (checking a dataset,
//!    starting a new plan, rolling it forward, watching it, ejecting a
//!    Typst project).
//!
//! Everything a person reads comes from [`messages`], the one catalogue of
//! the clerk's words, which every stage may use.

pub mod data;
pub mod documents;
pub mod messages;
pub mod typeset;
pub mod view;
pub mod workflow;

pub use data::{Dataset, LoadError, load_dataset};
