//! The web edition's templates (`templates/web/`), embedded in the binary,
//! and the minijinja environment that fills them.
//!
//! minijinja picks the escaping by the template's name: every value put
//! into a `.html` template is HTML-escaped unless a template marks it safe
//! (none does), so a clerk's `<script>` or `</td>` prints as text; a `.txt`
//! template escapes nothing, so the text companions carry the same words
//! unchanged. The data only ever fills values: it is never template source,
//! so a `{{ x }}` in the data is printed, not evaluated.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::documents::web::pages::words;
use crate::messages;

/// Every template, by the name the others import it by.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../../templates/web/base.html"),
    ),
    (
        "blocks.html",
        include_str!("../../../templates/web/blocks.html"),
    ),
    (
        "index.html",
        include_str!("../../../templates/web/index.html"),
    ),
    (
        "goal.html",
        include_str!("../../../templates/web/goal.html"),
    ),
    (
        "blocks.txt",
        include_str!("../../../templates/web/blocks.txt"),
    ),
    (
        "index.txt",
        include_str!("../../../templates/web/index.txt"),
    ),
    ("goal.txt", include_str!("../../../templates/web/goal.txt")),
];

/// The one style sheet, copied as it is.
pub const STYLE: &str = include_str!("../../../templates/web/style.css");

/// The environment with every template loaded.
pub fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    // A name the templates misspell is an error, not an empty string.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Block tags on lines of their own leave no blank lines behind (the
    // text companions are laid out line by line); files end as written.
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    // Escaping by the template's extension: `.html` escapes, `.txt` does not.
    env.set_auto_escape_callback(minijinja::default_auto_escape_callback);
    env.add_global("words", minijinja::Value::from(Serde(words())));
    env.add_filter("bracketed", |text: String| messages::block_heading(&text));
    env.add_filter("table_label", |place: String| {
        messages::web_inner_table_label(&place)
    });
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// Template `name` filled with `page`.
pub fn render(
    env: &Environment<'static>,
    name: &str,
    page: &impl Serialize,
) -> Result<String, minijinja::Error> {
    env.get_template(name)?.render(Serde(page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_load_and_hold_no_words_of_their_own() {
        environment().expect("the templates parse");
        for (name, source) in TEMPLATES.iter().chain([&("style.css", STYLE)]) {
            // Kana, kanji, Japanese punctuation and full-width forms.
            let japanese = source.chars().find(|c| {
                matches!(c, '\u{3000}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
            });
            assert_eq!(japanese, None, "{name}: the words belong in messages");
        }
    }

    #[test]
    fn html_escapes_and_text_does_not() {
        let mut env = environment().unwrap();
        env.add_template("probe.html", "{{ x }}").unwrap();
        env.add_template("probe.txt", "{{ x }}").unwrap();
        let page = serde_json::json!({ "x": "<script>&amp;</td>{{ y }}" });
        let html = render(&env, "probe.html", &page).unwrap();
        assert!(!html.contains('<'), "{html}");
        assert!(html.contains("&amp;amp;"), "{html}");
        let text = render(&env, "probe.txt", &page).unwrap();
        assert_eq!(text, "<script>&amp;</td>{{ y }}");
    }
}
