//! Claims from other fact-checkers: a Google Fact Check Tools `claims:search` response, or
//! schema.org ClaimReview JSON-LD (one object, an array, or an `@graph`), read into new
//! claims with the other publisher's review as a rebuttal. Pure: reading the file and
//! writing the claims are the command's.

use chrono::NaiveDate;
use serde_json::Value;

use crate::model::{Rebuttal, Source};
use crate::store::NewClaim;

/// What is wrong with the input, and where, as a JSON path (`$.claims[2].text`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {what}")]
pub struct ImportError {
    pub path: String,
    pub what: String,
}

/// A claim read from the input, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub assertion: String,
    pub claimant: String,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub rebuttals: Vec<Rebuttal>,
}

impl Imported {
    /// The claim to write, with `id`.
    pub fn into_claim(self, id: String) -> NewClaim {
        NewClaim {
            id,
            assertion: self.assertion,
            claimant: self.claimant,
            date: self.date,
            source: self.url.map(|url| Source {
                url: Some(url),
                ..Source::default()
            }),
            tags: Vec::new(),
            rebuttals: self.rebuttals,
        }
    }
}

/// The claimant written when the input names none (the format needs one).
const UNKNOWN_CLAIMANT: &str = "unknown";

/// The claims of `input`, in order: a Fact Check Tools response (an object with `claims`) or
/// ClaimReview JSON-LD.
pub fn read(input: &Value) -> Result<Vec<Imported>, ImportError> {
    match input {
        Value::Object(object) if object.contains_key("claims") => {
            let claims = array(input, "claims", "$")?;
            claims
                .iter()
                .enumerate()
                .map(|(i, claim)| fact_check_claim(claim, &format!("$.claims[{i}]")))
                .collect()
        }
        Value::Object(object) if object.contains_key("@graph") => {
            let graph = array(input, "@graph", "$")?;
            claim_reviews(graph, "$['@graph']")
        }
        Value::Array(items) => claim_reviews(items, "$"),
        Value::Object(_) => claim_review(input, "$").map(|claim| vec![claim]),
        _ => Err(error(
            "$",
            "expected a Fact Check Tools response or ClaimReview JSON-LD",
        )),
    }
}

fn claim_reviews(items: &[Value], path: &str) -> Result<Vec<Imported>, ImportError> {
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| is_type(item, "ClaimReview"))
        .map(|(i, item)| claim_review(item, &format!("{path}[{i}]")))
        .collect()
}

/// One claim of a Fact Check Tools response: `text`, `claimant`, `claimDate`, and each of
/// its `claimReview`s as a rebuttal.
fn fact_check_claim(claim: &Value, path: &str) -> Result<Imported, ImportError> {
    let assertion = required_text(claim, "text", path)?;
    let claimant = optional_text(claim, "claimant", path)?;
    let date = optional_date(claim, "claimDate", path)?;
    let reviews = match claim.get("claimReview") {
        None => Vec::new(),
        Some(_) => array(claim, "claimReview", path)?.to_vec(),
    };
    let mut rebuttals = Vec::new();
    for (i, review) in reviews.iter().enumerate() {
        let path = format!("{path}.claimReview[{i}]");
        let publisher = review.get("publisher");
        let by =
            match publisher {
                Some(p) => optional_text(p, "name", &format!("{path}.publisher"))?
                    .or(optional_text(p, "site", &format!("{path}.publisher"))?),
                None => None,
            };
        let title = optional_text(review, "title", &path)?;
        let rating = optional_text(review, "textualRating", &path)?;
        rebuttals.push(Rebuttal {
            by: by.unwrap_or_else(|| UNKNOWN_CLAIMANT.to_string()).into(),
            text: review_text(title, rating),
            date: optional_date(review, "reviewDate", &path)?,
            url: optional_text(review, "url", &path)?,
        });
    }
    Ok(Imported {
        assertion,
        claimant: claimant.unwrap_or_else(|| UNKNOWN_CLAIMANT.to_string()),
        date,
        url: None,
        rebuttals,
    })
}

/// One ClaimReview: `claimReviewed`, the `itemReviewed` claim's author, date and
/// appearance, and the review itself (author, headline, rating, date, url) as a rebuttal.
fn claim_review(review: &Value, path: &str) -> Result<Imported, ImportError> {
    let assertion = required_text(review, "claimReviewed", path)?;
    let item = review.get("itemReviewed");
    let item_path = format!("{path}.itemReviewed");
    let (claimant, date, url) = match item {
        Some(item) => (
            name_of(item.get("author"), &format!("{item_path}.author"))?,
            optional_date(item, "datePublished", &item_path)?,
            appearance(item.get("appearance"), &format!("{item_path}.appearance"))?,
        ),
        None => (None, None, None),
    };
    let publisher = name_of(review.get("author"), &format!("{path}.author"))?;
    let title = optional_text(review, "name", path)?.or(optional_text(review, "headline", path)?);
    let rating = match review.get("reviewRating") {
        Some(rating) => optional_text(rating, "alternateName", &format!("{path}.reviewRating"))?,
        None => None,
    };
    let rebuttal = Rebuttal {
        by: publisher
            .unwrap_or_else(|| UNKNOWN_CLAIMANT.to_string())
            .into(),
        text: review_text(title, rating),
        date: optional_date(review, "datePublished", path)?,
        url: optional_text(review, "url", path)?,
    };
    Ok(Imported {
        assertion,
        claimant: claimant.unwrap_or_else(|| UNKNOWN_CLAIMANT.to_string()),
        date,
        url,
        rebuttals: vec![rebuttal],
    })
}

