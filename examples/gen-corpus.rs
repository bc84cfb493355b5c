//! Synthetic claim-corpus generator for claimdesk.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --claims 100000 --files 100 --out DIR [--seed N]
//! ```
//!
//! Writes `DIR/claims-0000.yaml`, `DIR/claims-0001.yaml`, ... with the claims
//! spread evenly across the files. Output is a pure function of the arguments
//! (a SplitMix64 PRNG seeded from `--seed`, re-seeded per claim from its global
//! index), so the same arguments always give byte-identical files.
//!
//! The generated YAML deliberately mixes block and flow style, plain /
//! double-quoted / single-quoted / folded / literal scalars, comments, and
//! non-ASCII text (accented Latin, Devanagari, Bengali).
//!
//! Benches can reuse the generator with
//! `#[path = "../examples/gen-corpus.rs"] mod gen_corpus;` and call
//! [`generate_file`] (or [`file_range`] + [`file_name`] for a whole corpus).
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Parser;

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, fast, and good enough for synthetic data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Independent stream for one claim, derived from the run seed and the
    /// claim's global index (so a claim's content does not depend on how
    /// claims are split into files).
    pub fn for_claim(seed: u64, index: usize) -> Self {
        let mut r = Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) ^ (index as u64).rotate_left(17));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n must be > 0 and < 2^32).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    /// Like [`Rng::pick`], but when `intl` is false only ASCII entries are
    /// returned (the list must contain at least one).
    pub fn pick_t(&mut self, xs: &[&'static str], intl: bool) -> &'static str {
        loop {
            let s = self.pick(xs);
            if intl || s.is_ascii() {
                return s;
            }
        }
    }

    pub fn pick_ref<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

const SUBJECTS: &[&str] = &[
    "The state health ministry",
    "A viral WhatsApp forward",
    "The opposition leader",
    "A widely shared video",
    "The finance minister",
    "The city municipal corporation",
    "An anonymous Telegram channel",
    "A former election commissioner",
    "The central bank governor",
    "A regional news channel",
    "The chief minister's office",
    "Several Facebook pages",
    "A party spokesperson",
    "A popular YouTube creator",
    "The transport department",
    "An online petition",
    "A screenshot circulating on X",
    "The education minister",
    "A local councillor",
    "A press release from an industry group",
];

const VERBS: &[&str] = &[
    "claimed that",
    "alleged that",
    "stated that",
    "suggested that",
    "insisted that",
    "reported that",
    "told reporters that",
    "wrote that",
    "asserted without evidence that",
    "repeatedly said that",
];

const CLAUSES: &[&str] = &[
    "personal data of {n} million beneficiaries was leaked online",
    "fuel prices fell by {pct} percent in {year}",
    "the new bridge in {place} collapsed during its inauguration",
    "unemployment reached its highest level in {n} years",
    "{n} schools were closed in {place} last month",
    "the vaccine contains tracking microchips",
    "the government spent {n} billion on advertising alone",
    "crime in {place} doubled after the new policy came into force",
    "voting machines in {place} were tampered with before the count",
    "the river in {place} has been declared unfit for bathing",
    "{org} banned the sale of the product nationwide",
    "the photo shows floods in {place} this week",
    "exports grew by {pct} percent despite the pandemic",
    "the hospital in {place} turned away {n} patients in one night",
    "{org} will give every citizen a free smartphone",
    "the minister's degree certificate is forged",
    "a curfew has been imposed across {place} from tonight",
    "the census counted {n} million fewer people than in {year}",
    "electricity tariffs will rise by {pct} percent from next month",
    "the statue in {place} was vandalised by foreign nationals",
];

const QUALIFIERS: &[&str] = &[
    "according to a leaked memo",
    "citing official figures",
    "without providing evidence",
    "in a televised address",
    "in a post that was shared over {n} thousand times",
    "in a speech in {place}",
    "quoting an unnamed official",
    "in an interview with a regional daily",
    "referring to a report by {org}",
    "during a rally in {place}",
];

const EXTRA_SENTENCES: &[&str] = &[
    "The post was later deleted.",
    "Officials have not responded to requests for comment.",
    "Fact-checkers traced the image to a {year} news report.",
    "The figure could not be independently verified.",
    "The claim resurfaced on social media during the election campaign.",
    "One caption read: \"this is the proof they hid from you\".",
    "The video is tagged #exposed and has been viewed {n} thousand times.",
    "A similar claim was debunked in {year}.",
    "The screenshot shows a file path C:\\leaks\\data.csv on the screen.",
    "Critics called it 'pure propaganda' in replies.",
    "The numbers appear to come from a {year} survey by {org}.",
    "Some versions of the post add a fabricated quote from {org}.",
    "It was forwarded with the text: share before it is deleted!",
    "The original upload dates back to {year} and was filmed in {place}.",
];

/// Non-ASCII sentences (Devanagari, Bengali, accented Latin).
const INTL_SENTENCES: &[&str] = &[
    "मंत्री ने कहा कि डेटा सुरक्षित है।",
    "सोशल मीडिया पर वायरल यह दावा भ्रामक है और वीडियो पुराना है।",
    "सरकार ने दावा किया कि {n} लाख लोगों को लाभ मिला।",
    "সরকার দাবি করেছে যে তথ্য ফাঁস হয়নি।",
    "সরকার দাবি করেছে যে নতুন সেতুটি সম্পূর্ণ নিরাপদ।",
    "ভিডিওটি পুরনো এবং অন্য দেশের একটি ঘটনার।",
    "La déclaration du ministre a été largement partagée en ligne.",
    "Der Bürgermeister Müller behauptete, die Zahlen seien gefälscht.",
    "Segundo a prefeitura de São Paulo, o número está errado.",
    "El vídeo muestra una manifestación en Bogotá de {year}.",
    "Selon l'élu, la réforme coûtera {n} milliards d'euros à l'État.",
    "Die Straße in Zürich wurde angeblich über Nacht gesperrt.",
];

const PLACES: &[&str] = &[
    "Mumbai",
    "Kolkata",
    "Delhi",
    "Chennai",
    "Dhaka",
    "Lagos",
    "Nairobi",
    "Manila",
    "Jakarta",
    "Karachi",
    "Lima",
    "Pune",
    "Guwahati",
    "São Paulo",
    "Bogotá",
    "Zürich",
    "Montréal",
    "Kraków",
    "Málaga",
    "Köln",
    "Besançon",
];

const ORGS: &[&str] = &[
    "the World Health Organization",
    "the Reserve Bank",
    "the Election Commission",
    "the Supreme Court",
    "the health ministry",
    "a private think tank",
    "the national statistics office",
    "the United Nations",
];

const CLAIMANTS: &[&str] = &[
    "Unnamed social media users",
    "A WhatsApp forward",
    "Opposition spokesperson",
    "State health minister",
    "@truth_seeker_99",
    "Ministry of Finance",
    "Dr. A. K. Verma",
    "Chief Minister's Office",
    "Viral post: unknown author",
    "Anonymous Telegram channel",
    "Member of Parliament R. Sharma",
    "Regional party leader",
    "YouTube channel \"Real News 24x7\"",
    "Multiple Facebook pages",
    "Former bank official",
    "yes",
    "Press Trust of Nowhere",
    "City councillor #12",
];

const INTL_CLAIMANTS: &[&str] = &[
    "Jürgen Müller",
    "François Lefèvre",
    "João Simões",
    "Zoë Núñez",
    "अज्ञात सोशल मीडिया उपयोगकर्ता",
    "राज्य स्वास्थ्य मंत्री",
    "সামাজিক মাধ্যম ব্যবহারকারী",
    "বিরোধী দলের মুখপাত্র",
    "Élodie Brûlé",
    "Prefeitura de São Paulo",
];

/// (display name, domain)
const SOURCES: &[(&str, &str)] = &[
    ("India Today", "www.indiatoday.in"),
    ("The Hindu", "www.thehindu.com"),
    ("Alt News", "www.altnews.in"),
    ("BOOM", "www.boomlive.in"),
    ("Reuters", "www.reuters.com"),
    ("AFP Fact Check", "factcheck.afp.com"),
    ("Folha de S.Paulo", "www1.folha.uol.com.br"),
    ("Le Monde", "www.lemonde.fr"),
    ("Prothom Alo", "www.prothomalo.com"),
    ("दैनिक भास्कर", "www.bhaskar.com"),
    ("Der Spiegel", "www.spiegel.de"),
    ("X (formerly Twitter)", "x.com"),
    ("Facebook", "www.facebook.com"),
    ("Süddeutsche Zeitung", "www.sueddeutsche.de"),
    ("PolitiFact", "www.politifact.com"),
    ("Times of India: City", "timesofindia.indiatimes.com"),
];

const URL_SECTIONS: &[&str] = &[
    "fact-check",
    "news",
    "india",
    "world",
    "politics",
    "status",
    "posts",
    "article",
];

const QUOTES: &[&str] = &[
    "The data of every vaccinated person is available on Telegram.",
    "We have not seen any evidence of a breach.",
    "Prices have never been this low in a decade.",
    "This is a completely fabricated story.",
    "The bridge was built to last a hundred years, she said.",
    "Our figures are audited: there is no discrepancy.",
    "He said \"trust me\" and walked off stage.",
    "डेटा पूरी तरह सुरक्षित है।",
    "C'est une déclaration sans fondement.",
];

const REBUTTERS: &[&str] = &[
    "Press Information Bureau",
    "Ministry of Health spokesperson",
    "Dr. Meera Nair",
    "Election Commission",
    "Polícia Federal",
    "Ahmed Karim",
    "Rajeev Chandrasekhar",
    "State police cyber cell",
    "Independent researcher @osint_lab",
    "Municipal commissioner",
    "Anja Schröder",
    "স্বাস্থ্য মন্ত্রণালয়",
];

const REBUTTAL_TEXTS: &[&str] = &[
    "It does not appear that the CoWIN app or database has been directly breached.",
    "There has been no breach of the database; the data shown was from an older incident.",
    "The video dates from {year} and shows an unrelated protest in {place}.",
    "Official figures show a {pct} percent change, not the number cited in the post.",
    "This photo has been digitally altered.",
    "No such circular has been issued by the ministry.",
    "The quote is fabricated: the minister never gave that interview.",
    "The report by {org} says the opposite of what the post claims.",
    "Inspection records from {year} show the structure was certified as safe.",
    "यह दावा पूरी तरह से झूठा है।",
    "এই দাবিটি সম্পূর্ণ মিথ্যা।",
    "Cette affirmation est fausse : les chiffres datent de {year}.",
    "The attached document is a 'template' downloaded from the internet.",
];

const TAGS: &[&str] = &[
    "cowin",
    "data-breach",
    "health",
    "elections",
    "covid-19",
    "economy",
    "fuel-prices",
    "immigration",
    "climate",
    "deepfake",
    "old-video",
    "misattributed-quote",
    "budget",
    "education",
    "crime",
    "religion",
    "infrastructure",
    "vaccines",
    "floods",
    "telegram",
];

const SLUG_WORDS: &[&str] = &[
    "cowin",
    "telegram",
    "fuel",
    "price",
    "bridge",
    "collapse",
    "vaccine",
    "microchip",
    "election",
    "ballot",
    "flood",
    "video",
    "old",
    "photo",
    "quote",
    "budget",
    "gdp",
    "crime",
    "data",
    "leak",
    "census",
    "curfew",
    "tariff",
    "statue",
    "school",
    "hospital",
];

/// The desk's default rating scale, from the crate itself so the two cannot drift apart.
static RATINGS: std::sync::LazyLock<claimdesk::model::RatingScale> =
    std::sync::LazyLock::new(claimdesk::model::RatingScale::default);

const REVIEWERS: &[&str] = &[
    "asha", "ravi", "maria", "tomas", "priya", "li.wei", "s_rahman", "jo",
];

const NOTES: &[&str] = &[
    "Checked against the official gazette.",
    "Figures match the {year} census: no evidence of manipulation.",
    "See rebuttal #2 for the primary source.",
    "Needs a second reviewer.",
    "Reverse image search points to an upload from {year}.",
    "स्रोत की पुष्टि की गई।",
    "মূল ভিডিওটি পুরনো।",
    "Vérifié avec la préfecture de {place}.",
    "Archived copy saved; original post deleted.",
];

const NOTE_LINES: &[&str] = &[
    "Reviewed the archived version of the post.",
    "- Original video: {place}, {year}",
    "- Reverse image search points to an older upload",
    "Rating agreed with the desk editor.",
    "Spoke to the district office by phone; they deny the figure.",
    "स्रोत की पुष्टि की गई।",
    "মূল ভিডিওটি পুরনো।",
    "# not a comment: this line is part of the note",
    "Quote check: \"never said that\" (verified with transcript).",
    "Les chiffres de l'INSEE contredisent la déclaration.",
];

const STANDALONE_COMMENTS: &[&str] = &[
    "# --- reviewed batch ---",
    "# imported from the shared tracker",
    "# TODO: merge with duplicate claims below",
    "# शेष दावे — remaining claims",
    "# source: weekly misinformation roundup",
];

const INLINE_COMMENTS: &[&str] = &[
    "# approximate date",
    "# possible duplicate",
    "# auto-tagged",
    "# see tracker",
    "# needs review",
];

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = (if z >= 0 { z } else { z - 146_096 }) / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn min_day() -> i64 {
    days_from_civil(2019, 1, 1)
}

fn max_day() -> i64 {
    days_from_civil(2026, 12, 31)
}

fn push_date(out: &mut String, day: i64) {
    let (y, m, d) = civil_from_days(day);
    let _ = write!(out, "{y:04}-{m:02}-{d:02}");
}

// ---------------------------------------------------------------------------
// Scalar emission
// ---------------------------------------------------------------------------

/// Conservative check: can `s` be emitted as a plain scalar without changing
/// meaning (in block context, or in flow context when `flow`)?
pub fn is_plain_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_ascii_digit()
        || first == '.'
        || first == '+'
    {
        return false;
    }
    if s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains('\t') || s.contains('\n') {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}', ':', '#']) {
        return false;
    }
    const SPECIAL: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "nan", "inf",
    ];
    let lower = s.len() <= 5 && SPECIAL.iter().any(|w| s.eq_ignore_ascii_case(w));
    !lower
}

