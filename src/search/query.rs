//! The query language of the search box and of `list --query`: free text, which the word index
//! ranks, with field terms that narrow the claims exactly.
//!
//! `leak by:priya rating:false -tag:satire date:>=2023-06 at:<7d`
//!
//! - Free text is searched as the words of [`index`](super::index) are; `-word` leaves out the
//!   claims that `word` would find.
//! - `field:value` tests one field ([`SYNTAX`] lists them). A text value (`by:`, `claimant:`,
//!   `tag:`, `file:`) matches by its words, folded as the search folds them (case and accents
//!   ignored), from the start of a word of the field, one after the other, the last one possibly
//!   cut short: `by:priya` and `by:"priya sh"` match "Priya Sharma", `by:iya` does not.
//!   Punctuation is not compared, so `claimant:"O’Brien"` matches "O'Brien".
//! - `"..."` (or `“...”`) keeps spaces in a value; anything quoted is a value, so `"a:b"` is free
//!   text, not a field. `’` and `'` are ordinary characters.
//! - `-` before a term leaves out the claims the term matches.
//! - Terms must all hold, but a field given several values matches any of them
//!   (`rating:false rating:misleading`), as people mean it. A comparison (`date:>=2023-06-01`)
//!   always must hold, so that two of them make a range.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, Months, NaiveDate, TimeDelta, Utc};

use super::words::{fold, words};
use crate::model::{Claim, RatingScale, ReviewState};

/// The syntax as the `?` help shows it, an example and what it does: every field has a row,
/// and every example parses (the tests check both).
pub const SYNTAX: &[(&str, &str)] = &[
    (
        "leak bot",
        "claims with every word, best first; verdict notes too",
    ),
    (
        "-telegram",
        "leaves out what the term finds; also -rating:true",
    ),
    ("by:priya", "tagged by a name with a word starting priya"),
    (
        "rating:false",
        "rated false: a rating of the scale, or untagged",
    ),
    (
        "is:untagged",
        "is:tagged, untagged or conflicted; is:pending (awaiting review), approved, changes-requested",
    ),
    ("tag:aadhaar", "with a tag that has a word starting aadhaar"),
    (
        "assignee:priya",
        "assigned to a name with a word starting priya (yours: assignee:YOUR-NAME)",
    ),
    (
        "status:in-progress",
        "in that triage status: one of the desk's statuses",
    ),
    (
        "claimant:\"Derek O’Brien\"",
        "said by him; quotes keep a value's spaces",
    ),
    (
        "file:health",
        "from a file whose path has a word starting health",
    ),
    (
        "date:2023-06",
        "claimed in June 2023; also 2023 or 2023-06-15",
    ),
    (
        "date:>=2023-06-01",
        "compare with < <= > >=; two make a range",
    ),
    (
        "at:<7d",
        "tagged in the last 7 days (h, d, w), or dates as date:",
    ),
    (
        "rating:false rating:misleading",
        "a field twice: either value; two fields: both",
    ),
];

/// A parsed query. It keeps the text it was parsed from, which is what the user sees.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    text: String,
    /// The free text, for the word index to rank by and for highlighting.
    words: String,
    /// The text of each `-` free-text term.
    excluded_words: Vec<String>,
    /// The field terms: each must hold.
    clauses: Vec<Clause>,
    /// What relative times (`at:<7d`) count from.
    now: DateTime<Utc>,
}

impl Query {
    /// Parses `text`, checking ratings against `scale`; relative times count from `now`.
    pub fn parse(text: &str, scale: &RatingScale, now: DateTime<Utc>) -> Result<Self, QueryError> {
        let mut query = Self {
            text: text.to_string(),
            now,
            ..Self::default()
        };
        let mut words = Vec::new();
        for token in tokens(text)? {
            let Some((name, name_at)) = token.field else {
                if token.negated {
                    query.excluded_words.push(token.value);
                } else {
                    words.push(token.value);
                }
                continue;
            };
            let field = Field::named(&name)
                .ok_or_else(|| QueryError::new(Problem::UnknownField(name), name_at))?;
            let test = Test::parse(field, &token.value, scale)
                .map_err(|problem| QueryError::new(problem, token.value_at))?;
            query.add(token.negated, test);
        }
        query.words = words.join(" ");
        Ok(query)
    }

