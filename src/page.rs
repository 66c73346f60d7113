//! `pdti page`: the form page of any definition, written by the command
//! line alone (issue #15, "a province ships its own form without Rust").
//!
//! The form is data of the page (build.rs): one built wasm serves every
//! definition, so a page for another definition is the built page with
//! another definition block, title and (hosted) pre-rendered form:
//!
//! - [`offline`]: the offline single file (`dist/pdti.html` as the
//!   template) with the definition stored as the page build stores it
//!   (after the wasm in one gzip stream, zopfli, then base64), and the
//!   form's title;
//! - [`hosted`]: the hosted folder: `index.html` rendered from the page's
//!   shell (`www/index.html`) with the form pre-rendered and its definition,
//!   beside the built script, stylesheet and wasm. The link to the
//!   collector page is left out: that page knows the shipped definitions only.
//!
//! The built files come into the binary at build time from the folder named
//! by `PDTI_PAGE_ASSETS` (`make cli`); a build without them refuses with
//! [`NO_ASSETS`].

use crate::form::Form;
use crate::render;
use crate::text::Lang;
use base64::Engine as _;
use std::sync::Arc;

mod assets {
    include!(concat!(env!("OUT_DIR"), "/page_assets.rs"));
}

/// The page's shell, which the hosted `index.html` is rendered from.
const SHELL: &str = include_str!("../www/index.html");

/// What a `pdti` built without the page's files says.
pub const NO_ASSETS: &str = "bản pdti này được dựng không kèm các tệp của trang; hãy dựng bằng 'make cli' \
                             (this pdti was built without the page's files: build it with make cli)";

/// The opening of the offline file's block: its wasm, then its definition,
/// in one gzip stream (base64); `data-wasm-bytes` says where the wasm ends.
const BLOCK: &str = "<script type=\"application/wasm-gzip-base64\" id=\"pdti-wasm\" data-wasm-bytes=\"";

/// The offline single file of `form` (read from the JSON text `definition`),
/// from the offline file this `pdti` was built with.
pub fn offline_file(form: &Form, definition: &str) -> Result<String, String> {
    let template = assets::OFFLINE.ok_or_else(|| NO_ASSETS.to_string())?;
    offline(&String::from_utf8_lossy(template), form, definition)
}

/// `template` (an offline single file) carrying `form` instead of its own:
/// its block's definition (after the wasm, which stays) and its `<title>`
/// replaced, nothing else touched (the Content-Security-Policy hashes the
/// scripts and styles, not the data block).
pub fn offline(template: &str, form: &Form, definition: &str) -> Result<String, String> {
    let broken = |what: &str| format!("tệp mẫu của trang không có {what} (the page template lacks {what})");
    let at = template.find(BLOCK).ok_or_else(|| broken("#pdti-wasm"))? + BLOCK.len();
    let quote = at + template[at..].find("\">").ok_or_else(|| broken("data-wasm-bytes"))?;
    let wasm_len: usize = template[at..quote].parse().map_err(|_| broken("data-wasm-bytes"))?;
    let start = quote + 2;
    let end = start + template[start..].find("</script>").ok_or_else(|| broken("</script>"))?;
    let t_start = template.find("<title>").ok_or_else(|| broken("<title>"))? + "<title>".len();
    let t_end = t_start + template[t_start..].find("</title>").ok_or_else(|| broken("</title>"))?;
    if t_end > start {
        return Err(broken("<title> before the wasm"));
    }
    let mut payload = unpacked(&template[start..end]).ok_or_else(|| broken("a readable #pdti-wasm"))?;
    if payload.len() < wasm_len {
        return Err(broken("the whole wasm"));
    }
    payload.truncate(wasm_len);
    payload.extend_from_slice(crate::render::compact_definition(definition).as_bytes());
    let mut page = String::with_capacity(template.len() + definition.len() / 3);
    page.push_str(&template[..t_start]);
    page.push_str(&render::title_html(form, Lang::Vi));
    page.push_str(&template[t_end..start]);
    page.push_str(&packed(&payload));
    page.push_str(&template[end..]);
    Ok(page)
}

/// The hosted folder of `form`: (path in the folder, bytes), `index.html`
/// first.
pub fn hosted(form: &Arc<Form>, definition: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    if assets::HOSTED.is_empty() {
        return Err(NO_ASSETS.to_string());
    }
    let index = render::page(form, definition, Lang::Vi, &without_collector_link(SHELL))
        .ok_or_else(|| "www/index.html lacks its placeholders".to_string())?;
    let mut files = vec![("index.html".to_string(), index.into_bytes())];
    files.extend(assets::HOSTED.iter().map(|(p, b)| (p.to_string(), b.to_vec())));
    Ok(files)
}

