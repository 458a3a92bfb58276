//! Speaker resolution on invented articles.

use crate::extract::testing::speakers;

#[test]
fn issue14_clean_name_trims_as_trim_matches_does() {
    for (name, want) in [
        ("Ada Quill", "Ada Quill"),
        ("Ada Quill's", "Ada Quill"),
        ("\"Ada Quill,", "Ada Quill"),
        ("Zoë Brandt", "Zoë Brandt"),
        ("Ölund", "Ölund"),
        ("Quill.", "Quill"),
        ("(Brandt)", "Brandt"),
        ("A", "A"),
        ("--", ""),
        ("", ""),
    ] {
        assert_eq!(super::clean_name(name), want, "{name:?}");
    }
}
use crate::extract::DiagnosticKind;
use crate::extract::Extractor;
use crate::grammar::Grammar;

fn canonical(text: &str) -> Vec<Option<String>> {
    Extractor::new(Grammar::builtin("en").unwrap())
        .extract(text, None)
        .quotes
        .into_iter()
        .map(|q| q.speaker_canonical)
        .collect()
}

/// Asserts that the one quote of `text` is credited to `name`.
fn named(text: &str, name: Option<&str>) {
    assert_eq!(canonical(text), vec![name.map(str::to_string)], "{text}");
}

#[test]
fn issue14_a_hyphenated_adjective_is_no_name_word() {
    named(
        "“We will fly again,” said Harbourtown-based Quellair.\n",
        Some("Quellair"),
    );
    named("“It was fun,” said the Tony-winning actress.\n", None);
    // A name's own lowercase part stays.
    named("“We agree,” said Ban Ki-moon.\n", Some("Ban Ki-moon"));
}

#[test]
fn issue14_a_heading_in_capitals_names_no_one() {
    let text = "Harbour news.\n\nPORT BOSS’S LAST STAND “We will not close the harbour.”\n";
    named(text, None);
    // Acronyms are no heading: "UKIP MEP" says what Tom Berg is.
    named("“We will strike,” said UKIP MEP Tom Berg.\n", Some("Tom Berg"));
}

#[test]
fn issue14_a_quantifier_or_adverb_opening_a_sentence_starts_no_name() {
    // "Many" is also in the first-name list; a quantifier here.
    named("Harbour news.\n\nMany Republicans say “the ferry is late.”\n", None);
    named(
        "Harbour news.\n\nNow Quellcorp says “the ferry is late.”\n",
        Some("Quellcorp"),
    );
    // An auxiliary that is a first name stays one.
    named(
        "Harbour news.\n\nWill Quellmore says “the ferry is late.”\n",
        Some("Will Quellmore"),
    );
}

#[test]
fn issue14_a_verbs_ed_form_opening_a_sentence_is_no_first_name() {
    let text = "Tom Quell spoke first.\n\nContinued Quell: “We will sail.”\n";
    named(text, Some("Tom Quell"));
}

#[test]
fn issue14_a_description_of_someone_is_no_name() {
    named("“We will win,” the Utah Republican said.\n", None);
    named("“Rates stay,” said the UK Chancellor.\n", None);
    named("“We will sail,” said the Minnesota Democratic.\n", None);
    // Names of common words, a nation's body, a name no list knows.
    named(
        "“We will win,” said Amnesty International.\n",
        Some("Amnesty International"),
    );
    named(
        "“Taxes will rise,” said the Scottish Executive.\n",
        Some("Scottish Executive"),
    );
    named("“We agree,” said Xanthe Potter.\n", Some("Xanthe Potter"));
}

#[test]
fn issue14_a_group_is_no_name() {
    named("Harbour news.\n\nOfficials said: “We object.”\n", None);
    named("Harbour news.\n\nDemocrats said: “We object.”\n", None);
}

#[test]
fn issue14_a_role_before_a_first_name_ends_the_name_after_a_first_name_too() {
    // Jordan is a first name too; what follows says who the person is.
    let text = "Former Jordan Senior Adviser Tom Berg said he has “no idea” about it.\n";
    named(text, Some("Tom Berg"));
    named("“We will strike,” said Labour MP Tom Berg.\n", Some("Tom Berg"));
    named("“We won,” said Fly-half Tom Berg.\n", Some("Tom Berg"));
}

#[test]
fn issue14_an_occupation_before_a_first_name_is_no_part_of_the_name() {
    named("“We must win,” said Goalscorer Tom Berg.\n", Some("Tom Berg"));
    named("“The ward is safe,” said Alderman Maria Lund.\n", Some("Maria Lund"));
    // A first name before a first name is the person's own.
    named(
        "“The ward is safe,” said Carter Maria Lund.\n",
        Some("Carter Maria Lund"),
    );
}

