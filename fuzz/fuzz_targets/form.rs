//! A returned form is a file from outside: arbitrary bytes read as a form
//! (xlsx, xls, ods or anything) must end in a form or a reason, never a
//! panic; every cell read must be text or a problem told in words. Seed it
//! with the workbooks `welfare-sheets forms` writes.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use welfare_sheets::workflow::import::read::read_form;

fuzz_target!(|data: &[u8]| {
    match read_form(Path::new("fuzz.xlsx"), data) {
        Ok(form) => {
            for goal in &form.goals {
                for (field, cell) in &goal.fills {
                    let _ = (field.label(), &cell.text, &cell.problem);
                }
            }
        }
        Err(why) => {
            assert!(!why.message().is_empty());
        }
    }
});
