//! An error that ends a run, told to a person: a dataset's problems as
//! located diagnostics, a file that could not be written with what to do,
//! anything else as one line. Every part is in the clerk's words (see
//! [`crate::messages`]).

use crate::data::LoadError;
use crate::documents::output::WriteError;
use crate::messages;

/// The text a command prints for `err`.
pub fn describe(err: &anyhow::Error) -> String {
    if let Some(load) = err.downcast_ref::<LoadError>() {
        return load.to_string();
    }
    let mut text = messages::error_line(&format!("{err:#}"));
    if let Some(write) = err.chain().find_map(|e| e.downcast_ref::<WriteError>()) {
        text.push('\n');
        text += &messages::hint_line(write.hint());
    }
    text
}