#[test]
fn issue14_a_quantifier_after_a_colon_starts_no_name() {
    // Quellcorp alone is no person a pronoun could mean.
    let text = "They share a lot: Several Quellcorp managers moved.\n\n“We are close,” he said.\n";
    named(text, None);
}

#[test]
fn issue14_a_contraction_is_no_name() {
    named("Harbour news.\n\nI’d say: “the ferry is late.”\n", None);
    named("“We sail,” said O’Quell.\n", Some("O’Quell"));
}

#[test]
fn issue14_a_compound_of_nationalities_is_no_one() {
    named("Harbour news.\n\nAfrican-Americans say “the ferry is late.”\n", None);
}

#[test]
fn issue14_a_modifier_stop_word_or_plain_word_alone_names_no_one() {
    let c = canonical("“We will win the state,” the Republican presidential candidate said.\n");
    assert_eq!(c, vec![None]);
    let c = canonical("“The review is done,” said the former secretary of State.\n");
    assert_eq!(c, vec![None]);
    // A surname the article writes only capitalised stays.
    let c = canonical("“We are ready,” Brooks said.\n");
    assert_eq!(c, vec![Some("Brooks".to_string())]);
}

#[test]
fn issue14_in_a_headline_a_name_is_a_first_name_and_what_follows_it() {
    let text =
        "Union Chief Praises Maria Lund Donor’s Plan For The Harbour Front.\n\n“It is a fine plan,” Lund said.\n";
    assert_eq!(canonical(text), vec![Some("Maria Lund".to_string())]);
}

#[test]
fn issue14_a_bodys_possessive_is_no_part_of_its_reporters_name() {
    let c = canonical("As the Harbour Post’s Ishaan Tharwell wrote, “the plan is late.”\n");
    assert_eq!(c, vec![Some("Ishaan Tharwell".to_string())]);
}

#[test]
fn issue14_a_place_qualifying_a_role_with_no_one_named_is_no_speaker() {
    assert_eq!(canonical("“We will win,” the Florida senator said.\n"), vec![None]);
    assert_eq!(
        canonical("“We will win,” Florida said.\n"),
        vec![Some("Florida".to_string())]
    );
}

#[test]
fn issue14_a_label_or_dateline_opening_a_paragraph_is_no_one_who_speaks() {
    let c = canonical("READ MORE: Harbour board cuts ferry budget\n\n“We will not accept cuts,” it stated.\n");
    assert_eq!(c, vec![None]);
    let c = canonical("KINGSPORT (AP) — The council met.\n\n“We will not accept cuts,” it said.\n");
    assert_eq!(c, vec![None]);
    // An acronym that opens a sentence in running text is still a body.
    let c = canonical("NATO met on Monday.\n\n“We will not accept cuts,” it said.\n");
    assert_eq!(c, vec![Some("NATO".to_string())]);
}

#[test]
fn issue14_a_name_after_the_is_no_persons_a_pronoun_could_refer_to() {
    let text = "Tom Berg joined the march, the Harbour Gazette reported.\n\n“I cried the whole way,” he said.\n";
    assert_eq!(canonical(text), vec![Some("Tom Berg".to_string())]);
}

#[test]
fn issue14_roles_before_a_name_no_list_knows_are_no_part_of_it() {
    let c = canonical("“This is serious,” said Democrat Zephyr Quellbrook.\n");
    assert_eq!(c, vec![Some("Zephyr Quellbrook".to_string())]);
    let c = canonical("“The fair is back,” said Potter Xanthe Morrow.\n");
    assert_eq!(c, vec![Some("Xanthe Morrow".to_string())]);
    // A body keeps its words.
    let c = canonical("“We won,” said Republican Widget Party.\n");
    assert_eq!(c, vec![Some("Republican Widget Party".to_string())]);
}

#[test]
fn issue14_a_nationality_is_no_one_and_no_part_of_a_name() {
    assert_eq!(canonical("“Talks will go on,” the Peruvian envoy said.\n"), vec![None]);
    let c = canonical("“I played well,” said Kenyan Susan Otieno-Kamau.\n");
    assert_eq!(c, vec![Some("Susan Otieno-Kamau".to_string())]);
    let c = canonical("“Sales fell,” said the British Widget Industry.\n");
    assert_eq!(c, vec![Some("British Widget Industry".to_string())]);
    let c = canonical("“Fees will rise,” said the Canadian Dental Association.\n");
    assert_eq!(c, vec![Some("Canadian Dental Association".to_string())]);
}