    /// The query as it was typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Nothing to search or filter by.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The free text: what the word index ranks by and what is highlighted.
    pub fn words(&self) -> &str {
        &self.words
    }

    /// The text of each `-` free-text term: claims it would find are left out.
    pub fn excluded_words(&self) -> &[String] {
        &self.excluded_words
    }

    /// Whether the query needs the word index: it has free text, found or left out.
    pub fn searches_words(&self) -> bool {
        !self.words.trim().is_empty() || !self.excluded_words.is_empty()
    }

    /// Counts relative times (`at:<7d`) from `now` from here on: a query kept on screen for
    /// hours means the last 7 days from the time it filters, not from when it was typed.
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    /// Whether `claim` passes the field terms (free text is the word index's to match).
    pub fn matches(&self, claim: &Claim) -> bool {
        let holds = |test: &Test| test.holds(claim, self.now);
        self.clauses.iter().all(|clause| match clause {
            Clause::AnyOf(tests) => tests.iter().any(holds),
            Clause::Holds(test) => holds(test),
            Clause::Not(test) => !holds(test),
        })
    }

    fn add(&mut self, negated: bool, test: Test) {
        let clause = if negated {
            Clause::Not(test)
        } else if test.compares() {
            Clause::Holds(test)
        } else {
            let same_field = self.clauses.iter_mut().find_map(|clause| match clause {
                Clause::AnyOf(tests)
                    if tests.first().is_some_and(|t| t.field() == test.field()) =>
                {
                    Some(tests)
                }
                _ => None,
            });
            match same_field {
                Some(tests) => return tests.push(test),
                None => Clause::AnyOf(vec![test]),
            }
        };
        self.clauses.push(clause);
    }
}

/// Why a query was refused, and where: `at` counts characters from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem} at {at}; {}fields: {}", hint(.problem), FieldNames)]
pub struct QueryError {
    pub problem: Problem,
    pub at: usize,
}

impl QueryError {
    fn new(problem: Problem, at: usize) -> Self {
        Self { problem, at }
    }
}

/// What is wrong with a query: the first thing the parser could not take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("unknown field `{0}:`")]
    UnknownField(String),
    #[error("`{field}:` needs a value with letters or digits, as in {example}")]
    MissingValue {
        field: &'static str,
        example: &'static str,
    },
    #[error("unknown rating `{rating}`")]
    UnknownRating { rating: String, ratings: String },
    #[error("unknown state `is:{0}`")]
    UnknownState(String),
    #[error("`{0}` is not a date")]
    BadDate(String),
    #[error("`{0}` is neither a date nor an age")]
    BadTime(String),
    #[error("the age `{0}` needs < or >")]
    AgeWithoutComparison(String),
    #[error("a quote is not closed")]
    UnclosedQuote,
}

const DATES: &str = "dates: 2023, 2023-06, 2023-06-15, after < <= > >= to compare";
const AGES: &str = "ages: at:<7d (in the last 7 days), at:>2w (longer ago), in h, d or w";

/// What to write instead, ending in `; `, or nothing.
fn hint(problem: &Problem) -> String {
    let hint = match problem {
        Problem::UnknownField(_) | Problem::MissingValue { .. } => return String::new(),
        Problem::UnknownRating { ratings, .. } => format!("ratings: {ratings} untagged"),
        Problem::UnknownState(_) => {
            "is: takes tagged, untagged, conflicted, pending, approved or changes-requested"
                .to_string()
        }
        Problem::BadDate(_) => DATES.to_string(),
        Problem::BadTime(_) => format!("{DATES}; {AGES}"),
        Problem::AgeWithoutComparison(_) => AGES.to_string(),
        Problem::UnclosedQuote => "close it with \" or ”".to_string(),
    };
    format!("{hint}; ")
}

/// The fields there are, as an error lists them: `by: rating: is: ...`.
struct FieldNames;

impl fmt::Display for FieldNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = FIELDS
            .iter()
            .map(|field| format!("{}:", field.name()))
            .collect();
        f.write_str(&names.join(" "))
    }
}

/// One field term: what a claim must have (or, negated, not have).
#[derive(Debug, Clone, PartialEq)]
enum Clause {
    /// Values of one field: one of them must hold.
    AnyOf(Vec<Test>),
    /// A comparison: it must hold, whatever else the field is given.
    Holds(Test),
    /// A `-` term: it must not hold.
    Not(Test),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    By,
    Rating,
    Is,
    Tag,
    Assignee,
    Status,
    Claimant,
    File,
    Date,
    At,
}

