//! The forms that add to the files: a new claim (`c`) and a rebuttal to the selected claim
//! (`R`). Plain state: the app routes keys and pastes to the focused field, the UI draws it,
//! and a confirmed form becomes a write.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::TextInput;
use crate::capture::{check_id, new_id, parse_date};
use crate::model::{Rebuttal, Source};
use crate::store::{NewClaim, is_yaml_name};

/// What a form adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    Claim,
    /// A rebuttal to claim `id`, in the file at `path`.
    Rebuttal {
        id: String,
        path: PathBuf,
    },
}

/// The fields a form may have, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    Assertion,
    Claimant,
    By,
    Text,
    Date,
    SourceName,
    Url,
    Quote,
    Tags,
    Id,
    File,
}

impl FieldName {
    pub fn label(self) -> &'static str {
        match self {
            FieldName::Assertion => "assertion",
            FieldName::Claimant => "claimant",
            FieldName::By => "by",
            FieldName::Text => "text",
            FieldName::Date => "date",
            FieldName::SourceName => "source",
            FieldName::Url => "url",
            FieldName::Quote => "quote",
            FieldName::Tags => "tags",
            FieldName::Id => "id",
            FieldName::File => "file",
        }
    }

    pub fn required(self) -> bool {
        matches!(
            self,
            FieldName::Assertion
                | FieldName::Claimant
                | FieldName::By
                | FieldName::Text
                | FieldName::Id
                | FieldName::File
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: FieldName,
    pub input: TextInput,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    /// Index into `fields`.
    pub focused: usize,
    /// Why the last confirmation was refused.
    pub error: Option<String>,
    /// Once the user types an id, it is theirs; until then it follows what they type.
    id_chosen: bool,
}

impl Form {
    /// A new claim for `file`, dated `today` (both editable).
    pub fn new_claim(file: &str, today: NaiveDate) -> Self {
        let fields = [
            (FieldName::Assertion, ""),
            (FieldName::Claimant, ""),
            (FieldName::Date, &today.to_string()),
            (FieldName::SourceName, ""),
            (FieldName::Url, ""),
            (FieldName::Quote, ""),
            (FieldName::Tags, ""),
            (FieldName::Id, ""),
            (FieldName::File, file),
        ];
        Self::with(FormKind::Claim, &fields)
    }

    /// A rebuttal to claim `id` in `path`, by `by` when the name is known, dated `today`.
    pub fn new_rebuttal(id: &str, path: PathBuf, by: Option<&str>, today: NaiveDate) -> Self {
        let fields = [
            (FieldName::By, by.unwrap_or_default()),
            (FieldName::Text, ""),
            (FieldName::Date, &today.to_string()),
            (FieldName::Url, ""),
        ];
        let kind = FormKind::Rebuttal {
            id: id.to_string(),
            path,
        };
        let mut form = Self::with(kind, &fields);
        // Who rebuts is usually known: the text is what is left to type.
        if by.is_some() {
            form.focused = 1;
        }
        form
    }

    fn with(kind: FormKind, fields: &[(FieldName, &str)]) -> Self {
        Self {
            kind,
            fields: fields
                .iter()
                .map(|&(name, text)| Field {
                    name,
                    input: TextInput::new(text),
                })
                .collect(),
            focused: 0,
            error: None,
            id_chosen: false,
        }
    }

    pub fn focused_field(&mut self) -> &mut Field {
        let last = self.fields.len() - 1;
        &mut self.fields[self.focused.min(last)]
    }

    pub fn value(&self, name: FieldName) -> &str {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map_or("", |f| f.input.text.trim())
    }

    fn set(&mut self, name: FieldName, text: &str) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.name == name) {
            field.input = TextInput::new(text);
        }
    }

    /// Moves the focus `by` fields, wrapping.
    pub fn step(&mut self, by: isize) {
        let len = self.fields.len() as isize;
        self.focused = (self.focused as isize + by).rem_euclid(len) as usize;
    }

    pub fn on_last_field(&self) -> bool {
        self.focused + 1 >= self.fields.len()
    }

    /// After the focused field changed: an id the user has not chosen follows the claimant
    /// and the assertion (`taken` tells the ids in use).
    pub fn edited(&mut self, taken: impl Fn(&str) -> bool) {
        self.error = None;
        if self.fields[self.focused].name == FieldName::Id {
            self.id_chosen = !self.value(FieldName::Id).is_empty();
        }
        if self.kind == FormKind::Claim && !self.id_chosen {
            let date = parse_date(self.value(FieldName::Date)).ok();
            let (claimant, assertion) = (
                self.value(FieldName::Claimant),
                self.value(FieldName::Assertion),
            );
            let id = if claimant.is_empty() && assertion.is_empty() {
                String::new()
            } else {
                new_id(claimant, assertion, date, taken)
            };
            self.set(FieldName::Id, &id);
        }
    }

    /// The field `name` is, and why it is refused, for [`Self::refuse`].
    fn check(&self, taken: &dyn Fn(&str) -> bool) -> Result<(), (FieldName, String)> {
        for field in &self.fields {
            let value = field.input.text.trim();
            let name = field.name;
            if name.required() && value.is_empty() {
                return Err((name, format!("{} is needed", name.label())));
            }
            match name {
                FieldName::Date if !value.is_empty() => parse_date(value).map(drop),
                // A file of another name would hold the claim where no load looks.
                FieldName::File if !is_yaml_name(value) => Err(format!(
                    "`{value}` is not a claim file name: it ends in .yaml or .yml"
                )),
                FieldName::Id => check_id(value).and_then(|()| {
                    if taken(value) {
                        Err(format!("id `{value}` is taken: choose another"))
                    } else {
                        Ok(())
                    }
                }),
                _ => Ok(()),
            }
            .map_err(|why| (name, why))?;
        }
        Ok(())
    }

    /// Puts the focus on the field at fault and says why.
    fn refuse(&mut self, (name, why): (FieldName, String)) {
        if let Some(at) = self.fields.iter().position(|f| f.name == name) {
            self.focused = at;
        }
        self.error = Some(why);
    }

    fn date(&self) -> Option<NaiveDate> {
        parse_date(self.value(FieldName::Date)).ok()
    }

    fn optional(&self, name: FieldName) -> Option<String> {
        Some(self.value(name).to_string()).filter(|v| !v.is_empty())
    }

    /// The claim the form describes and the file it goes to; refused (with the form saying
    /// why) when a field is missing or wrong.
    pub fn claim(&mut self, taken: &dyn Fn(&str) -> bool) -> Option<(PathBuf, NewClaim)> {
        if let Err(fault) = self.check(taken) {
            self.refuse(fault);
            return None;
        }
        let source = Source {
            name: self.optional(FieldName::SourceName).map(Into::into),
            url: self.optional(FieldName::Url),
            quote: self.optional(FieldName::Quote),
        };
        let tags = self
            .value(FieldName::Tags)
            .split([',', ' '])
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        let claim = NewClaim {
            id: self.value(FieldName::Id).to_string(),
            assertion: self.value(FieldName::Assertion).to_string(),
            claimant: self.value(FieldName::Claimant).to_string(),
            date: self.date(),
            source: (source != Source::default()).then_some(source),
            tags,
            rebuttals: Vec::new(),
        };
        Some((PathBuf::from(self.value(FieldName::File)), claim))
    }

    /// The rebuttal the form describes; refused (with the form saying why) when a field is
    /// missing or wrong.
    pub fn rebuttal(&mut self) -> Option<Rebuttal> {
        if let Err(fault) = self.check(&|_| false) {
            self.refuse(fault);
            return None;
        }
        Some(Rebuttal {
            by: self.value(FieldName::By).into(),
            text: self.value(FieldName::Text).to_string(),
            date: self.date(),
            url: self.optional(FieldName::Url),
        })
    }

    /// Puts the next of `files` in the file field (after the one there, or the first).
    pub fn next_file(&mut self, files: &[String]) {
        let now = self.value(FieldName::File);
        let next = files
            .iter()
            .position(|f| f == now)
            .map_or(0, |i| (i + 1) % files.len().max(1));
        if let Some(file) = files.get(next) {
            let file = file.clone();
            self.set(FieldName::File, &file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn type_into(form: &mut Form, name: FieldName, text: &str, taken: impl Fn(&str) -> bool) {
        form.focused = form.fields.iter().position(|f| f.name == name).unwrap();
        form.focused_field().input = TextInput::new(text);
        form.edited(taken);
    }

    #[test]
    fn the_id_follows_what_is_typed_until_the_user_chooses_one() {
        let mut form = Form::new_claim("claims/a.yaml", today());
        let taken = |id: &str| id == "asha-rally";
        type_into(&mut form, FieldName::Claimant, "Asha", taken);
        type_into(&mut form, FieldName::Assertion, "The rally", taken);
        assert_eq!(form.value(FieldName::Id), "asha-rally-2");
        type_into(&mut form, FieldName::Id, "mine", taken);
        type_into(&mut form, FieldName::Assertion, "Another", taken);
        assert_eq!(form.value(FieldName::Id), "mine");
    }

    #[test]
    fn a_claim_needs_its_fields_and_says_which_is_wrong() {
        let mut form = Form::new_claim("claims/a.yaml", today());
        assert!(form.claim(&|_| false).is_none());
        assert_eq!(form.error.as_deref(), Some("assertion is needed"));
        assert_eq!(form.fields[form.focused].name, FieldName::Assertion);
        type_into(
            &mut form,
            FieldName::Assertion,
            "Line one\nline two",
            |_| false,
        );
        type_into(&mut form, FieldName::Claimant, "Asha", |_| false);
        type_into(&mut form, FieldName::Date, "28/11/2026", |_| false);
        assert!(form.claim(&|_| false).is_none());
        assert!(form.error.as_deref().unwrap().contains("YYYY-MM-DD"));
        type_into(&mut form, FieldName::Date, "2026-11-27", |_| false);
        type_into(&mut form, FieldName::Tags, "cowin, leak", |_| false);
        let (path, claim) = form.claim(&|_| false).unwrap();
        assert_eq!(path, PathBuf::from("claims/a.yaml"));
        assert_eq!(claim.assertion, "Line one\nline two");
        assert_eq!(claim.tags, ["cowin", "leak"]);
        assert_eq!(claim.date, NaiveDate::from_ymd_opt(2026, 11, 27));
        assert!(claim.source.is_none());
    }

    #[test]
    fn a_rebuttal_starts_at_its_text_when_the_name_is_known() {
        let mut form = Form::new_rebuttal("a", PathBuf::from("a.yaml"), Some("asha"), today());
        assert_eq!(form.fields[form.focused].name, FieldName::Text);
        assert!(form.rebuttal().is_none());
        type_into(&mut form, FieldName::Text, "Not so.", |_| false);
        let rebuttal = form.rebuttal().unwrap();
        assert_eq!(
            (rebuttal.by.as_str(), rebuttal.text.as_str()),
            ("asha", "Not so.")
        );
        assert_eq!(rebuttal.date, Some(today()));
    }

    #[test]
    fn a_file_the_dashboard_would_not_read_is_refused() {
        let mut form = Form::new_claim("claims/a.yamlx", today());
        type_into(&mut form, FieldName::Assertion, "A claim", |_| false);
        type_into(&mut form, FieldName::Claimant, "Asha", |_| false);
        assert!(form.claim(&|_| false).is_none());
        assert_eq!(form.fields[form.focused].name, FieldName::File);
        assert!(
            form.error.as_deref().unwrap().contains(".yaml"),
            "{:?}",
            form.error
        );
    }

    #[test]
    fn the_file_field_steps_through_the_open_files() {
        let mut form = Form::new_claim("b.yaml", today());
        let files = ["a.yaml".to_string(), "b.yaml".to_string()];
        form.next_file(&files);
        assert_eq!(form.value(FieldName::File), "a.yaml");
        form.next_file(&files);
        assert_eq!(form.value(FieldName::File), "b.yaml");
    }
}