#[test]
fn issue14_the_nationality_is_the_person_said_to_be_of_it() {
    let text = "Tom Berg beat Kenyan Susan Otieno in the final.\n\n“I was tired,” said the Kenyan.\n";
    assert_eq!(canonical(text), vec![Some("Susan Otieno".to_string())]);
    let text = "Tom Berg beat Susan Otieno in the final.\n\n“I was tired,” said the Kenyan.\n";
    assert_eq!(canonical(text), vec![None]);
    let text = "Asked about Tom Berg, the Kenyan said: “He was fast.”\n";
    assert_eq!(canonical(text), vec![None]);
}

#[test]
fn issue14_an_ing_form_opening_the_sentence_is_no_first_name() {
    let text = "Harriet Quell won the vote.\n\nCelebrating Quell “turning the board around,” apparently.\n";
    assert_eq!(canonical(text), vec![Some("Harriet Quell".to_string())]);
}

#[test]
fn issue14_an_indefinite_description_with_adjectives_names_no_one() {
    let c = canonical("“He cannot win,” said one well-connected Democrat.\n");
    assert_eq!(c, vec![None]);
    let c = canonical("“We will build,” said a spokesman for Platte Widgets.\n");
    assert_eq!(c, vec![Some("Platte Widgets".to_string())]);
    let c = canonical("Tom Quell lost.\n\n“I will be back,” said an angry Quell.\n");
    assert_eq!(c, vec![Some("Tom Quell".to_string())]);
}

#[test]
fn issue14_a_surname_before_a_suffix_is_the_persons() {
    let text = "Tom Quell Jr, the fleet's commander, arrived.\n\n“We are ready,” he said.\n\n“We leave at dawn,” Quell said.\n";
    let jr = Some("Tom Quell Jr".to_string());
    assert_eq!(canonical(text), vec![jr.clone(), jr]);
}

#[test]
fn issue14_a_focus_word_opening_a_sentence_is_no_part_of_a_name() {
    let text = "Even Tom Berg was surprised by the vote.\n\n“We are ready,” Berg said.\n";
    assert_eq!(canonical(text), vec![Some("Tom Berg".to_string())]);
}

#[test]
fn issue14_a_role_before_a_first_name_ends_what_is_said_of_the_person() {
    let c = canonical("“We are ready,” said Harbour Union Senior Adviser Tom Berg.\n");
    assert_eq!(c, vec![Some("Tom Berg".to_string())]);
}

#[test]
fn issue14_no_pronoun_refers_to_a_country_or_state() {
    let text = "Maria Lund moved from Norway to the United States.\n\n\
                “It was cold,” she said.\n\n\
                Her sons joined her in South Korea.\n\n\
                “We love it,” they said.\n";
    assert_eq!(
        canonical(text),
        [Some("Maria Lund".to_string()), Some("Maria Lund".to_string())]
    );
}

#[test]
fn issue14_a_pronoun_subject_carries_its_person_to_the_next_pronoun() {
    // The name in the sentence before is an object; that sentence's
    // subject is "she", who is Rita Moss.
    let text = "Rita Moss left the choir on Friday. But she was glad to have made peace with \
                singer Anna Berg, her old rival.\n\n“That alone was worth it,” she said.\n";
    assert_eq!(canonical(text), [Some("Rita Moss".to_string())]);
    // A chain over several sentences, past a man named in passing.
    let text = "Tom Hale runs the club. The rules came up on Friday. He said they were never shown \
                to Ken Dale when he was chairman. He told reporters: “We will change them.”\n";
    assert_eq!(canonical(text), [Some("Tom Hale".to_string())]);
    // A quote closing its sentence opens the pronoun's sentence.
    let text = "Tom Hale suspended Ken Dale on Friday. “He stays out.” He said Ken Dale may be \
                heard. He added: “Not yet.”\n";
    assert_eq!(canonical(text)[1], Some("Tom Hale".to_string()));
}

#[test]
fn issue14_a_medium_speaks_for_whoever_gave_it() {
    let text = "The Teachers Union released a statement on Friday.\n\n“We will strike,” the statement said.\n\n\
                “We will strike,” said a statement released by the Teachers Union.\n\n\
                Tom Hale spoke on Friday.\n\n“We will strike,” his statement said.\n";
    assert_eq!(
        canonical(text),
        [
            Some("Teachers Union".to_string()),
            Some("Teachers Union".to_string()),
            Some("Tom Hale".to_string())
        ]
    );
    // A statement no named person or body is said to have given.
    let text = "The union met on Friday.\n\n“We will strike,” the statement said.\n";
    assert_eq!(canonical(text), [None]);
}