pub fn push_dq(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn push_sq(out: &mut String, s: &str) {
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push_str("''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
}

/// Plain if safe, otherwise double-quoted.
pub fn push_scalar(out: &mut String, s: &str, flow: bool) {
    if is_plain_safe(s, flow) {
        out.push_str(s);
    } else {
        push_dq(out, s);
    }
}

fn push_indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// `>-` folded scalar, wrapped near 72 columns. `s` must use single spaces
/// between words (true for everything this generator builds).
fn push_folded(out: &mut String, s: &str, indent: usize) {
    out.push_str(">-\n");
    push_indent(out, indent);
    let mut col = 0usize;
    for word in s.split(' ') {
        let w = word.chars().count();
        if col > 0 {
            if col + 1 + w > 72 {
                out.push('\n');
                push_indent(out, indent);
                col = 0;
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(word);
        col += w;
    }
}

/// Free text in block context, in one of several styles.
fn push_text(out: &mut String, s: &str, indent: usize, r: &mut Rng) {
    let long = s.len() > 150;
    let roll = r.below(100);
    if long && roll < 55 {
        push_folded(out, s, indent);
    } else if roll < 35 && is_plain_safe(s, false) {
        out.push_str(s);
    } else if roll < 50 {
        push_sq(out, s);
    } else if !long && roll < 58 {
        push_folded(out, s, indent);
    } else {
        push_dq(out, s);
    }
}

// ---------------------------------------------------------------------------
// Content builders
// ---------------------------------------------------------------------------

/// Expand `{n}`, `{pct}`, `{year}`, `{place}`, `{org}` placeholders.
fn fill(out: &mut String, tmpl: &str, r: &mut Rng, intl: bool) {
    let mut rest = tmpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        match &after[..close] {
            "n" => {
                let _ = write!(out, "{}", r.range(2, 250));
            }
            "pct" => {
                let _ = write!(out, "{}", r.range(1, 80));
            }
            "year" => {
                let _ = write!(out, "{}", r.range(2008, 2025));
            }
            "place" => out.push_str(r.pick_t(PLACES, intl)),
            "org" => out.push_str(r.pick(ORGS)),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

fn build_sentence(out: &mut String, r: &mut Rng, intl: bool) {
    let roll = r.below(100);
    if intl && roll < 60 {
        fill(out, r.pick_t(INTL_SENTENCES, intl), r, intl);
    } else if roll < 70 {
        out.push_str(r.pick(SUBJECTS));
        out.push(' ');
        out.push_str(r.pick(VERBS));
        out.push(' ');
        fill(out, r.pick_t(CLAUSES, intl), r, intl);
        if r.chance(60) {
            out.push_str(", ");
            fill(out, r.pick_t(QUALIFIERS, intl), r, intl);
        }
        out.push('.');
    } else {
        fill(out, r.pick_t(EXTRA_SENTENCES, intl), r, intl);
    }
}

/// Assertion of 80..=400 characters (Unicode scalar values).
fn build_assertion(out: &mut String, tmp: &mut String, r: &mut Rng, intl: bool) {
    out.clear();
    let target = match r.below(100) {
        0..=34 => r.range(80, 150),
        35..=79 => r.range(150, 250),
        _ => r.range(250, 390),
    };
    let mut chars = 0usize;
    let mut first = true;
    for _ in 0..64 {
        tmp.clear();
        // The first sentence of an international claim is always non-ASCII.
        if intl && first {
            fill(tmp, r.pick_t(INTL_SENTENCES, intl), r, intl);
        } else {
            build_sentence(tmp, r, intl);
        }
        let c = tmp.chars().count();
        let sep = usize::from(!first);
        if chars + sep + c > 400 {
            if chars >= 80 {
                break;
            }
            continue;
        }
        if !first {
            out.push(' ');
        }
        out.push_str(tmp);
        chars += sep + c;
        first = false;
        if chars >= target {
            break;
        }
    }
    // Unreachable in practice, but keep the contract even if it were not.
    while chars < 80 {
        out.push_str(" The claim could not be verified.");
        chars += 33;
    }
}

fn build_slug(out: &mut String, r: &mut Rng) {
    let n = r.range(2, 4);
    for i in 0..n {
        if i > 0 {
            out.push('-');
        }
        out.push_str(r.pick(SLUG_WORDS));
    }
}

fn build_url(out: &mut String, r: &mut Rng, domain: &str, day: i64, index: usize) {
    out.push_str("https://");
    out.push_str(domain);
    out.push('/');
    out.push_str(r.pick(URL_SECTIONS));
    out.push('/');
    let (y, m, d) = civil_from_days(day);
    let _ = write!(out, "{y:04}/{m:02}/{d:02}/");
    build_slug(out, r);
    let _ = write!(out, "-{index}");
    match r.below(10) {
        0 => out.push_str("?utm_source=share&ref=wa"),
        1 => out.push_str("#comments"),
        _ => {}
    }
}

fn push_tags(out: &mut String, r: &mut Rng) {
    let n = r.range(1, 4);
    let mut picked = [usize::MAX; 4];
    out.push('[');
    let mut k = 0;
    while k < n {
        let t = r.below(TAGS.len());
        if picked[..k].contains(&t) {
            continue;
        }
        picked[k] = t;
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(TAGS[t]);
        k += 1;
    }
    out.push(']');
}

fn maybe_inline_comment(out: &mut String, r: &mut Rng, percent: usize) {
    if r.chance(percent) {
        out.push_str("  ");
        out.push_str(r.pick(INLINE_COMMENTS));
    }
}

/// Scratch buffers reused across claims to avoid per-claim allocation.
#[derive(Default)]
struct Scratch {
    a: String,
    b: String,
    c: String,
}

fn write_claim(out: &mut String, seed: u64, index: usize, s: &mut Scratch) {
    let r = &mut Rng::for_claim(seed, index);
    let intl = r.chance(20);

    // id
    s.c.clear();
    let _ = write!(s.c, "claim-{index:06}-");
    build_slug(&mut s.c, r);

    build_assertion(&mut s.a, &mut s.b, r, intl);

    let claimant: &str = if intl && r.chance(50) {
        r.pick(INTL_CLAIMANTS)
    } else {
        r.pick(CLAIMANTS)
    };
    let day = min_day() + r.below((max_day() - min_day() + 1) as usize) as i64;

    // ~5%: the whole claim as a one-line flow mapping, no verdict.
    if r.chance(5) {
        out.push_str("  - {id: ");
        out.push_str(&s.c);
        out.push_str(", assertion: ");
        push_dq(out, &s.a);
        out.push_str(", claimant: ");
        push_scalar(out, claimant, true);
        out.push_str(", date: ");
        push_date(out, day);
        if r.chance(40) {
            out.push_str(", tags: ");
            push_tags(out, r);
        }
        out.push('}');
        maybe_inline_comment(out, r, 10);
        out.push('\n');
        return;
    }

    out.push_str("  - id: ");
    out.push_str(&s.c);
    maybe_inline_comment(out, r, 3);
    out.push_str("\n    assertion: ");
    push_text(out, &s.a, 6, r);
    out.push_str("\n    claimant: ");
    push_scalar(out, claimant, false);
    out.push_str("\n    date: ");
    push_date(out, day);
    maybe_inline_comment(out, r, 4);
    out.push('\n');

    let tags_early = r.chance(10);
    if tags_early {
        out.push_str("    tags: ");
        push_tags(out, r);
        out.push('\n');
    }

    if r.chance(3) {
        out.push_str("    ");
        out.push_str(r.pick(STANDALONE_COMMENTS));
        out.push('\n');
    }

    // source
    let &(src_name, domain) = loop {
        let src = r.pick_ref(SOURCES);
        if intl || src.0.is_ascii() {
            break src;
        }
    };
    s.b.clear();
    build_url(&mut s.b, r, domain, day, index);
    if r.chance(15) {
        out.push_str("    source: {name: ");
        push_scalar(out, src_name, true);
        out.push_str(", url: ");
        push_dq(out, &s.b);
        if r.chance(20) {
            out.push_str(", quote: ");
            push_dq(out, r.pick_t(QUOTES, intl));
        }
        out.push_str("}\n");
    } else {
        out.push_str("    source:\n      name: ");
        push_scalar(out, src_name, false);
        out.push_str("\n      url: ");
        if r.chance(20) {
            push_dq(out, &s.b);
        } else {
            out.push_str(&s.b);
        }
        out.push('\n');
        if r.chance(35) {
            out.push_str("      quote: ");
            let q = r.pick_t(QUOTES, intl);
            if r.chance(25) {
                push_sq(out, q);
            } else {
                push_dq(out, q);
            }
            out.push('\n');
        }
    }

    // rebuttals
    let n_reb = match r.below(100) {
        0..=22 => 0,
        23..=50 => 1,
        51..=75 => 2,
        76..=90 => 3,
        _ => 4,
    };
    if n_reb == 0 {
        if r.chance(30) {
            out.push_str("    rebuttals: []\n");
        }
    } else {
        out.push_str("    rebuttals:\n");
        for _ in 0..n_reb {
            let by = r.pick_t(REBUTTERS, intl);
            s.a.clear();
            fill(&mut s.a, r.pick_t(REBUTTAL_TEXTS, intl), r, intl);
            if r.chance(20) {
                s.a.push(' ');
                fill(&mut s.a, r.pick_t(EXTRA_SENTENCES, intl), r, intl);
            }
            let rday = (day + r.below(30) as i64).min(max_day());
            if r.chance(20) {
                out.push_str("      - {by: ");
                push_scalar(out, by, true);
                out.push_str(", text: ");
                push_dq(out, &s.a);
                out.push_str(", date: ");
                push_date(out, rday);
                out.push_str("}\n");
            } else {
                out.push_str("      - by: ");
                push_scalar(out, by, false);
                out.push_str("\n        text: ");
                push_text(out, &s.a, 10, r);
                out.push_str("\n        date: ");
                push_date(out, rday);
                out.push('\n');
                if r.chance(70) {
                    out.push_str("        url: https://");
                    out.push_str(r.pick_ref(SOURCES).1);
                    let _ = write!(out, "/statement/{index}-{}", r.range(1, 99));
                    out.push('\n');
                }
            }
        }
    }

    if !tags_early {
        out.push_str("    tags: ");
        push_tags(out, r);
        maybe_inline_comment(out, r, 3);
        out.push('\n');
    }

    // verdict (~50%)
    if r.chance(50) {
        out.push_str("    verdict:\n      rating: \"");
        out.push_str(&r.pick_ref(RATINGS.ratings()).id);
        out.push_str("\"\n");
        let note_roll = r.below(100);
        if note_roll < 25 {
            // multi-line literal note
            out.push_str("      note: |\n");
            let lines = r.range(2, 4);
            for _ in 0..lines {
                out.push_str("        ");
                fill(out, r.pick_t(NOTE_LINES, intl), r, intl);
                out.push('\n');
            }
        } else if note_roll < 60 {
            s.a.clear();
            fill(&mut s.a, r.pick_t(NOTES, intl), r, intl);
            out.push_str("      note: ");
            push_scalar(out, &s.a, false);
            out.push('\n');
        }
        out.push_str("      by: ");
        out.push_str(r.pick(REVIEWERS));
        out.push_str("\n      at: ");
        let vday = (day + r.range(1, 400) as i64).min(max_day());
        push_date(out, vday);
        let secs = r.below(86_400);
        let _ = writeln!(
            out,
            "T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
    }
}

/// Generate one claim file holding claims `first_index .. first_index + count`.
/// Pure function of its arguments.
pub fn generate_file(seed: u64, first_index: usize, count: usize) -> String {
    let mut out = String::with_capacity(count * 1100 + 512);
    let hr = &mut Rng::for_claim(seed ^ 0x5EED_F11E, first_index);
    let _ = write!(
        out,
        "# claimdesk synthetic corpus — generated by examples/gen-corpus.rs\n\
         # seed {seed}; claims {first_index}..{}\n\
         # Do not edit by hand; regenerate instead.\n",
        first_index + count
    );
    if count == 0 {
        out.push_str("claims: []\n");
        return out;
    }
    out.push_str("claims:");
    if hr.chance(50) {
        out.push_str("  # one entry per claim");
    }
    out.push('\n');
    let mut scratch = Scratch {
        a: String::with_capacity(512),
        b: String::with_capacity(512),
        c: String::with_capacity(64),
    };
    for index in first_index..first_index + count {
        if index > first_index && hr.chance(2) {
            out.push_str("\n  ");
            out.push_str(hr.pick(STANDALONE_COMMENTS));
            out.push('\n');
        }
        write_claim(&mut out, seed, index, &mut scratch);
    }
    out
}

/// `(first_index, count)` of file `file` when `claims` are spread evenly over
/// `files` files (the first `claims % files` files get one extra claim).
pub fn file_range(claims: usize, files: usize, file: usize) -> (usize, usize) {
    let base = claims / files;
    let rem = claims % files;
    (file * base + file.min(rem), base + usize::from(file < rem))
}

pub fn file_name(file: usize) -> String {
    format!("claims-{file:04}.yaml")
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

/// Generate a synthetic claimdesk corpus.
#[derive(Parser, Debug)]
#[command(name = "gen-corpus")]
struct Args {
    /// Total number of claims.
    #[arg(long, default_value_t = 100_000)]
    claims: usize,
    /// Number of files to spread the claims over.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    files: u32,
    /// Output directory (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// PRNG seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

fn main() -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    let args = Args::parse();
    let files = args.files as usize;
    std::fs::create_dir_all(&args.out)?;

    let next = AtomicUsize::new(0);
    let total_bytes = AtomicU64::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files);
    std::thread::scope(|scope| -> std::io::Result<()> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> std::io::Result<()> {
                    loop {
                        let file = next.fetch_add(1, Ordering::Relaxed);
                        if file >= files {
                            return Ok(());
                        }
                        let (first, count) = file_range(args.claims, files, file);
                        let text = generate_file(args.seed, first, count);
                        std::fs::write(args.out.join(file_name(file)), text.as_bytes())?;
                        total_bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("generator thread panicked")?;
        }
        Ok(())
    })?;

    let total = total_bytes.load(Ordering::Relaxed);
    eprintln!(
        "gen-corpus: {} claims, {} files, {} bytes ({:.1} MB) -> {}",
        args.claims,
        files,
        total,
        total as f64 / 1e6,
        args.out.display()
    );
    if args.out.join(file_name(files)).exists() {
        eprintln!(
            "gen-corpus: warning: {} already contains {} from an earlier run (not removed)",
            args.out.display(),
            file_name(files)
        );
    }
    Ok(())
}