const FIELDS: [Field; 10] = [
    Field::By,
    Field::Rating,
    Field::Is,
    Field::Tag,
    Field::Assignee,
    Field::Status,
    Field::Claimant,
    Field::File,
    Field::Date,
    Field::At,
];

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::By => "by",
            Field::Rating => "rating",
            Field::Is => "is",
            Field::Tag => "tag",
            Field::Assignee => "assignee",
            Field::Status => "status",
            Field::Claimant => "claimant",
            Field::File => "file",
            Field::Date => "date",
            Field::At => "at",
        }
    }

    fn named(name: &str) -> Option<Self> {
        FIELDS
            .into_iter()
            .find(|field| field.name().eq_ignore_ascii_case(name))
    }

    /// The first example of [`SYNTAX`] that uses the field.
    fn example(self) -> &'static str {
        let prefix = format!("{}:", self.name());
        let uses = |example: &&str| example.trim_start_matches('-').starts_with(&prefix);
        SYNTAX
            .iter()
            .map(|(example, _)| *example)
            .find(uses)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    By(Phrase),
    /// `None` is untagged.
    Rating(Option<String>),
    Is(State),
    Tag(Phrase),
    Assignee(Phrase),
    /// Lower-case: statuses are ids.
    Status(String),
    Claimant(Phrase),
    File(Phrase),
    Date(Comparison, Days),
    At(Time),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Tagged,
    Untagged,
    Conflicted,
    /// Tagged, and no editor has reviewed the verdict yet.
    Pending,
    Reviewed(ReviewState),
}

impl Test {
    fn parse(field: Field, value: &str, scale: &RatingScale) -> Result<Self, Problem> {
        let missing = || Problem::MissingValue {
            field: field.name(),
            example: field.example(),
        };
        if value.is_empty() {
            return Err(missing());
        }
        let phrase = || Phrase::new(value).ok_or_else(missing);
        let lowercase = value.to_lowercase();
        Ok(match field {
            Field::By => Test::By(phrase()?),
            Field::Tag => Test::Tag(phrase()?),
            Field::Assignee => Test::Assignee(phrase()?),
            Field::Status => Test::Status(lowercase.clone()),
            Field::Claimant => Test::Claimant(phrase()?),
            Field::File => Test::File(phrase()?),
            Field::Rating if lowercase == "untagged" => Test::Rating(None),
            Field::Rating => match scale.ids().find(|r| r.to_lowercase() == lowercase) {
                Some(rating) => Test::Rating(Some(rating.to_string())),
                None => {
                    return Err(Problem::UnknownRating {
                        rating: value.to_string(),
                        ratings: scale.ids().collect::<Vec<_>>().join(" "),
                    });
                }
            },
            Field::Is => Test::Is(match lowercase.as_str() {
                "tagged" => State::Tagged,
                "untagged" => State::Untagged,
                "conflicted" => State::Conflicted,
                "pending" => State::Pending,
                "approved" => State::Reviewed(ReviewState::Approved),
                "changes-requested" => State::Reviewed(ReviewState::ChangesRequested),
                _ => return Err(Problem::UnknownState(value.to_string())),
            }),
            Field::Date => {
                let (comparison, date) = Comparison::split(&lowercase);
                let days = Days::parse(date).ok_or_else(|| Problem::BadDate(value.to_string()))?;
                Test::Date(comparison, days)
            }
            Field::At => Test::At(Time::parse(&lowercase, value)?),
        })
    }

    fn field(&self) -> Field {
        match self {
            Test::By(_) => Field::By,
            Test::Rating(_) => Field::Rating,
            Test::Is(_) => Field::Is,
            Test::Tag(_) => Field::Tag,
            Test::Assignee(_) => Field::Assignee,
            Test::Status(_) => Field::Status,
            Test::Claimant(_) => Field::Claimant,
            Test::File(_) => Field::File,
            Test::Date(..) => Field::Date,
            Test::At(_) => Field::At,
        }
    }

    /// A comparison (`<`, `>=`...): a bound, not one of several values.
    fn compares(&self) -> bool {
        match self {
            Test::Date(comparison, _)
            | Test::At(Time::Days(comparison, _) | Time::Age(comparison, _)) => {
                *comparison != Comparison::Within
            }
            _ => false,
        }
    }