#[test]
fn issue14_common_words_before_a_first_name_are_no_part_of_the_name() {
    let text = "The race pits Republican Donald Trump against a field of governors.\n\n\
                “We will win,” Trump said.\n\n\
                “It takes an act of will,” said Senate Minority Whip Dick Durbin.\n\n\
                The senate heard the minority whip.\n";
    assert_eq!(
        canonical(text),
        [Some("Donald Trump".to_string()), Some("Dick Durbin".to_string())]
    );
}

#[test]
fn issue14_an_outlets_possessive_is_no_part_of_its_reporters_name() {
    let text = "“The count is not over,” said Variety's Gordon Cox.\n\n\
                “Invest in wind,” said America's Renewable Future.\n";
    assert_eq!(
        canonical(text),
        [
            Some("Gordon Cox".to_string()),
            Some("America's Renewable Future".to_string())
        ]
    );
}

#[test]
fn issue14_a_common_word_opening_a_sentence_is_no_first_name() {
    let text = "Six Trump supporters ran for delegate slots.\n\n\
                “We were robbed,” Trump said of the six seats.\n";
    assert_eq!(canonical(text), [Some("Trump".to_string())]);
    // Numbers and -ing forms even where the article never writes them
    // in lowercase.
    let text = "Six Trump supporters ran for delegate slots.\n\n\
                Debating Clinton was hard.\n\n\
                “We were robbed,” Trump said.\n\n\
                “We were not,” Clinton said.\n";
    assert_eq!(
        canonical(text),
        [Some("Trump".to_string()), Some("Clinton".to_string())]
    );
    let text = "Six Trump supporters ran for delegate slots.\n\n\
                “We were robbed,” Trump said of the six seats.\n";
    assert_eq!(canonical(text), [Some("Trump".to_string())]);
}

#[test]
fn issue14_a_surname_is_the_full_name_of_running_text_not_of_a_headline() {
    let text = "Game Over: Will Sanders Come Down to Earth\n\n\
                Bernie Sanders spoke in Vermont on Monday.\n\n\
                “The struggle continues,” Sanders said.\n";
    assert_eq!(canonical(text), [Some("Bernie Sanders".to_string())]);
}

#[test]
fn issue14_a_common_word_that_is_also_a_first_name_opens_a_sentence_before_a_surname() {
    let text = "Game over. Will Sanders come down off the pique?\n\n\
                Bernie Sanders said the voters will decide.\n\n\
                “The struggle continues,” Sanders said.\n";
    assert_eq!(canonical(text), [Some("Bernie Sanders".to_string())]);
}

#[test]
fn issue14_a_first_name_that_is_a_common_word_opening_a_statement_stays() {
    let text = "The bill passed, and Hillary Clinton praised it.\n\n\
                Bill Clinton spoke before Hillary Clinton did.\n\n\
                “It is a good bill,” he said.\n";
    assert_eq!(canonical(text), [Some("Bill Clinton".to_string())]);
}

#[test]
fn issue14_a_pronoun_may_refer_to_a_subordinate_clauses_subject_whose_first_name_agrees() {
    let text = "Hillary Clinton spoke in Iowa.\n\n\
                Bernie Sanders also didn't hold back.\n\n\
                After Clinton lost her cool, as she said, “I am so sick of it,” Sanders jabbed back.\n";
    assert_eq!(canonical(text), [Some("Hillary Clinton".to_string())]);
}

#[test]
fn issue14_a_pronoun_is_not_a_place_the_article_writes_after_in_or_at() {
    let text = "Roe Vale spoke on Monday.\n\n\
                Her grandfather worked at the Scranton Lace mill for years.\n\n\
                “It was hard work,” she said.\n";
    assert_eq!(canonical(text), [Some("Roe Vale".to_string())]);
}

#[test]
fn issue14_an_unnamed_party_member_is_no_name() {
    let text = "Polls opened.\n\n“She is too far behind,” said an Iowa Democrat.\n";
    assert_eq!(canonical(text), [None]);
}

#[test]
fn issue14_particles_join_a_name_and_an_acronym_before_a_first_name_is_no_part_of_it() {
    let text = "Dikes\n\n“The dikes held,” said Ben van der Hoek.\n\n\
                “We oppose the cuts,” NDP MP Carla Voss said.\n";
    assert_eq!(
        canonical(text),
        [Some("Ben van der Hoek".to_string()), Some("Carla Voss".to_string())]
    );
}