/// The shell without the footer that links the collector page.
fn without_collector_link(shell: &str) -> String {
    let open = "<footer class=\"page-foot\">";
    match (shell.find(open), shell.find("</footer>")) {
        (Some(a), Some(b)) if b > a => {
            let end = b + "</footer>".len();
            let end = if shell[end..].starts_with('\n') { end + 1 } else { end };
            format!("{}{}", &shell[..a], &shell[end..])
        }
        _ => shell.to_string(),
    }
}

/// Gzip (zopfli, as the page build) then base64: how the offline file stores
/// its wasm and definition.
fn packed(bytes: &[u8]) -> String {
    let mut gz = Vec::new();
    let options = zopfli::Options {
        iteration_count: std::num::NonZeroU64::new(40).expect("40 > 0"),
        maximum_block_splits: 0,
        ..Default::default()
    };
    zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut gz).expect("writing to a Vec cannot fail");
    base64::engine::general_purpose::STANDARD.encode(gz)
}

/// What [`packed`] stored, or `None` when it is not base64 of gzip.
fn unpacked(text: &str) -> Option<Vec<u8>> {
    use std::io::Read;
    let gz = base64::engine::general_purpose::STANDARD.decode(text.trim()).ok()?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const TUTORIAL: &str = include_str!("../docs/tutorial/my-index.json");

    const WASM: &[u8] = b"\0asm fake module";

    fn template() -> String {
        let block = packed(&[WASM, br#"{"id":"old"}"#].concat());
        format!(
            "<!doctype html>\n<html lang=\"vi\">\n<head><title>Old &amp; title</title></head>\n<body><main id=\"pdti-app\"></main>\n\
             {BLOCK}{}\">{block}</script>\n<script type=\"module\">x()</script>\n</body></html>",
            WASM.len()
        )
    }

    /// The wasm and the definition the page's block carries.
    fn carried(page: &str) -> (Vec<u8>, String) {
        let at = page.find(BLOCK).unwrap() + BLOCK.len();
        let quote = at + page[at..].find("\">").unwrap();
        let n: usize = page[at..quote].parse().unwrap();
        let end = quote + page[quote..].find("</script>").unwrap();
        let gz = base64::engine::general_purpose::STANDARD.decode(&page[quote + 2..end]).unwrap();
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut bytes).unwrap();
        let def = String::from_utf8(bytes.split_off(n)).unwrap();
        (bytes, def)
    }

    #[test]
    fn the_offline_file_carries_the_same_wasm_then_the_definition_and_the_forms_title() {
        let form = Form::from_json(TUTORIAL).unwrap();
        let page = offline(&template(), &form, TUTORIAL).unwrap();
        let (wasm, carried) = carried(&page);
        assert_eq!(wasm, WASM);
        assert_eq!(Form::from_json(&carried).unwrap().id, form.id);
        assert!(!carried.contains("\n  "), "stored compact");
        assert!(page.contains(&format!("<title>{}</title>", render::title_html(&form, Lang::Vi))));
        assert!(page.contains("<script type=\"module\">x()</script>"), "the rest is untouched");
        assert!(!page.contains("Old &amp; title"));
    }

    #[test]
    fn a_template_without_its_wasm_block_is_refused() {
        let form = Form::from_json(TUTORIAL).unwrap();
        let err = offline("<title>t</title><body></body>", &form, TUTORIAL).unwrap_err();
        assert!(err.contains("#pdti-wasm"), "{err}");
    }

    #[test]
    fn the_hosted_shell_leaves_out_the_collector_link_and_nothing_else() {
        let shell = without_collector_link(SHELL);
        assert!(!shell.contains("collect.html"));
        assert!(shell.contains(render::APP_PLACEHOLDER) && shell.contains(render::DEFINITION_PLACEHOLDER));
        assert_eq!(
            shell.len() + SHELL.find("</footer>").unwrap() + "</footer>\n".len(),
            SHELL.len() + SHELL.find("<footer").unwrap()
        );
    }

    #[test]
    fn the_hosted_page_carries_the_definition_as_json_and_the_form_pre_rendered() {
        let form = Arc::new(Form::from_json(TUTORIAL).unwrap());
        let index = render::page(&form, TUTORIAL, Lang::Vi, &without_collector_link(SHELL)).unwrap();
        let open = "<script type=\"application/json\" id=\"pdti-definition\">";
        let start = index.find(open).unwrap() + open.len();
        let end = start + index[start..].find("</script>").unwrap();
        assert_eq!(Form::from_json(&index[start..end]).unwrap().id, form.id);
        assert!(index.contains(&format!("data-form-id=\"{}\"", form.id)));
    }
}