    fn holds(&self, claim: &Claim, now: DateTime<Utc>) -> bool {
        let verdict = claim.verdict.as_ref();
        match self {
            Test::By(name) => verdict
                .and_then(|v| v.by.as_deref())
                .is_some_and(|by| name.is_in(by)),
            Test::Rating(rating) => verdict.map(|v| v.rating.as_str()) == rating.as_deref(),
            Test::Is(State::Tagged) => verdict.is_some(),
            Test::Is(State::Untagged) => verdict.is_none(),
            Test::Is(State::Conflicted) => claim.conflict.is_some(),
            Test::Is(State::Pending) => verdict.is_some_and(|v| v.review.is_none()),
            Test::Is(State::Reviewed(state)) => {
                verdict.and_then(|v| v.review.as_ref()).map(|r| r.state) == Some(*state)
            }
            Test::Tag(tag) => claim.tags.iter().any(|t| tag.is_in(t)),
            Test::Assignee(name) => claim.assignee().is_some_and(|a| name.is_in(a)),
            Test::Status(status) => claim
                .status()
                .is_some_and(|s| s.eq_ignore_ascii_case(status)),
            Test::Claimant(name) => name.is_in(&claim.claimant),
            Test::File(part) => part.is_in(&claim.origin.path.to_string_lossy()),
            Test::Date(comparison, days) => claim
                .date
                .is_some_and(|date| comparison.accepts(days.place(date))),
            Test::At(time) => verdict
                .and_then(|v| v.at)
                .is_some_and(|at| time.holds(at, now)),
        }
    }
}

/// A text value as its words, folded: a field holds it when its words stand in the field one
/// after the other, from the start of a word, the last one possibly cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase(Vec<String>);

impl Phrase {
    fn new(value: &str) -> Option<Self> {
        let folded: Vec<String> = words(value).map(|(_, word)| fold(word)).collect();
        (!folded.is_empty()).then_some(Self(folded))
    }

    fn is_in(&self, text: &str) -> bool {
        let Some((last, whole)) = self.0.split_last() else {
            return false;
        };
        let text: Vec<&str> = words(text).map(|(_, word)| word).collect();
        text.windows(self.0.len()).any(|window| {
            let (cut, complete) = window.split_last().unwrap_or((&"", &[]));
            complete
                .iter()
                .zip(whole)
                .all(|(word, value)| folds_to(word, value, false))
                && folds_to(cut, last, true)
        })
    }
}

/// Whether `word` folds to `folded` (or, with `prefix`, to something starting with it).
fn folds_to(word: &str, folded: &str, prefix: bool) -> bool {
    // An ASCII word folds by lowercasing: compared in place, with no copy per claim.
    if word.is_ascii() {
        let (word, folded) = (word.as_bytes(), folded.as_bytes());
        let compared = if prefix {
            word.get(..folded.len())
        } else {
            Some(word)
        };
        return compared.is_some_and(|w| w.eq_ignore_ascii_case(folded));
    }
    let word = fold(word);
    if prefix {
        word.starts_with(folded)
    } else {
        word == folded
    }
}

/// How a date or an age compares with the term's: `<`, `<=`, `>`, `>=`, or within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparison {
    Within,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    /// The comparison `value` starts with, and the rest.
    fn split(value: &str) -> (Self, &str) {
        let prefixes = [
            (">=", Comparison::GreaterOrEqual),
            ("<=", Comparison::LessOrEqual),
            (">", Comparison::Greater),
            ("<", Comparison::Less),
        ];
        prefixes
            .into_iter()
            .find_map(|(prefix, comparison)| Some((comparison, value.strip_prefix(prefix)?)))
            .unwrap_or((Comparison::Within, value))
    }

    /// Whether a value that compares to the term's as `ordering` passes.
    fn accepts(self, ordering: Ordering) -> bool {
        match self {
            Comparison::Within => ordering.is_eq(),
            Comparison::Less => ordering.is_lt(),
            Comparison::LessOrEqual => ordering.is_le(),
            Comparison::Greater => ordering.is_gt(),
            Comparison::GreaterOrEqual => ordering.is_ge(),
        }
    }
}

/// A year, a month or a day, as the days from `start` up to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Days {
    start: NaiveDate,
    end: NaiveDate,
}