#[test]
fn issue14_a_headline_verb_ends_a_name() {
    let text = "Chris Christie Calls Hillary Clinton ‘A Disgrace’ Over Comments.\n\n\
                On Tuesday, Clinton criticized officer Betty Shelby.\n\n\
                “This is just unbearable,” she said.\n";
    assert_eq!(canonical(text).last(), Some(&Some("Hillary Clinton".to_string())));
}

#[test]
fn issue14_a_pronoun_prefers_a_subject_whose_first_name_agrees() {
    let text = "Hillary Clinton spoke after Bernie Sanders attacked her record.\n\n\
                As she left the stage, she said, “I am so sick of it.”\n\n\
                Lindsey Graham spoke next.\n\n\
                “Shut up,” he said.\n";
    // A first name only hints: with no man named nearby, "Lindsey
    // Graham" is still the subject that "he" refers to.
    assert_eq!(
        canonical(text),
        [Some("Hillary Clinton".to_string()), Some("Lindsey Graham".to_string())]
    );
}

#[test]
fn issue14_a_name_of_common_words_stays_whole_without_a_first_name() {
    // "daily" and "national" are written in lowercase too, but no first
    // name follows them: these are the bodies' names.
    let text = "The daily briefing was national news.\n\n\
                “The report is wrong,” the Daily Caller said.\n\n\
                “We stand by it,” said the National Rifle Association.\n";
    assert_eq!(
        canonical(text),
        [
            Some("Daily Caller".to_string()),
            Some("National Rifle Association".to_string())
        ]
    );
}

#[test]
fn issue14_an_unnamed_newcomer_is_not_the_place_party_or_candidate_named_in_it() {
    let text = "“Turnout will decide it,” said a Democratic strategist.\n\n\
                “I came for the jobs plan,” said a Trump supporter.\n\n\
                “We have no comment,” said a Twitter spokesman.\n\n\
                “The alliance is united,” said a NATO official.\n";
    assert_eq!(
        canonical(text),
        [None, None, Some("Twitter".to_string()), Some("NATO".to_string())]
    );
}

#[test]
fn issue14_a_pronoun_prefers_a_person_known_by_a_first_name_or_title() {
    // Capitalised words ("Harbour Statistics") are a name by their
    // capitals alone; a first name or a title says person.
    let q = speakers("Intro line.\n\nFigures from Harbour Statistics show a rise, Maria Lund said on Monday.\n\nMore figures came from Coastal Insight yesterday. “It is a warning,” she said.\n");
    assert_eq!(q[0].2.as_deref(), Some("Maria Lund"));
    let q = speakers("Intro line.\n\nSir Ralph Moss of Harbour Watch spoke first.\n\nLast year Northern Energy Savings doubled its fees. “That was a scandal,” he said.\n");
    assert_eq!(q[0].2.as_deref(), Some("Ralph Moss"));
}

#[test]
fn indefinite_descriptions_introduce_someone_new() {
    let text = "Intro line.\n\nMayor Ann Vole opened the bridge of the Harbor Authority on Monday.\n\n“It will not last a year,” said one engineer.\n\n“We stand by the design,” said a spokesman.\n";
    let q = speakers(text);
    assert_eq!(q[0].2, None, "one engineer is not the mayor");
    assert_eq!(q[1].2.as_deref(), Some("Harbor Authority"));
}

#[test]
fn definite_description_refers_back_to_the_same_head() {
    let text = "Intro line.\n\nSen. Lia Marsh met the envoy Omar Tell in Rome, a UNESCO official said.\n\n“Talks were useful,” the official said.\n\n“We will vote yes,” the senator said.\n";
    let q = speakers(text);
    assert_eq!(q[0].2.as_deref(), Some("UNESCO"));
    assert_eq!(q[1].2.as_deref(), Some("Lia Marsh"), "senator ~ Sen.");
}

#[test]
fn interrupted_quote_reports_an_ambiguous_speaker_once() {
    let text = "Intro line.\n\nAnn Vole met Tom Reyes.\n\n“We talked,” the lawyer said. “It went well.”\n";
    let x = Extractor::new(Grammar::builtin("en").unwrap()).extract(text, None);
    let n = x
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::AmbiguousSpeaker)
        .count();
    assert_eq!(n, 1, "{:?}", x.diagnostics);
}

