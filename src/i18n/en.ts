// English catalog: the reference. fr.ts must have every key (the type checks it). `{name}` is a parameter.

export const en = {
  // Errors shared by every command
  'error.prefix': 'Error:',
  'error.seeHelp': "Run 'bant --help' (or 'bant <command> --help') for usage.",
  'error.unexpected': 'unexpected failure: {message}',
  'error.debugHint': 'This is a bug in bant. Run the same command with --debug to see where it happened, and report it.',
  'error.needsTerminal': 'this needs answers and stdin is not a terminal: pass them as options (see --help).',
  'error.cancelled': 'cancelled; nothing was changed.',

  // Command line
  'cli.unknownCommand': "unknown command '{command}'.",
  'cli.unknownOption': "unknown option '{option}'.",
  'cli.didYouMean': 'Did you mean {suggestion}?',
  'cli.missingArgument': "missing argument '{argument}'.",
  'cli.missingOptionValue': "option '{option}' needs a value.",
  'cli.invalidChoice': "'{value}' is not a valid value for {option}; use one of: {allowed}.",
  'cli.excessArguments': 'too many arguments.',
  'cli.notACount': "{option} takes a whole number, not '{value}'.",

  // Database
  'db.folderMissing': 'the folder {folder} does not exist: create it, or choose another file with --db or BANT_DB.',
  'db.cannotCreate': 'cannot create the database {file} ({reason}): check that {folder} is writable, or choose another file with --db.',
  'db.cannotOpen': 'cannot open the database {file}: check its permissions, or choose another file with --db.',
  'db.isFolder': '{file} is a folder, not a database file: give a file path with --db.',
  'db.notSqlite': '{file} is not a bant database (not a SQLite file). It was left untouched; choose another file with --db.',
  'db.corrupt': '{file} is damaged and cannot be read as a SQLite database. It was left untouched; restore a backup or choose another file with --db.',
  'db.foreign': '{file} is a SQLite database from another program. It was left untouched; choose another file with --db.',
  'db.newerSchema': 'this database was written by a newer bant (schema {version}; this bant knows up to {known}). Upgrade bant to use it; nothing was changed.',

  // Stages, as shown to people (commands take the English ids)
  'stage.prospect': 'prospect',
  'stage.lead': 'lead',
  'stage.mql': 'mql',
  'stage.sql': 'sql',
  'stage.customer': 'customer',
  'stage.nurturing': 'nurturing',
  'stage.disqualified': 'disqualified',
  'cause.manual': 'manual',
  'cause.import': 'import',
  'cause.qualification': 'qualification',
  'cause.scoring': 'scoring',

  // Lead fields
  'field.email': 'Email',
  'field.first_name': 'First name',
  'field.last_name': 'Last name',
  'field.company': 'Company',
  'field.title': 'Title',
  'field.phone': 'Phone',
  'field.country': 'Country',
  'field.industry': 'Industry',
  'field.employees': 'Employees',
  'field.annual_revenue': 'Annual revenue',
  'field.source': 'Source',
  'field.owner': 'Owner',
  'field.external_id': 'External id',

  // Table columns
  'column.id': 'Id',
  'column.name': 'Name',
  'column.stage': 'Stage',
  'column.score': 'Score',
  'column.followUpOn': 'Follow-up',
  'column.createdAt': 'Created',
  'column.updatedAt': 'Updated',
  'column.at': 'When',
  'column.from': 'From',
  'column.to': 'To',
  'column.cause': 'Cause',
  'column.by': 'By',
  'column.reason': 'Reason',

  // Leads
  'lead.notFound': "no lead matches '{ref}': give an id, an email or an external id (see 'bant leads list').",
  'lead.invalidEmail': "'{value}' is not a valid email address.",
  'lead.notANumber': "{field} must be a number, not '{value}'.",
  'lead.notAWholeNumber': "{field} must be a whole number, not '{value}'.",
  'lead.negativeNumber': "{field} cannot be negative ('{value}').",
  'lead.noIdentity': 'a lead needs an email, an external id, or a name (first name, last name or company).',
  'lead.identityRequired': 'a lead needs an email, an external id, or a name: pass --email, --external-id, --first-name, --last-name or --company.',
  'lead.duplicateEmail': 'a lead with the email {email} already exists (#{id}): edit it with \'bant leads edit {id}\'.',
  'lead.duplicateExternalId': "a lead with the external id {externalId} already exists (#{id}).",
  'lead.badCreationStage': "a new lead starts at one of: {allowed} (not '{stage}'); move it later with 'bant stage'.",
  'lead.badSet': "--set takes name=value, not '{value}'.",
  'lead.customFieldBlank': 'a custom field needs a name.',
  'lead.customFieldReserved': "'{name}' is a lead field, not a custom one: use its own option (see --help).",
  'lead.noSuchCustomField': "lead {ref} has no custom field '{name}'.",
  'lead.nothingToEdit': 'nothing to change: pass at least one field option, --set or --unset.',
  'lead.ownerBlank': 'the owner name is empty.',
  'lead.added': 'Added lead #{id} {name} ({stage}).',
  'lead.edited': 'Updated lead #{id} {name}.',
  'lead.assigned': '{count} lead(s) assigned to {owner}.',
  'lead.customFields': 'Custom fields',
  'lead.history': 'Stage history',
  'lead.forgottenOn': 'Personal data erased on {date}.',
  'list.none': 'No leads match.',
  'list.showing': 'Leads {from}-{to}.',
  'list.more': 'More with --offset {offset}.',
  'list.badSort': "cannot sort by '{field}'; use one of: {fields} (prefix with - to reverse).",
  'forget.needsYes': "forgetting a lead cannot be undone: confirm with 'bant leads forget {ref} --yes'.",
  'forget.confirm': 'Erase every personal detail of lead #{id} {name}? This cannot be undone.',
  'forget.kept': 'Nothing was erased.',
  'forget.done': 'Lead #{id} forgotten: personal data erased, anonymous stage history kept.',

  // Stage changes
  'stage.unknown': "'{stage}' is not a stage; use one of: prospect, lead, mql, sql, customer, nurturing, disqualified.",
  'stage.forbidden': 'a lead cannot go from {from} to {to} by hand; from {from} it can go to: {allowed}.',
  'stage.final': 'a lead at {from} stays there: no stage change is possible.',
  'stage.sqlOnlyByQualify': "a lead becomes sql only through qualification: run 'bant qualify {ref}'.",
  'stage.sqlOnlyByQualifyFromMql': "a lead becomes sql only through qualification, from mql or nurturing; this one is at {from}: first run 'bant stage {ref} mql'.",
  'stage.reasonRequired': 'moving a lead to {stage} needs a reason: add --reason "...".',
  'stage.badFollowUp': "'{value}' is not a date: use YYYY-MM-DD.",
  'stage.followUpOnlyForNurturing': '--follow-up-on only applies when moving a lead to nurturing.',
  'stage.moved': 'Lead #{id} {name}: {from} → {to}.',
  'stage.followUp': ' Follow up on {date}.',
  'stage.unchanged': 'Lead #{id} {name} is already at {stage}; nothing changed.',

  // Help
  // Import and export
  'import.fileNotFound': "the file {file} does not exist: check the path (use - to read standard input).",
  'import.isFolder': '{file} is a folder: give the path of a CSV file.',
  'import.binary': 'this is not a text file (a spreadsheet? an image?): save it as CSV first; nothing was written.',
  'import.notUtf8': 'the file is not valid UTF-8 past its first lines: run again with --encoding latin1; nothing was written.',
  'import.cannotDecode': 'the file cannot be read as {encoding}: check --encoding; nothing was written.',
  'import.noHeader': 'the file is empty: a lead list needs a header line; nothing was written.',
  'import.unclosedQuote': 'a quote opened on line {line} is never closed: fix the file and run again; nothing was written.',
  'import.recordTooLong': 'the record starting on line {line} is longer than {max} characters: a quote is probably never closed; nothing was written.',
  'import.badCsv': 'the file is not valid CSV near line {line} ({message}); nothing was written.',
  'import.badDelimiter': "'{value}' cannot be a delimiter: use one character such as , ; | or the word tab.",
  'import.badMap': "--map takes Header=field pairs separated by commas, not '{value}'.",
  'import.badMapField': "--map: '{field}' (for {header}) is not a lead field; use one of email, first_name, last_name, company, title, phone, country, industry, employees, annual_revenue, source, owner, external_id, stage, follow_up_on, score.",
  'import.wrongFieldCount': 'the row has {found} fields where the header has {expected}.',
  'import.fieldTooLong': '{column} is {length} characters long; the limit is {max}.',
  'import.badStage': "{column}: '{value}' is not a stage (prospect, lead, mql, sql, customer, nurturing, disqualified).",
  'import.badDate': "{column}: '{value}' is not a date (YYYY-MM-DD).",
  'import.badScore': "{column}: '{value}' is not a score from 0 to 100.",
  'import.externalIdTaken': 'the external id {externalId} belongs to lead #{id}, not to the lead with email {email}.',
  'import.forbiddenMove': 'lead #{id} cannot go from {from} to {to} (see bant stage --help).',
  'import.cancelled': 'import cancelled; nothing was written.',
  'import.progress': '{rows} rows ({rate} rows/s)',
  'import.summary': 'Import #{importId}: {rows} rows, {created} created, {updated} updated, {skipped} skipped (duplicates), {rejected} rejected.',
  'import.summaryDryRun': 'Dry run: {rows} rows, {created} would be created, {updated} updated, {skipped} skipped (duplicates), {rejected} rejected.',
  'import.dryRunNote': 'Dry run: nothing was written.',
  'import.noIdentityColumn': 'No column was recognised as an email, an external id or a name: map one with --map "Your header=email".',
  'import.rejectedLine': 'line {line}:',
  'import.moreRejections': '… and {count} more rejected rows: add --rejects FILE to keep them all.',
  'import.moreRejectionsInFile': '… and {count} more rejected rows, all in {file}.',
  'import.rejectsWritten': 'Rejected rows written to {file}.',
  'import.cannotWriteRejects': 'cannot write the rejects file {file} ({reason}).',
  'export.cannotWrite': 'cannot write {file} ({reason}).',
  'export.done': '{count} lead(s) exported to {target}.',

  // Qualification
  'framework.invalid': 'the framework file is not valid at {path}: {problem}.',
  'answers.notAnObject': 'the answers must be a JSON object of question id → answer.',
  'answers.unknownQuestion': "'{id}' is not a question of this framework; the questions are: {known}.",
  'answers.notAnOption': "{id}: {value} is not one of the answers: {allowed}.",
  'answers.notYesNo': '{id}: {value} is not yes or no.',
  'answers.notANumber': '{id}: {value} is not a number.',
  'answers.notANumberWhole': '{id}: {value} is not a whole number.',
  'answers.notAtLeast': '{id}: {value} is not a number of at least {min}.',
  'answers.notAtLeastWhole': '{id}: {value} is not a whole number of at least {min}.',
  'answers.notInRange': '{id}: {value} is not a number from {min} to {max}.',
  'answers.notInRangeWhole': '{id}: {value} is not a whole number from {min} to {max}.',
  'answers.emptyText': '{id}: the answer is empty.',
  'answers.notAsked': "{id} is not asked with the other answers given (see the framework's shownWhen); remove it.",

  'framework.notFound': 'the framework file {file} does not exist: check --framework or BANT_FRAMEWORK.',
  'framework.badJson': 'the framework file {file} is not valid JSON ({message}).',
  'answers.fileNotFound': 'the answers file {file} does not exist: check the path (use - for standard input).',
  'answers.badJson': 'the answers in {file} are not valid JSON ({message}); nothing was written.',

  // Scoring
  'scoring.invalid': 'the scoring model is not valid at {path}: {problem}.',
  'scoring.invalidFile': 'the scoring model {file} is not valid at {path}: {problem}.',
  'scoring.notFound': 'the scoring model {file} does not exist: check --scoring or BANT_SCORING.',
  'scoring.badJson': 'the scoring model {file} is not valid JSON ({message}).',

  // Learning a scoring model (bant score learn)
  'learn.badHoldout': '--holdout must be between 0 and 1, both excluded (0.3 holds out 30% of the leads), not {value}.',
  'learn.badPrecision': '--precision must be above 0 and at most 1 (0.5: half the leads above the threshold converted), not {value}.',
  'learn.tooFewOutcomes':
    'too few leads with an outcome to learn from: {count} ({converted} converted, {notConverted} not); it takes at least {needed}, with {neededEach} of each. Record more outcomes (sql, customer, disqualified) first.',
  'learn.noneConverted': 'none of the {count} leads with an outcome converted (reached sql or customer): learning needs some that did.',
  'learn.allConverted': 'all {count} leads with an outcome converted: learning needs some that did not (disqualified, or qualified and never sql).',
  'learn.noUsableFeature':
    'nothing to learn from: each of the {count} fields looked at identifies a lead, is free text, or has the same value for every lead. Add fields such as industry, employees or source, or import activities.',
  'status.met': 'met',
  'status.partial': 'partial',
  'status.unmet': 'unmet',
  'status.unknown': 'unknown',
  'qualify.notYetMql': "lead #{id} is at {stage}: only mql and nurturing leads are qualified; first run 'bant stage {id} mql'.",
  'qualify.disqualified': "lead #{id} is disqualified: reopen it with 'bant stage {id} lead', then 'bant stage {id} mql'.",
  'qualify.alreadyQualified': "lead #{id} is already at {stage}: only mql and nurturing leads are qualified (to send it back: 'bant stage {id} nurturing').",
  'qualify.conflict': 'lead #{id} changed while you were qualifying it (it is now at {stage}): nothing was written; see bant leads show {id}.',
  'qualify.needsRef': 'without a terminal, say which lead to qualify: bant qualify <ref> --answers FILE.',
  'qualify.missingAnswers': 'answers are missing and there is no terminal to ask them: {ids}. Add them to the answers file.',
  'qualify.overrideNeedsReason': '--override needs --reason "...": an override is recorded with why.',
  'qualify.queueEmpty': 'Nothing to qualify: no MQL, and no nurturing lead due for follow-up.',
  'qualify.pick': 'Lead to qualify ({count} in the queue; type to filter)',
  'qualify.previous': 'Qualified',
  'qualify.resumeOffer': 'Resume the interview started {date} ({count} answers)?',
  'qualify.noDraft': 'No interview to resume for this lead: starting a new one.',
  'qualify.note': 'Note on {criterion} (optional, Enter to skip)',
  'prompt.navigate': 'navigate',
  'prompt.select': 'select',
  'qualify.required': 'An answer is needed.',
  'qualify.yes': 'yes',
  'qualify.no': 'no',
  'qualify.criterion': 'Criterion',
  'qualify.answers': 'Answers',
  'qualify.status': 'Status',
  'qualify.decision': 'Decision',
  'qualify.decisionLine': 'Decision: {decision}   Score: {score}',
  'qualify.notMetLine': 'Not met: {criteria}',
  'qualify.followUpLine': 'Follow-up: {date}',
  'qualify.confirmQuestion': 'Record this decision?',
  'qualify.confirmChoice': 'Yes: {decision}',
  'qualify.overrideChoice': 'No, override it (a reason is required)',
  'qualify.overrideTo': 'Move the lead to',
  'qualify.overrideReason': 'Why?',
  'qualify.cancelledDraft': 'interview stopped; the answers given so far are kept: continue with bant qualify {id} --resume.',
  'qualify.dryRun': 'Dry run: nothing was written.',
  'qualify.done': 'Lead #{id} {name}: {from} → {to}.',
  'why.none': "lead #{id} has not been qualified yet: run 'bant qualify {id}'.",
  'why.title': 'Latest qualification of {name}: {date} by {sdr} ({framework})',
  'why.rule': 'Because',
  'why.noRule': 'no rule applied',
  'why.policyAll': 'Policy "all": every criterion met → sql; {disqualify} unmet → disqualified; otherwise nurturing.',
  'why.policyThreshold': 'Policy "threshold": at least {min} criteria met and none unmet → sql; {disqualify} unmet → disqualified; otherwise nurturing.',
  'why.override': 'Overridden to {stage}: {reason}',
  'why.note': 'Note on {criterion}:',
  'nurture.due': 'Due',
  'nurture.overdue': '{days} day(s) late',
  'nurture.today': 'today',
  'nurture.inDays': 'in {days} day(s)',
  'nurture.none': 'No lead in nurturing.',
  'nurture.noneDue': 'No follow-up due.',
  'lead.qualifications': 'Qualifications',

  'demo.loaded': '{created} sample leads loaded into a demo database: {path}',
  'demo.interview': 'Now qualify {name}, as an SDR would on a call (Ctrl-C to stop; answers are kept):',
  'demo.scripted': 'No terminal to answer at: qualifying {name} with example answers.',
  'demo.pipeline': 'Pipeline',
  'demo.next': 'Keep exploring this database: BANT_DB={path} bant leads list --stage mql (or bant why, bant nurture).',

  'report.badDate': "{option}: '{value}' is not a date; use YYYY-MM-DD or a span back from today like 30d, 6w, 3m, 1y.",
  'report.sinceAfterUntil': '--since ({since}) is after --until ({until}).',
  'report.byOnlyPipeline': '--by splits the pipeline report only.',
  'report.leads': 'Leads',
  'report.none': '(none)',
  'report.total': 'Total',
  'report.reached': 'Reached',
  'report.rateFromPrevious': 'From previous step',
  'report.funnelTotals': 'Leads created: {created}. Overall, created → customer: {overall}.',
  'report.sentToNurturing': 'Sent to nurturing',
  'report.nurturingShare': 'Share of nurturing',
  'report.gapsTotals': 'Qualifications: {qualifications}, of which nurturing: {nurturing}.',
  'report.sdr': 'SDR',
  'report.qualifications': 'Qualifications',
  'report.sqlRate': 'SQL rate',
  'report.medianHours': 'Median hours mql → decision',
  'report.noQualifications': 'No qualification in this period.',
  'report.medianDays': 'Median days',
  'report.p90Days': '90th percentile days',
  'report.stale': 'Open leads in their stage for more than {days} days (oldest first)',
  'report.noneStale': 'None.',
  'report.since': 'Since',
  'report.days': 'Days',

  'help.usage': 'Usage:',
  'help.options': 'Options:',
  'help.commands': 'Commands:',
  'help.arguments': 'Arguments:',
  'help.globalOptions': 'Global options:',
  'help.choices': 'one of: {choices}',
  'help.default': 'default: {value}',
  'help.helpOption': 'show help for a command',
  'help.helpCommand': 'show help for a command',
  'help.versionOption': 'print the version',
  'help.program': 'Qualify B2B leads with BANT (Budget, Authority, Timeline, Need), from the terminal.',
  'help.dbOption': 'the database file (else BANT_DB, else $XDG_DATA_HOME/bant/bant.db)',
  'help.formatOption': 'output format',
  'help.noColorOption': 'no colours (also NO_COLOR)',
  'help.langOption': 'language (else BANT_LANG, else LANG)',
  'help.debugOption': 'show the stack trace of unexpected errors',
  'help.programExamples': `Examples:
  $ bant init                               create the database and print its path
  $ bant leads add --email jane@acme.io --first-name Jane --company Acme --stage mql
  $ bant leads list --stage mql --sort -created_at
  $ bant stage jane@acme.io nurturing --reason "budget next year"
  $ bant leads list --format json | jq '.[].email'

Exit codes: 0 done, 1 bug, 2 usage, 3 invalid input, 4 not found, 130 cancelled.`,
  'help.init': 'create (or upgrade) the database and print its path',
  'help.initExamples': `Examples:
  $ bant init
  $ bant init --db ./pipeline.db`,
  'help.leads': 'add, list, show, edit, assign and forget leads',
  'help.leadsExamples': `Examples:
  $ bant leads add --email jane@acme.io --company Acme
  $ bant leads list --stage mql --owner alice
  $ bant leads show jane@acme.io`,
  'help.leadsAdd': 'add a lead (asks for missing fields at a terminal)',
  'help.creationStageOption': 'starting stage: {stages} (default: lead)',
  'help.setOption': 'a custom field, name=value (repeatable)',
  'help.leadsAddExamples': `Examples:
  $ bant leads add                                       (asks at a terminal)
  $ bant leads add --email jane@acme.io --first-name Jane --last-name Doe \\
      --company Acme --title CTO --employees 120 --stage mql --set linkedin=janedoe`,
  'help.leadsList': 'list leads, filtered, sorted and paged',
  'help.stageFilterOption': 'only this stage (repeatable, or comma-separated): {stages}',
  'help.ownerFilterOption': 'only leads owned by this person',
  'help.sourceFilterOption': 'only leads from this source',
  'help.searchOption': 'text to find in name, email, company, title or external id (accents and case ignored)',
  'help.sortOption': 'sort by a field ({fields}); prefix with - for descending',
  'help.limitOption': 'at most N leads (tables default to {n}; json and csv list all)',
  'help.offsetOption': 'skip the first N leads',
  'help.leadsListExamples': `Examples:
  $ bant leads list --stage mql --stage nurturing
  $ bant leads list --search "hélène" --sort -score --limit 20
  $ bant leads list --owner alice --format csv > alice.csv`,
  'help.leadsShow': 'show a lead: card, custom fields and stage history',
  'help.refArgument': 'the lead: its id, email or external id',
  'help.refsArgument': 'one or more leads: id, email or external id',
  'help.leadsShowExamples': `Examples:
  $ bant leads show 12
  $ bant leads show jane@acme.io --format json`,
  'help.leadsEdit': 'change fields of a lead (an empty value clears a field)',
  'help.unsetOption': 'remove a custom field (repeatable)',
  'help.leadsEditExamples': `Examples:
  $ bant leads edit 12 --title "VP Sales" --phone ""
  $ bant leads edit jane@acme.io --set budget_cycle=Q1 --unset linkedin`,
  'help.leadsAssign': 'give one or more leads an owner',
  'help.ownerOption': 'the new owner',
  'help.leadsAssignExamples': `Examples:
  $ bant leads assign 12 13 jane@acme.io --owner alice`,
  'help.leadsForget': "erase a person's data (GDPR), keeping anonymous stage counts",
  'help.yesOption': 'do not ask for confirmation',
  'help.leadsForgetExamples': `Examples:
  $ bant leads forget jane@acme.io            (asks to confirm)
  $ bant leads forget 12 --yes`,
  'help.stage': 'move a lead to another stage (checked against the stage table)',
  'help.stageArgument': 'the new stage: {stages}',
  'help.reasonOption': 'why (required for disqualified)',
  'help.followUpOption': 'follow-up date when moving to nurturing, YYYY-MM-DD (default: in 30 days)',
  'help.stageExamples': `Examples:
  $ bant stage 12 mql
  $ bant stage 12 nurturing --follow-up-on 2027-01-15 --reason "budget frozen until Q1"
  $ bant stage jane@acme.io disqualified --reason "student, no company"
  $ bant stage 12 lead                         (reopen a disqualified lead)

Allowed moves: prospect → lead, mql, disqualified; lead → mql, nurturing, disqualified;
mql → nurturing, disqualified; nurturing → mql, disqualified; sql → nurturing, customer, disqualified;
disqualified → lead. A lead reaches sql only through 'bant qualify'.`,
  'help.import': 'import a CSV lead list (Salesforce, HubSpot, Excel…) in one transaction',
  'help.importFile': 'the CSV file, or - for standard input',
  'help.mapOption': 'match columns by hand: "Header=field,Other header=field"',
  'help.delimiterOption': 'the column separator (default: detected among , ; tab |)',
  'help.encodingOption': 'the text encoding (default: detected; latin1 means Windows-1252)',
  'help.onDuplicateOption': 'a lead already known by email (else external id): skip it, or update it with the non-empty values',
  'help.importStageOption': 'stage of new leads when the file has none: {stages}',
  'help.importSourceOption': 'source of new leads when the file has none',
  'help.importOwnerOption': 'owner of new leads when the file has none',
  'help.nullValuesOption': 'values that mean empty, comma-separated (for example "Select,N/A")',
  'help.rejectsOption': 'write rejected rows to this CSV, with their line and the reason',
  'help.dryRunOption': 'read and check everything, write nothing',
  'help.importExamples': `Examples:
  $ bant import data/sample-leads.csv
  $ bant import salesforce-leads.csv --stage mql --on-duplicate update
  $ bant import export.csv --map "Deal Owner=owner,Mobile=phone" --null-values "Select,N/A" --rejects rejects.csv
  $ curl -s https://example.com/leads.csv | bant import - --format json

Columns are matched ignoring case, accents and punctuation (FirstName, Prénom, "Job Title", Société…);
every other named column is kept as a custom field.`,
  'help.export': 'write every lead, with custom fields, as CSV (default) or JSON',
  'help.outputOption': 'write to this file instead of standard output',
  'help.exportExamples': `Examples:
  $ bant export -o leads.csv
  $ bant export --stage mql --format json > mqls.json
  $ bant export -o backup.csv && bant import backup.csv --db other.db`,
  'help.qualify': 'qualify a lead: Budget, Authority, Timeline, Need → sql, nurturing or disqualified',
  'help.qualifyRef': 'the lead (id, email or external id); without it, pick from the queue',
  'help.sdrOption': 'who qualifies (else BANT_SDR, else your account name)',
  'help.answersOption': 'answers as JSON (question id → answer), from a file or - for standard input',
  'help.resumeOption': 'continue the interview stopped earlier, without asking',
  'help.qualifyDryRunOption': 'show the decision, write nothing',
  'help.overrideOption': 'record another outcome than the decision (needs --reason)',
  'help.overrideReasonOption': 'why the decision is overridden',
  'help.frameworkOption': 'a framework file instead of the default BANT (also BANT_FRAMEWORK)',
  'help.qualifyExamples': `Examples:
  $ bant qualify                                  pick from the queue, then answer at the terminal
  $ bant qualify jane@acme.io
  $ bant qualify 12 --resume                      continue after Ctrl-C
  $ bant qualify 12 --answers answers.json --format json
  $ echo '{"budget.status":"allocated","authority.role":"decision_maker","timeline.horizon":"1_3m",
      "need.pain":"manual invoicing","need.severity":4,"need.fit":"yes"}' | bant qualify 12 --answers -
  $ bant qualify 12 --answers answers.json --override nurturing --reason "budget signed only in Q2"`,
  'help.why': 'explain the latest qualification of a lead, criterion by criterion',
  'help.whyExamples': `Examples:
  $ bant why 12
  $ bant why jane@acme.io --format json`,
  'help.nurture': 'leads in nurturing with their follow-up dates, due first',
  'help.dueOption': 'only the follow-ups due today or late',
  'help.nurtureExamples': `Examples:
  $ bant nurture
  $ bant nurture --due --format json`,
  'help.demo': 'try bant: sample leads in a throwaway database, a qualification, the pipeline',
  'help.demoExamples': `Examples:
  $ bant demo                      in a temporary database, your own one untouched
  $ bant demo --db ./demo.db       keep the demo database`,
  'help.report': 'pipeline reports: pipeline, funnel, gaps, sdr, aging',
  'help.reportArgument': 'the report',
  'help.sinceOption': 'from this date: YYYY-MM-DD, or a span back from today (30d, 6w, 3m, 1y)',
  'help.untilOption': 'to this date, included (same forms)',
  'help.byOption': 'split the pipeline by owner or source',
  'help.olderThanOption': 'aging: list open leads in their stage for more than N days',
  'help.reportExamples': `Examples:
  $ bant report pipeline
  $ bant report pipeline --by owner
  $ bant report funnel --since 90d
  $ bant report gaps --since 2026-01-01 --until 2026-06-30 --format json
  $ bant report sdr --source webinar
  $ bant report aging --older-than 60

Periods: pipeline, funnel and aging count the leads created in the period; gaps and sdr the
qualifications decided in it.`,
} as const;