impl Days {
    /// `2023`, `2023-06` or `2023-06-15`.
    fn parse(text: &str) -> Option<Self> {
        let number = |part: &str, digits: usize| {
            let is_number = part.len() == digits && part.bytes().all(|b| b.is_ascii_digit());
            is_number.then(|| part.parse::<u32>().ok()).flatten()
        };
        let parts: Vec<&str> = text.split('-').collect();
        let year = i32::try_from(number(parts.first()?, 4)?).ok()?;
        let (start, end) = match parts[1..] {
            [] => {
                let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
                (start, start.checked_add_months(Months::new(12))?)
            }
            [month] => {
                let start = NaiveDate::from_ymd_opt(year, number(month, 2)?, 1)?;
                (start, start.checked_add_months(Months::new(1))?)
            }
            [month, day] => {
                let start = NaiveDate::from_ymd_opt(year, number(month, 2)?, number(day, 2)?)?;
                (start, start.succ_opt()?)
            }
            _ => return None,
        };
        Some(Self { start, end })
    }

    /// Where `date` falls: before these days, within them, or after.
    fn place(self, date: NaiveDate) -> Ordering {
        if date < self.start {
            Ordering::Less
        } else if date < self.end {
            Ordering::Equal
        } else {
            Ordering::Greater
        }
    }
}

/// An `at:` term: the verdict's day (in UTC, as the dashboard shows verdict times), or its age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Time {
    Days(Comparison, Days),
    /// `at:<7d`: younger than 7 days.
    Age(Comparison, TimeDelta),
}

impl Time {
    /// `lowercase` is the value, lowercased; `value` the value as typed, for errors.
    fn parse(lowercase: &str, value: &str) -> Result<Self, Problem> {
        let (comparison, rest) = Comparison::split(lowercase);
        if let Some(age) = age(rest) {
            if comparison == Comparison::Within {
                return Err(Problem::AgeWithoutComparison(value.to_string()));
            }
            return Ok(Time::Age(comparison, age));
        }
        let days = Days::parse(rest).ok_or_else(|| Problem::BadTime(value.to_string()))?;
        Ok(Time::Days(comparison, days))
    }

    fn holds(self, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        match self {
            Time::Days(comparison, days) => comparison.accepts(days.place(at.date_naive())),
            Time::Age(comparison, age) => {
                comparison.accepts(now.signed_duration_since(at).cmp(&age))
            }
        }
    }
}

/// `12h`, `7d` or `2w`.
fn age(text: &str) -> Option<TimeDelta> {
    // `get` refuses to cut a last character that is not ASCII: no unit either.
    let count = text.get(..text.len().checked_sub(1)?)?;
    if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let count = count.parse().ok()?;
    match text.as_bytes().last()? {
        b'h' => TimeDelta::try_hours(count),
        b'd' => TimeDelta::try_days(count),
        b'w' => TimeDelta::try_weeks(count),
        _ => None,
    }
}

/// One term of the query as typed, its quotes resolved.
struct Token {
    negated: bool,
    /// A field term's name, and where it starts.
    field: Option<(String, usize)>,
    value: String,
    /// Where the value starts.
    value_at: usize,
}

/// The terms of `text`: separated by white space outside quotes. Positions count characters
/// from 1, as an error shows them.
fn tokens(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        // A `-` alone is no negation of anything: it is left as (wordless) free text.
        let negated = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        i += usize::from(negated);
        let name_len = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let mut field = None;
        if name_len > 0 && chars.get(i + name_len) == Some(&':') {
            field = Some((chars[i..i + name_len].iter().collect(), i + 1));
            i += name_len + 1;
        }
        let value_at = i + 1;
        let mut value = String::new();
        while let Some(&c) = chars.get(i) {
            if c.is_whitespace() {
                break;
            }
            if !matches!(c, '"' | '“') {
                value.push(c);
                i += 1;
                continue;
            }
            let quoted = &chars[i + 1..];
            let close = quoted
                .iter()
                .position(|&c| matches!(c, '"' | '”'))
                .ok_or_else(|| QueryError::new(Problem::UnclosedQuote, i + 1))?;
            value.extend(&quoted[..close]);
            i += close + 2;
        }
        tokens.push(Token {
            negated,
            field,
            value,
            value_at,
        });
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests;