#[test]
fn a_name_in_the_apposition_of_a_description_is_the_speaker() {
    let q = speakers("Intro line.\n\nTom Reyes ran.\n\nHer campaign manager, Lia Pons, said the plan was “a mess.”\n");
    assert_eq!(q[0].2.as_deref(), Some("Lia Pons"));
    // The name may close the apposition, after its role: from a first name.
    let q = speakers("Intro line.\n\nThe defence's first witness, former finance chief Lia Pons, has said the firm “hid its losts.”\n\nHis team, a club from Upper Dale, said it was “a shame.”\n");
    assert_eq!(q[0].2.as_deref(), Some("Lia Pons"));
    assert_ne!(q[1].2.as_deref(), Some("Upper Dale"), "no first name: a place");
}

#[test]
fn plural_and_possessed_descriptions_name_no_one_person() {
    let text = "Intro line.\n\nSen. Lia Marsh met the lawyers of Omar Tell.\n\n“It is over,” the lawyers said.\n\n“He is tired,” his wife said.\n";
    let q = speakers(text);
    assert_eq!(q[0].1.as_deref(), Some("the lawyers"));
    assert_eq!(q[0].2, None);
    assert_eq!(q[1].2, None, "his wife is not Omar Tell");
}

#[test]
fn an_ambiguous_description_is_left_unresolved() {
    let text = "Intro line.\n\nAnn Vole met Tom Reyes.\n\n“We talked,” the lawyer said.\n\nLater Ann Vole left.\n\n“It went well,” the aide said.\n";
    let q = speakers(text);
    assert_eq!(q[0].2, None, "two people named before it");
    // An earlier description lends only a body: "a Berlin man" is no
    // body, and "the man" is that unnamed man, not Ann Vole.
    let q = speakers("Intro line.\n\nA Berlin man wrote to Ann Vole.\n\n“No,” the man said.\n");
    assert_eq!(q[0].2, None, "someone never named");
}

#[test]
fn a_pronoun_refers_to_the_subject_before_the_latest_name() {
    let text = "Intro line.\n\nSen. Lia Marsh said that Omar Tell had misled the panel. She added: “We will not forget it.”\n\nAnn Vole met Tom Reyes. She said he “was late.”\n";
    let q = speakers(text);
    assert_eq!(q[0].2.as_deref(), Some("Lia Marsh"), "the subject, not Omar Tell");
    assert_eq!(q[1].2.as_deref(), Some("Ann Vole"));
    let q = speakers("Intro line.\n\nAcme Line chief executive Tom Vale spoke.\n\n“We are fine,” he said.\n");
    assert_eq!(q[0].2.as_deref(), Some("Tom Vale"), "Acme Line only qualifies the role");
}

#[test]
fn a_name_after_a_preposition_is_no_antecedent() {
    let text =
        "Intro line.\n\nAt a rally with Omar Tell, Sen. Lia Marsh spoke for an hour.\n\n“We will stay,” she said.\n";
    let q = speakers(text);
    assert_eq!(q[0].2.as_deref(), Some("Lia Marsh"));
}

#[test]
fn a_title_word_after_an_honorific_or_a_first_name_is_a_surname() {
    let q = speakers("Intro line.\n\n“We need the money,” Mr. King said.\n\n“It is late,” Ann Bishop said. “We go.”\n\n“Welcome,” King Abdullah said.\n");
    assert_eq!(q[0].1.as_deref(), Some("Mr. King"));
    assert_eq!(q[1].2.as_deref(), Some("Ann Bishop"));
    assert_eq!(q[2].2.as_deref(), Some("Ann Bishop"));
    assert_eq!(q[3].2.as_deref(), Some("Abdullah"));
}

#[test]
fn a_document_is_a_speaker_that_names_no_person() {
    // "report" is also a verb's bare form; here it is the noun.
    let q = speakers(
        "Intro line.\n\nSenator Ada Moss led the inquiry.\n\n“The system was hacked,” the congressional report said.\n",
    );
    assert_eq!(q[0].1.as_deref(), Some("the congressional report"));
    assert_eq!(q[0].2, None);
}

#[test]
fn a_description_of_someone_never_named_stays_unresolved() {
    let q = speakers("Intro line.\n\nAt a town hall, a young woman asked Mrs. Vane about the women who said they were harassed by Mr. Vane.\n\n“Should we believe them?” the woman said.\n");
    assert_eq!(q[0].1.as_deref(), Some("the woman"));
    assert_eq!(q[0].2, None);
}