/// `Title — rated: False`, from what the review gives.
fn review_text(title: Option<String>, rating: Option<String>) -> String {
    match (title, rating) {
        (Some(title), Some(rating)) => format!("{title} — rated: {rating}"),
        (Some(title), None) => title,
        (None, Some(rating)) => format!("Rated: {rating}"),
        (None, None) => "Reviewed (no title or rating given)".to_string(),
    }
}

fn is_type(item: &Value, wanted: &str) -> bool {
    match item.get("@type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t == wanted),
        _ => false,
    }
}

/// A person's or organisation's name: a string, an object with `name`, or the first of a
/// list of them.
fn name_of(value: Option<&Value>, path: &str) -> Result<Option<String>, ImportError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(name)) => Ok(nonempty(name)),
        Some(Value::Array(items)) => name_of(items.first(), &format!("{path}[0]")),
        Some(object @ Value::Object(_)) => optional_text(object, "name", path),
        Some(_) => Err(error(path, "expected a name, or an object with `name`")),
    }
}

/// Where a claim appeared: a url, an object with `url`, or the first of a list of them.
fn appearance(value: Option<&Value>, path: &str) -> Result<Option<String>, ImportError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(url)) => Ok(nonempty(url)),
        Some(Value::Array(items)) => appearance(items.first(), &format!("{path}[0]")),
        Some(object @ Value::Object(_)) => optional_text(object, "url", path),
        Some(_) => Err(error(path, "expected a url, or an object with `url`")),
    }
}

fn array<'v>(value: &'v Value, key: &str, path: &str) -> Result<&'v [Value], ImportError> {
    match value.get(key) {
        Some(Value::Array(items)) => Ok(items),
        _ => Err(error(&format!("{path}.{key}"), "expected a list")),
    }
}

fn required_text(value: &Value, key: &str, path: &str) -> Result<String, ImportError> {
    optional_text(value, key, path)?.ok_or_else(|| {
        error(
            &format!("{path}.{key}"),
            "missing: the claim's text is needed",
        )
    })
}

fn optional_text(value: &Value, key: &str, path: &str) -> Result<Option<String>, ImportError> {
    match value.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(nonempty(text)),
        Some(_) => Err(error(&format!("{path}.{key}"), "expected text")),
    }
}

/// A date, or the date of a time (`2023-06-12T10:00:00Z`).
fn optional_date(value: &Value, key: &str, path: &str) -> Result<Option<NaiveDate>, ImportError> {
    let Some(text) = optional_text(value, key, path)? else {
        return Ok(None);
    };
    let day = text.get(..10).unwrap_or(&text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| error(&format!("{path}.{key}"), &format!("`{text}` is not a date")))
}

fn nonempty(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

fn error(path: &str, what: &str) -> ImportError {
    ImportError {
        path: path.to_string(),
        what: what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_fact_check_tools_response_gives_claims_with_their_reviews_as_rebuttals() {
        let input = json!({"claims": [{
            "text": "टीका लगवाने वालों का डेटा लीक हुआ",
            "claimant": "विपक्षी नेता",
            "claimDate": "2023-06-12T00:00:00Z",
            "claimReview": [{
                "publisher": {"name": "BOOM", "site": "boomlive.in"},
                "url": "https://www.boomlive.in/x",
                "title": "No, CoWIN was not breached",
                "reviewDate": "2023-06-14T08:00:00Z",
                "textualRating": "False",
                "languageCode": "hi"
            }]
        }]});
        let claims = read(&input).unwrap();
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].claimant, "विपक्षी नेता");
        assert_eq!(claims[0].date, NaiveDate::from_ymd_opt(2023, 6, 12));
        let rebuttal = &claims[0].rebuttals[0];
        assert_eq!(rebuttal.by, "BOOM");
        assert_eq!(rebuttal.text, "No, CoWIN was not breached — rated: False");
        assert_eq!(rebuttal.date, NaiveDate::from_ymd_opt(2023, 6, 14));
    }

    #[test]
    fn claim_review_json_ld_in_every_shape() {
        let review = json!({
            "@type": "ClaimReview",
            "claimReviewed": "The portal leaked",
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Asha"},
                "datePublished": "2023-06-12", "appearance": [{"url": "https://x.example/a"}]},
            "author": {"@type": "Organization", "name": "Desk"},
            "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
            "url": "https://desk.example/r", "datePublished": "2023-06-13"
        });
        for input in [
            review.clone(),
            json!([review.clone()]),
            json!({"@graph": [review, {"@type": "Organization"}]}),
        ] {
            let claims = read(&input).unwrap();
            assert_eq!(claims.len(), 1, "{input}");
            assert_eq!(claims[0].claimant, "Asha");
            assert_eq!(claims[0].url.as_deref(), Some("https://x.example/a"));
            assert_eq!(claims[0].rebuttals[0].text, "Rated: Misleading");
        }
    }

    #[test]
    fn malformed_input_says_what_and_where() {
        let input = json!({"claims": [{"text": "ok"}, {"claimant": "x"}]});
        assert_eq!(
            read(&input).unwrap_err().to_string(),
            "$.claims[1].text: missing: the claim's text is needed"
        );
        let input = json!({"claims": [{"text": "ok", "claimDate": "yesterday"}]});
        assert_eq!(read(&input).unwrap_err().path, "$.claims[0].claimDate");
        assert!(read(&json!(3)).is_err());
    }
}
