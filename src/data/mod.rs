//! Stage 1, the data: YAML files in, a validated [`Dataset`] out.
//!
//! Owns the model (every field with its Japanese sheet label), fiscal years
//! and their eras, reading and decoding files, locating every value by line
//! and column, the whole-dataset checks, and the diagnostics that tell a
//! clerk what is wrong and where. Uses no other stage and knows nothing of
//! Typst: everything downstream starts from a [`Dataset`].

pub mod cell_text;
pub mod dataset;
pub mod date;
pub mod derive;
pub mod diagnostic;
pub mod edit;
pub mod era;
pub mod load;
pub mod locate;
pub mod model;
mod parse;
mod place;
pub mod read;
pub mod scale;
pub mod schema;
pub mod sheet;
mod slips;
pub mod text;
pub mod validate;

pub use dataset::Dataset;
pub use diagnostic::{Diagnostic, LoadError};
pub use load::load_dataset;
pub use place::Labels;