#[test]
fn a_description_refers_to_the_name_it_was_a_title_of() {
    let q = speakers(
        "Intro line.\n\nHarbour Master Ana Ruiz closed the port.\n\n“Neither arrived,” the harbour master said.\n",
    );
    // The article writes "harbour master" in lowercase too, so the
    // title is no part of her name (issue 14).
    assert_eq!(q[0].2.as_deref(), Some("Ana Ruiz"));
}

#[test]
fn a_role_counts_only_next_to_the_name_it_describes() {
    // "candidate" belongs to the visit, not to Silicon Valley.
    let q = speakers("Intro line.\n\nAl Ford spoke first. The candidate's visit to Silicon Valley drew crowds.\n\n“I love the people here,” the candidate said.\n");
    assert_eq!(q[0].2, None);
}

#[test]
fn an_agent_speaks_for_the_body_named_after_it() {
    let q = speakers("Intro line.\n\nThe State Department reviewed it. A spokesman for Platte River declined to comment but said in a statement that “we treated the server like any other.”\n");
    assert_eq!(q[0].2.as_deref(), Some("Platte River"));
}

#[test]
fn a_spokesman_for_a_qualified_body_speaks_for_it() {
    let q = speakers("Intro line.\n\nThe Acme Board met on Monday.\n\n“The simple truth is clear,” a spokesman for committee Democrats said.\n");
    assert_eq!(q[0].2.as_deref(), Some("committee Democrats"));
}

#[test]
fn a_title_of_a_domain_before_a_name() {
    let q = speakers(
        "Intro line.\n\nSecretary of State Jo Roe said it was “a disaster” today. Later he said, “Not again.”\n",
    );
    assert_eq!(q[0].1.as_deref(), Some("Secretary of State Jo Roe"));
    assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
    assert_eq!(q[1].2.as_deref(), Some("Jo Roe"));
}

#[test]
fn a_place_qualifying_a_role_is_not_the_speaker() {
    let q = speakers("Intro line.\n\nNew Jersey Gov. Jo Roe spoke first. “He went for the easy vote,” the New Jersey governor said.\n\n“We will look,” the NATO official said.\n\nIn an interview with hosts Al Ford and Bo Tan, the Democratic presidential candidate stated that it was “a mistake.”\n");
    assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
    assert_eq!(q[1].2.as_deref(), Some("NATO"));
    // Not a host the description stands right after, nor the party:
    // a modifier alone names no one (issue 14).
    assert_eq!(q[2].2.as_deref(), None);
}

#[test]
fn it_refers_to_an_organisation_not_a_place() {
    let q = speakers(
        "Intro line.\n\nThe Harbor Authority met on Monday in Lake Tova. It said the bridge was “safe for now.”\n",
    );
    assert_eq!(q[0].2.as_deref(), Some("Harbor Authority"));
}

#[test]
fn issue14_a_bare_spokesman_speaks_for_no_body_named_in_passing() {
    // A body acting nearby is whom the spokesman speaks for.
    named(
        "Intro line.\n\nThe Harbor Authority closed the bridge on Monday.\n\n“We stand by the decision,” said a spokesman.\n",
        Some("Harbor Authority"),
    );
    // One named as a preposition's object or a possessor is not.
    named(
        "Intro line.\n\nThe case was heard in the Court of Session on Monday.\n\n“We will appeal,” said a spokesman.\n",
        None,
    );
    named(
        "Intro line.\n\nShe spoke on the BBC's morning show.\n\n“It was a fair hearing,” said a spokeswoman.\n",
        None,
    );
    // Nor is one named four sentences back.
    named(
        "Intro line.\n\nThe Harbor Authority closed the bridge. Traffic stopped. Ferries ran late. Shops shut early.\n\n“We regret the delay,” said a spokesman.\n",
        None,
    );
}

#[test]
fn issue14_ein_sprecher_speaks_for_no_thing_named_with_an_indefinite_article() {
    let de = |text: &str| -> Vec<Option<String>> {
        Extractor::new(Grammar::builtin("de").unwrap())
            .extract(text, None)
            .quotes
            .into_iter()
            .map(|q| q.speaker_canonical)
            .collect()
    };
    let text = "Einleitung.\n\nDie Behörde schickte eine Antwort in Form einer SMS, die nur ein Wort hatte.\n\n„Wir prüfen den Fall“, sagte ein Sprecher.\n";
    assert_eq!(de(text), [None]);
}

