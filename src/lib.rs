//! welfare-sheets: a YAML dataset in, the committee's 進行管理シート out.
//!
//! The pipeline runs one way: [`load`] reads and [`validate`]s the YAML into
//! the [`model`], [`sheet_data`] turns it into the JSON the Typst templates
//! read, [`world`] serves templates, fonts and data to the embedded Typst
//! engine, and [`render`] lays the pages out and exports them, written by
//! [`output`] atomically.

pub mod archive;
pub mod attachment;
pub mod booklet;
pub mod check;
pub mod coverage;
pub mod diagnostic;
pub mod eject;
pub mod era;
pub mod fonts;
pub mod join;
pub mod load;
pub mod locate;
pub mod model;
pub mod new_year;
pub mod output;
pub mod packet;
pub mod render;
pub mod reproducible;
pub mod schema;
pub mod sheet_data;
pub mod summary;
pub mod templates;
pub mod validate;
pub mod watch;
pub mod world;

pub use diagnostic::LoadError;
pub use load::{Dataset, load_dataset};