/// Issue 14: names cut at "of" ("Bank of England" read as "Bank", and
/// "Bank of England governor Mark Carney" as "Bank").
#[test]
fn issue14_of_inside_a_body_name_keeps_the_name_whole() {
    let one = |text: &str| canonical(text).into_iter().next().flatten();
    // A role after the body's name: the person named after it speaks.
    assert_eq!(
        one("Intro line.\n\n“Rates will hold,” said Bank of England governor Mark Carney.\n").as_deref(),
        Some("Mark Carney")
    );
    assert_eq!(
        one("Intro line.\n\nNational Bureau of Statistics chief Li Wen said: “Output grew.”\n").as_deref(),
        Some("Li Wen")
    );
    // The body itself, with or without "the".
    assert_eq!(
        one("Intro line.\n\n“We object,” the Muslim Council of Britain said.\n").as_deref(),
        Some("Muslim Council of Britain")
    );
    assert_eq!(
        one("Intro line.\n\n“We object,” said the Institute for Fiscal Studies.\n").as_deref(),
        Some("Institute for Fiscal Studies")
    );
    // "the ministry" refers back to the body the ministry's name heads.
    assert_eq!(
        one("Intro line.\n\nBids are open, Iraq's Ministry of Communications said.\n\nThe ministry said it wanted “a modern network”.\n").as_deref(),
        Some("Ministry of Communications")
    );
    // After a person's name "of" still says where they are from.
    assert_eq!(
        one("Intro line.\n\n“It is fine,” said Ann Roe of the University of Toronto.\n").as_deref(),
        Some("Ann Roe")
    );
}

#[test]
fn issue14_roles_of_sport_and_british_public_life_head_a_speaker_phrase() {
    // A club, a country or a party before the role only qualifies it;
    // the name after the role speaks.
    named("“We deserved it,” said Rovers boss Ann Roe.\n", Some("Ann Roe"));
    named("“It will be fine,” said Fulham striker Tom Hale.\n", Some("Tom Hale"));
    named("“We kicked well,” said Wales wing Shane Wyn.\n", Some("Shane Wyn"));
    named("“The bill is flawed,” said Tory peer Lord Gale.\n", Some("Gale"));
    named("“We found it,” said Acme co-founder Ida Lund.\n", Some("Ida Lund"));
    // The role alone refers back to the person it was said of.
    named(
        "Intro line.\n\nCarla Voss, the Rovers boss, was happy. “We deserved it,” said the Rovers boss.\n",
        Some("Carla Voss"),
    );
    // A role written in capitals is no name word, before or after the name.
    named("“The bill is flawed,” said MP Ann Roe.\n", Some("Ann Roe"));
    named("“The bill is flawed,” said Ann Roe MP.\n", Some("Ann Roe"));
    named(
        "Intro line.\n\nJo Lane, the Green MEP, was angry. “The vote was fixed,” the MEP said.\n",
        Some("Jo Lane"),
    );
    named("Intro line.\n\n“We will fight on,” said pro-hunt MPs.\n", None);
    // A party before the name, written as a person's title would be; the
    // party's word may also be a first name ("Tory").
    named("“The bill is flawed,” said Tory Liam Gale.\n", Some("Liam Gale"));
    named(
        "“The bill is flawed,” said Lib Dem Norma Baxter.\n",
        Some("Norma Baxter"),
    );
    named(
        "Intro line.\n\nTory Liam Gale said the plan failed. “It was a mess,” he said.\n",
        Some("Liam Gale"),
    );
    // One who bears the word as a first name keeps it.
    named("“The bill is flawed,” said Tory Gale.\n", Some("Tory Gale"));
}

#[test]
fn issue14_a_title_before_a_possessor_is_no_part_of_the_name() {
    // "Prime Minister Tony Blair's official spokesman" was "Prime Tony
    // Blair": the capitals of a title before the name were joined to it.
    named(
        "Foreign Secretary Ann Roe's spokesman said: \"We are watching the situation closely.\"\n",
        Some("Ann Roe"),
    );
    named(
        "A Harbour Board spokesman said: \"We are watching the situation closely.\"\n",
        Some("Harbour Board"),
    );
}

#[test]
fn issue14_a_role_qualified_by_no_body_and_no_person_names_no_one() {
    // "the Tory leader" was "Tory", "the Lions manager" "Lions".
    named("“We will win on Saturday,” said the Harbourtown manager.\n", None);
    named(
        "“We are watching the situation,” said the Harbour Board official.\n",
        Some("Harbour Board"),
    );
    named(
        "“We are watching the situation,” said Dr Ann Roe, games director.\n",
        Some("Ann Roe"),
    );
}
