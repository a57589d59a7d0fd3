// Catalogue français : chaque clé de en.ts, vérifiée par le type.

import type { en } from './en.js';

export const fr: Record<keyof typeof en, string> = {
  'error.prefix': 'Erreur :',
  'error.seeHelp': "Lancez 'bant --help' (ou 'bant <commande> --help') pour l'aide.",
  'error.unexpected': 'échec inattendu : {message}',
  'error.debugHint': "C'est un bug de bant. Relancez la même commande avec --debug pour voir où il s'est produit, et signalez-le.",
  'error.needsTerminal': "il faut des réponses et l'entrée standard n'est pas un terminal : passez-les en options (voir --help).",
  'error.cancelled': 'annulé ; rien n’a été modifié.',

  'cli.unknownCommand': "commande inconnue '{command}'.",
  'cli.unknownOption': "option inconnue '{option}'.",
  'cli.didYouMean': 'Vouliez-vous dire {suggestion} ?',
  'cli.missingArgument': "argument manquant '{argument}'.",
  'cli.missingOptionValue': "l'option '{option}' attend une valeur.",
  'cli.invalidChoice': "'{value}' n'est pas une valeur valide pour {option} ; utilisez l'une de : {allowed}.",
  'cli.excessArguments': 'trop d’arguments.',
  'cli.notACount': "{option} attend un nombre entier, pas '{value}'.",

  'db.folderMissing': "le dossier {folder} n'existe pas : créez-le, ou choisissez un autre fichier avec --db ou BANT_DB.",
  'db.cannotCreate': "impossible de créer la base {file} ({reason}) : vérifiez que {folder} est accessible en écriture, ou choisissez un autre fichier avec --db.",
  'db.cannotOpen': "impossible d'ouvrir la base {file} : vérifiez ses droits, ou choisissez un autre fichier avec --db.",
  'db.isFolder': "{file} est un dossier, pas un fichier de base : donnez un chemin de fichier avec --db.",
  'db.notSqlite': "{file} n'est pas une base bant (ce n'est pas un fichier SQLite). Il n'a pas été modifié ; choisissez un autre fichier avec --db.",
  'db.corrupt': "{file} est endommagé et illisible comme base SQLite. Il n'a pas été modifié ; restaurez une sauvegarde ou choisissez un autre fichier avec --db.",
  'db.foreign': "{file} est une base SQLite d'un autre programme. Elle n'a pas été modifiée ; choisissez un autre fichier avec --db.",
  'db.newerSchema': "cette base a été écrite par un bant plus récent (schéma {version} ; ce bant connaît jusqu'au {known}). Mettez bant à jour pour l'utiliser ; rien n'a été modifié.",

  'stage.prospect': 'prospect',
  'stage.lead': 'lead',
  'stage.mql': 'mql',
  'stage.sql': 'sql',
  'stage.customer': 'client',
  'stage.nurturing': 'en maturation',
  'stage.disqualified': 'disqualifié',
  'cause.manual': 'manuel',
  'cause.import': 'import',
  'cause.qualification': 'qualification',
  'cause.scoring': 'scoring',

  'field.email': 'E-mail',
  'field.first_name': 'Prénom',
  'field.last_name': 'Nom',
  'field.company': 'Société',
  'field.title': 'Poste',
  'field.phone': 'Téléphone',
  'field.country': 'Pays',
  'field.industry': 'Secteur',
  'field.employees': 'Effectif',
  'field.annual_revenue': "Chiffre d'affaires",
  'field.source': 'Source',
  'field.owner': 'Responsable',
  'field.external_id': 'Id externe',

  'column.id': 'Id',
  'column.name': 'Nom',
  'column.stage': 'Étape',
  'column.score': 'Score',
  'column.followUpOn': 'Relance',
  'column.createdAt': 'Créé',
  'column.updatedAt': 'Modifié',
  'column.at': 'Quand',
  'column.from': 'De',
  'column.to': 'Vers',
  'column.cause': 'Cause',
  'column.by': 'Par',
  'column.reason': 'Motif',

  'lead.notFound': "aucun lead ne correspond à '{ref}' : donnez un id, un e-mail ou un id externe (voir 'bant leads list').",
  'lead.invalidEmail': "'{value}' n'est pas une adresse e-mail valide.",
  'lead.notANumber': "{field} doit être un nombre, pas '{value}'.",
  'lead.notAWholeNumber': "{field} doit être un nombre entier, pas '{value}'.",
  'lead.negativeNumber': "{field} ne peut pas être négatif ('{value}').",
  'lead.noIdentity': 'un lead a besoin d’un e-mail, d’un id externe ou d’un nom (prénom, nom ou société).',
  'lead.identityRequired': 'un lead a besoin d’un e-mail, d’un id externe ou d’un nom : passez --email, --external-id, --first-name, --last-name ou --company.',
  'lead.duplicateEmail': "un lead avec l'e-mail {email} existe déjà (#{id}) : modifiez-le avec 'bant leads edit {id}'.",
  'lead.duplicateExternalId': "un lead avec l'id externe {externalId} existe déjà (#{id}).",
  'lead.badCreationStage': "un nouveau lead commence à l'une de ces étapes : {allowed} (pas '{stage}') ; déplacez-le ensuite avec 'bant stage'.",
  'lead.badSet': "--set attend nom=valeur, pas '{value}'.",
  'lead.customFieldBlank': 'un champ personnalisé a besoin d’un nom.',
  'lead.customFieldReserved': "'{name}' est un champ du lead, pas un champ personnalisé : utilisez son option (voir --help).",
  'lead.noSuchCustomField': "le lead {ref} n'a pas de champ personnalisé '{name}'.",
  'lead.nothingToEdit': 'rien à modifier : passez au moins une option de champ, --set ou --unset.',
  'lead.ownerBlank': 'le nom du responsable est vide.',
  'lead.added': 'Lead #{id} {name} ajouté ({stage}).',
  'lead.edited': 'Lead #{id} {name} modifié.',
  'lead.assigned': '{count} lead(s) attribué(s) à {owner}.',
  'lead.customFields': 'Champs personnalisés',
  'lead.history': 'Historique des étapes',
  'lead.forgottenOn': 'Données personnelles effacées le {date}.',
  'list.none': 'Aucun lead ne correspond.',
  'list.showing': 'Leads {from} à {to}.',
  'list.more': 'La suite avec --offset {offset}.',
  'list.badSort': "impossible de trier par '{field}' ; utilisez l'un de : {fields} (précédé de - pour inverser).",
  'forget.needsYes': "l'effacement d'un lead est définitif : confirmez avec 'bant leads forget {ref} --yes'.",
  'forget.confirm': 'Effacer toutes les données personnelles du lead #{id} {name} ? C’est définitif.',
  'forget.kept': 'Rien n’a été effacé.',
  'forget.done': 'Lead #{id} oublié : données personnelles effacées, historique anonyme des étapes conservé.',

  'stage.unknown': "'{stage}' n'est pas une étape ; utilisez l'une de : prospect, lead, mql, sql, customer, nurturing, disqualified.",
  'stage.forbidden': 'un lead ne peut pas passer de {from} à {to} à la main ; depuis {from}, il peut aller vers : {allowed}.',
  'stage.final': 'un lead à l’étape {from} y reste : aucun changement d’étape n’est possible.',
  'stage.sqlOnlyByQualify': "un lead ne devient sql que par la qualification : lancez 'bant qualify {ref}'.",
  'stage.sqlOnlyByQualifyFromMql': "un lead ne devient sql que par la qualification, depuis mql ou nurturing ; celui-ci est à {from} : lancez d'abord 'bant stage {ref} mql'.",
  'stage.reasonRequired': 'passer un lead à {stage} demande un motif : ajoutez --reason "...".',
  'stage.badFollowUp': "'{value}' n'est pas une date : utilisez AAAA-MM-JJ.",
  'stage.followUpOnlyForNurturing': "--follow-up-on ne s'applique qu'au passage en nurturing.",
  'stage.moved': 'Lead #{id} {name} : {from} → {to}.',
  'stage.followUp': ' Relance le {date}.',
  'stage.unchanged': 'Le lead #{id} {name} est déjà à l’étape {stage} ; rien n’a changé.',

  'import.fileNotFound': "le fichier {file} n'existe pas : vérifiez le chemin (- pour lire l'entrée standard).",
  'import.isFolder': '{file} est un dossier : donnez le chemin d’un fichier CSV.',
  'import.binary': "ce n'est pas un fichier texte (un tableur ? une image ?) : enregistrez-le d'abord en CSV ; rien n'a été écrit.",
  'import.notUtf8': "le fichier n'est pas en UTF-8 valide après ses premières lignes : relancez avec --encoding latin1 ; rien n'a été écrit.",
  'import.cannotDecode': "le fichier ne peut pas être lu en {encoding} : vérifiez --encoding ; rien n'a été écrit.",
  'import.noHeader': "le fichier est vide : une liste de leads a besoin d'une ligne d'en-tête ; rien n'a été écrit.",
  'import.unclosedQuote': "un guillemet ouvert ligne {line} n'est jamais fermé : corrigez le fichier et relancez ; rien n'a été écrit.",
  'import.recordTooLong': "l'enregistrement qui commence ligne {line} dépasse {max} caractères : un guillemet n'est sans doute jamais fermé ; rien n'a été écrit.",
  'import.badCsv': "le fichier n'est pas un CSV valide vers la ligne {line} ({message}) ; rien n'a été écrit.",
  'import.badDelimiter': "'{value}' ne peut pas être un séparateur : utilisez un caractère comme , ; | ou le mot tab.",
  'import.badMap': "--map attend des paires En-tête=champ séparées par des virgules, pas '{value}'.",
  'import.badMapField': "--map : '{field}' (pour {header}) n'est pas un champ de lead ; utilisez l'un de email, first_name, last_name, company, title, phone, country, industry, employees, annual_revenue, source, owner, external_id, stage, follow_up_on, score.",
  'import.wrongFieldCount': "la ligne a {found} champs alors que l'en-tête en a {expected}.",
  'import.fieldTooLong': '{column} fait {length} caractères ; la limite est {max}.',
  'import.badStage': "{column} : '{value}' n'est pas une étape (prospect, lead, mql, sql, customer, nurturing, disqualified).",
  'import.badDate': "{column} : '{value}' n'est pas une date (AAAA-MM-JJ).",
  'import.badScore': "{column} : '{value}' n'est pas un score de 0 à 100.",
  'import.externalIdTaken': "l'id externe {externalId} appartient au lead #{id}, pas au lead d'e-mail {email}.",
  'import.forbiddenMove': 'le lead #{id} ne peut pas passer de {from} à {to} (voir bant stage --help).',
  'import.cancelled': "import annulé ; rien n'a été écrit.",
  'import.progress': '{rows} lignes ({rate} lignes/s)',
  'import.summary': 'Import #{importId} : {rows} lignes, {created} créées, {updated} mises à jour, {skipped} ignorées (doublons), {rejected} rejetées.',
  'import.summaryDryRun': 'Essai à blanc : {rows} lignes, {created} seraient créées, {updated} mises à jour, {skipped} ignorées (doublons), {rejected} rejetées.',
  'import.dryRunNote': "Essai à blanc : rien n'a été écrit.",
  'import.noIdentityColumn': "Aucune colonne n'a été reconnue comme e-mail, id externe ou nom : associez-en une avec --map \"Votre en-tête=email\".",
  'import.rejectedLine': 'ligne {line} :',
  'import.moreRejections': '… et {count} autres lignes rejetées : ajoutez --rejects FICHIER pour toutes les garder.',
  'import.moreRejectionsInFile': '… et {count} autres lignes rejetées, toutes dans {file}.',
  'import.rejectsWritten': 'Lignes rejetées écrites dans {file}.',
  'import.cannotWriteRejects': "impossible d'écrire le fichier de rejets {file} ({reason}).",
  'export.cannotWrite': "impossible d'écrire {file} ({reason}).",
  'export.done': '{count} lead(s) exporté(s) vers {target}.',

  'framework.invalid': "le fichier de framework n'est pas valide en {path} : {problem}.",
  'answers.notAnObject': 'les réponses doivent être un objet JSON id de question → réponse.',
  'answers.unknownQuestion': "'{id}' n'est pas une question de ce framework ; les questions sont : {known}.",
  'answers.notAnOption': "{id} : {value} n'est pas l'une des réponses : {allowed}.",
  'answers.notYesNo': "{id} : {value} n'est ni yes ni no.",
  'answers.notANumber': "{id} : {value} n'est pas un nombre.",
  'answers.notANumberWhole': "{id} : {value} n'est pas un nombre entier.",
  'answers.notAtLeast': "{id} : {value} n'est pas un nombre d'au moins {min}.",
  'answers.notAtLeastWhole': "{id} : {value} n'est pas un nombre entier d'au moins {min}.",
  'answers.notInRange': "{id} : {value} n'est pas un nombre de {min} à {max}.",
  'answers.notInRangeWhole': "{id} : {value} n'est pas un nombre entier de {min} à {max}.",
  'answers.emptyText': '{id} : la réponse est vide.',
  'answers.notAsked': "{id} n'est pas posée avec les autres réponses données (voir shownWhen dans le framework) ; retirez-la.",

  'framework.notFound': "le fichier de framework {file} n'existe pas : vérifiez --framework ou BANT_FRAMEWORK.",
  'framework.badJson': "le fichier de framework {file} n'est pas un JSON valide ({message}).",
  'answers.fileNotFound': "le fichier de réponses {file} n'existe pas : vérifiez le chemin (- pour l'entrée standard).",
  'answers.badJson': "les réponses de {file} ne sont pas un JSON valide ({message}) ; rien n'a été écrit.",

  'scoring.invalid': 'le modèle de score n’est pas valide en {path} : {problem}.',
  'scoring.invalidFile': 'le modèle de score {file} n’est pas valide en {path} : {problem}.',
  'scoring.notFound': 'le modèle de score {file} n’existe pas : vérifiez --scoring ou BANT_SCORING.',
  'scoring.badJson': 'le modèle de score {file} n’est pas un JSON valide ({message}).',

  // Apprentissage d’un modèle de score (bant score learn)
  'learn.badHoldout': '--holdout doit être entre 0 et 1, exclus (0.3 met de côté 30 % des leads), et non {value}.',
  'learn.badPrecision': '--precision doit être supérieur à 0 et au plus 1 (0.5 : la moitié des leads au-dessus du seuil ont converti), et non {value}.',
  'learn.tooFewOutcomes':
    'trop peu de leads à l’issue connue pour apprendre : {count} ({converted} convertis, {notConverted} non) ; il en faut au moins {needed}, dont {neededEach} de chaque sorte. Enregistrez d’abord plus d’issues (sql, customer, disqualified).',
  'learn.noneConverted': 'aucun des {count} leads à l’issue connue n’a converti (atteint sql ou customer) : l’apprentissage a besoin de leads qui ont converti.',
  'learn.allConverted': 'les {count} leads à l’issue connue ont tous converti : l’apprentissage a besoin de leads qui n’ont pas converti (disqualifiés, ou qualifiés sans jamais atteindre sql).',
  'learn.noUsableFeature':
    'rien sur quoi apprendre : chacun des {count} champs examinés identifie un lead, est du texte libre ou a la même valeur pour tous. Ajoutez des champs comme le secteur, l’effectif ou la source, ou importez des activités.',
  'status.met': 'rempli',
  'status.partial': 'partiel',
  'status.unmet': 'non rempli',
  'status.unknown': 'inconnu',
  'qualify.notYetMql': "le lead #{id} est à l'étape {stage} : seuls les leads mql et en nurturing se qualifient ; lancez d'abord 'bant stage {id} mql'.",
  'qualify.disqualified': "le lead #{id} est disqualifié : rouvrez-le avec 'bant stage {id} lead', puis 'bant stage {id} mql'.",
  'qualify.alreadyQualified': "le lead #{id} est déjà à l'étape {stage} : seuls les leads mql et en nurturing se qualifient (pour le renvoyer : 'bant stage {id} nurturing').",
  'qualify.conflict': "le lead #{id} a changé pendant votre qualification (il est maintenant à l'étape {stage}) : rien n'a été écrit ; voir bant leads show {id}.",
  'qualify.needsRef': 'sans terminal, indiquez le lead à qualifier : bant qualify <ref> --answers FICHIER.',
  'qualify.missingAnswers': "des réponses manquent et aucun terminal ne permet de les demander : {ids}. Ajoutez-les au fichier de réponses.",
  'qualify.overrideNeedsReason': '--override demande --reason "..." : une dérogation est enregistrée avec sa raison.',
  'qualify.queueEmpty': 'Rien à qualifier : aucun MQL, et aucun lead en nurturing à relancer.',
  'qualify.pick': 'Lead à qualifier ({count} dans la file ; tapez pour filtrer)',
  'qualify.previous': 'Qualifié',
  'qualify.resumeOffer': "Reprendre l'entretien commencé le {date} ({count} réponses) ?",
  'qualify.noDraft': 'Aucun entretien à reprendre pour ce lead : un nouveau commence.',
  'qualify.note': 'Note sur {criterion} (facultatif, Entrée pour passer)',
  'prompt.navigate': 'naviguer',
  'prompt.select': 'choisir',
  'qualify.required': 'Une réponse est nécessaire.',
  'qualify.yes': 'oui',
  'qualify.no': 'non',
  'qualify.criterion': 'Critère',
  'qualify.answers': 'Réponses',
  'qualify.status': 'Statut',
  'qualify.decision': 'Décision',
  'qualify.decisionLine': 'Décision : {decision}   Score : {score}',
  'qualify.notMetLine': 'Non remplis : {criteria}',
  'qualify.followUpLine': 'Relance : {date}',
  'qualify.confirmQuestion': 'Enregistrer cette décision ?',
  'qualify.confirmChoice': 'Oui : {decision}',
  'qualify.overrideChoice': 'Non, déroger (une raison est demandée)',
  'qualify.overrideTo': 'Passer le lead à',
  'qualify.overrideReason': 'Pourquoi ?',
  'qualify.cancelledDraft': "entretien interrompu ; les réponses déjà données sont gardées : reprenez avec bant qualify {id} --resume.",
  'qualify.dryRun': "Essai à blanc : rien n'a été écrit.",
  'qualify.done': 'Lead #{id} {name} : {from} → {to}.',
  'why.none': "le lead #{id} n'a pas encore été qualifié : lancez 'bant qualify {id}'.",
  'why.title': 'Dernière qualification de {name} : {date} par {sdr} ({framework})',
  'why.rule': 'Parce que',
  'why.noRule': "aucune règle ne s'applique",
  'why.policyAll': 'Politique « all » : tous les critères remplis → sql ; {disqualify} non rempli → disqualified ; sinon nurturing.',
  'why.policyThreshold': 'Politique « threshold » : au moins {min} critères remplis et aucun non rempli → sql ; {disqualify} non rempli → disqualified ; sinon nurturing.',
  'why.override': 'Dérogation vers {stage} : {reason}',
  'why.note': 'Note sur {criterion} :',
  'nurture.due': 'Échéance',
  'nurture.overdue': '{days} jour(s) de retard',
  'nurture.today': "aujourd'hui",
  'nurture.inDays': 'dans {days} jour(s)',
  'nurture.none': 'Aucun lead en nurturing.',
  'nurture.noneDue': 'Aucune relance à faire.',
  'lead.qualifications': 'Qualifications',

  'demo.loaded': '{created} leads d’exemple chargés dans une base de démonstration : {path}',
  'demo.interview': 'Qualifiez maintenant {name}, comme un SDR pendant un appel (Ctrl-C pour arrêter ; les réponses sont gardées) :',
  'demo.scripted': 'Pas de terminal pour répondre : {name} est qualifié avec des réponses d’exemple.',
  'demo.pipeline': 'Pipeline',
  'demo.next': 'Continuez avec cette base : BANT_DB={path} bant leads list --stage mql (ou bant why, bant nurture).',

  'report.badDate': "{option} : '{value}' n'est pas une date ; utilisez AAAA-MM-JJ ou une durée avant aujourd'hui comme 30d, 6w, 3m, 1y.",
  'report.sinceAfterUntil': '--since ({since}) est après --until ({until}).',
  'report.byOnlyPipeline': '--by ne découpe que le rapport pipeline.',
  'report.leads': 'Leads',
  'report.none': '(aucun)',
  'report.total': 'Total',
  'report.reached': 'Atteint',
  'report.rateFromPrevious': "Depuis l'étape précédente",
  'report.funnelTotals': 'Leads créés : {created}. Au total, créés → clients : {overall}.',
  'report.sentToNurturing': 'Envoyés en nurturing',
  'report.nurturingShare': 'Part du nurturing',
  'report.gapsTotals': 'Qualifications : {qualifications}, dont nurturing : {nurturing}.',
  'report.sdr': 'SDR',
  'report.qualifications': 'Qualifications',
  'report.sqlRate': 'Taux de SQL',
  'report.medianHours': 'Heures médianes mql → décision',
  'report.noQualifications': 'Aucune qualification sur cette période.',
  'report.medianDays': 'Jours (médiane)',
  'report.p90Days': 'Jours (90e centile)',
  'report.stale': 'Leads ouverts dans leur étape depuis plus de {days} jours (les plus anciens en premier)',
  'report.noneStale': 'Aucun.',
  'report.since': 'Depuis',
  'report.days': 'Jours',

  'help.usage': 'Utilisation :',
  'help.options': 'Options :',
  'help.commands': 'Commandes :',
  'help.arguments': 'Arguments :',
  'help.globalOptions': 'Options globales :',
  'help.choices': "l'un de : {choices}",
  'help.default': 'par défaut : {value}',
  'help.helpOption': "afficher l'aide d'une commande",
  'help.helpCommand': "afficher l'aide d'une commande",
  'help.versionOption': 'afficher la version',
  'help.program': 'Qualifier des leads B2B avec BANT (Budget, Autorité, Calendrier, Besoin), dans le terminal.',
  'help.dbOption': 'le fichier de base (sinon BANT_DB, sinon $XDG_DATA_HOME/bant/bant.db)',
  'help.formatOption': 'format de sortie',
  'help.noColorOption': 'sans couleurs (aussi NO_COLOR)',
  'help.langOption': 'langue (sinon BANT_LANG, sinon LANG)',
  'help.debugOption': 'afficher la pile des erreurs inattendues',
  'help.programExamples': `Exemples :
  $ bant init                               créer la base et afficher son chemin
  $ bant leads add --email jeanne@acme.fr --first-name Jeanne --company Acme --stage mql
  $ bant leads list --stage mql --sort -created_at
  $ bant stage jeanne@acme.fr nurturing --reason "budget l'an prochain"
  $ bant leads list --format json | jq '.[].email'

Codes de sortie : 0 fait, 1 bug, 2 utilisation, 3 entrée invalide, 4 introuvable, 130 annulé.`,
  'help.init': 'créer (ou mettre à jour) la base et afficher son chemin',
  'help.initExamples': `Exemples :
  $ bant init
  $ bant init --db ./pipeline.db`,
  'help.leads': 'ajouter, lister, afficher, modifier, attribuer et oublier des leads',
  'help.leadsExamples': `Exemples :
  $ bant leads add --email jeanne@acme.fr --company Acme
  $ bant leads list --stage mql --owner alice
  $ bant leads show jeanne@acme.fr`,
  'help.leadsAdd': 'ajouter un lead (demande les champs manquants dans un terminal)',
  'help.creationStageOption': 'étape de départ : {stages} (par défaut : lead)',
  'help.setOption': 'un champ personnalisé, nom=valeur (répétable)',
  'help.leadsAddExamples': `Exemples :
  $ bant leads add                                       (pose les questions dans un terminal)
  $ bant leads add --email jeanne@acme.fr --first-name Jeanne --last-name Martin \\
      --company Acme --title DSI --employees 120 --stage mql --set linkedin=jmartin`,
  'help.leadsList': 'lister les leads, filtrés, triés et paginés',
  'help.stageFilterOption': 'seulement cette étape (répétable, ou séparées par des virgules) : {stages}',
  'help.ownerFilterOption': 'seulement les leads de ce responsable',
  'help.sourceFilterOption': 'seulement les leads de cette source',
  'help.searchOption': 'texte à chercher dans le nom, l’e-mail, la société, le poste ou l’id externe (sans tenir compte des accents ni de la casse)',
  'help.sortOption': 'trier par un champ ({fields}) ; précédé de - pour l’ordre décroissant',
  'help.limitOption': 'au plus N leads (les tableaux en montrent {n} par défaut ; json et csv listent tout)',
  'help.offsetOption': 'sauter les N premiers leads',
  'help.leadsListExamples': `Exemples :
  $ bant leads list --stage mql --stage nurturing
  $ bant leads list --search "helene" --sort -score --limit 20
  $ bant leads list --owner alice --format csv > alice.csv`,
  'help.leadsShow': 'afficher un lead : fiche, champs personnalisés et historique des étapes',
  'help.refArgument': 'le lead : son id, son e-mail ou son id externe',
  'help.refsArgument': 'un ou plusieurs leads : id, e-mail ou id externe',
  'help.leadsShowExamples': `Exemples :
  $ bant leads show 12
  $ bant leads show jeanne@acme.fr --format json`,
  'help.leadsEdit': 'modifier des champs d’un lead (une valeur vide efface le champ)',
  'help.unsetOption': 'supprimer un champ personnalisé (répétable)',
  'help.leadsEditExamples': `Exemples :
  $ bant leads edit 12 --title "Directrice commerciale" --phone ""
  $ bant leads edit jeanne@acme.fr --set cycle_budget=T1 --unset linkedin`,
  'help.leadsAssign': 'attribuer un ou plusieurs leads à un responsable',
  'help.ownerOption': 'le nouveau responsable',
  'help.leadsAssignExamples': `Exemples :
  $ bant leads assign 12 13 jeanne@acme.fr --owner alice`,
  'help.leadsForget': "effacer les données d'une personne (RGPD), en gardant les comptes anonymes par étape",
  'help.yesOption': 'ne pas demander de confirmation',
  'help.leadsForgetExamples': `Exemples :
  $ bant leads forget jeanne@acme.fr          (demande confirmation)
  $ bant leads forget 12 --yes`,
  'help.stage': "changer l'étape d'un lead (contrôlé par la table des étapes)",
  'help.stageArgument': 'la nouvelle étape : {stages}',
  'help.reasonOption': 'pourquoi (obligatoire pour disqualified)',
  'help.followUpOption': 'date de relance lors du passage en nurturing, AAAA-MM-JJ (par défaut : dans 30 jours)',
  'help.stageExamples': `Exemples :
  $ bant stage 12 mql
  $ bant stage 12 nurturing --follow-up-on 2027-01-15 --reason "budget gelé jusqu'au T1"
  $ bant stage jeanne@acme.fr disqualified --reason "étudiante, pas de société"
  $ bant stage 12 lead                         (rouvrir un lead disqualifié)

Passages permis : prospect → lead, mql, disqualified ; lead → mql, nurturing, disqualified ;
mql → nurturing, disqualified ; nurturing → mql, disqualified ; sql → nurturing, customer, disqualified ;
disqualified → lead. Un lead n'atteint sql que par 'bant qualify'.`,
  'help.import': 'importer une liste de leads CSV (Salesforce, HubSpot, Excel…) en une seule transaction',
  'help.importFile': "le fichier CSV, ou - pour l'entrée standard",
  'help.mapOption': 'associer des colonnes à la main : "En-tête=champ,Autre en-tête=champ"',
  'help.delimiterOption': 'le séparateur de colonnes (par défaut : détecté parmi , ; tab |)',
  'help.encodingOption': "l'encodage du texte (par défaut : détecté ; latin1 signifie Windows-1252)",
  'help.onDuplicateOption': "un lead déjà connu par son e-mail (sinon son id externe) : l'ignorer, ou le mettre à jour avec les valeurs non vides",
  'help.importStageOption': "étape des nouveaux leads quand le fichier n'en donne pas : {stages}",
  'help.importSourceOption': "source des nouveaux leads quand le fichier n'en donne pas",
  'help.importOwnerOption': "responsable des nouveaux leads quand le fichier n'en donne pas",
  'help.nullValuesOption': 'valeurs qui signifient vide, séparées par des virgules (par exemple "Select,N/A")',
  'help.rejectsOption': 'écrire les lignes rejetées dans ce CSV, avec leur numéro de ligne et la raison',
  'help.dryRunOption': 'tout lire et vérifier, ne rien écrire',
  'help.importExamples': `Exemples :
  $ bant import data/sample-leads.csv
  $ bant import leads-salesforce.csv --stage mql --on-duplicate update
  $ bant import export.csv --map "Propriétaire=owner,Portable=phone" --null-values "Select,N/A" --rejects rejets.csv
  $ curl -s https://example.com/leads.csv | bant import - --format json

Les colonnes sont reconnues sans tenir compte de la casse, des accents ni de la ponctuation (FirstName,
Prénom, "Job Title", Société…) ; toute autre colonne nommée est gardée comme champ personnalisé.`,
  'help.export': 'écrire tous les leads, avec leurs champs personnalisés, en CSV (par défaut) ou JSON',
  'help.outputOption': "écrire dans ce fichier plutôt que sur la sortie standard",
  'help.exportExamples': `Exemples :
  $ bant export -o leads.csv
  $ bant export --stage mql --format json > mqls.json
  $ bant export -o sauvegarde.csv && bant import sauvegarde.csv --db autre.db`,
  'help.qualify': 'qualifier un lead : Budget, Autorité, Calendrier, Besoin → sql, nurturing ou disqualified',
  'help.qualifyRef': 'le lead (id, e-mail ou id externe) ; sans lui, choisir dans la file',
  'help.sdrOption': 'qui qualifie (sinon BANT_SDR, sinon votre nom de compte)',
  'help.answersOption': "réponses en JSON (id de question → réponse), depuis un fichier ou - pour l'entrée standard",
  'help.resumeOption': "reprendre l'entretien interrompu, sans demander",
  'help.qualifyDryRunOption': 'afficher la décision, ne rien écrire',
  'help.overrideOption': 'enregistrer une autre issue que la décision (demande --reason)',
  'help.overrideReasonOption': 'pourquoi la décision est dérogée',
  'help.frameworkOption': 'un fichier de framework au lieu du BANT par défaut (aussi BANT_FRAMEWORK)',
  'help.qualifyExamples': `Exemples :
  $ bant qualify                                  choisir dans la file, puis répondre au terminal
  $ bant qualify jeanne@acme.fr
  $ bant qualify 12 --resume                      reprendre après Ctrl-C
  $ bant qualify 12 --answers reponses.json --format json
  $ echo '{"budget.status":"allocated","authority.role":"decision_maker","timeline.horizon":"1_3m",
      "need.pain":"facturation à la main","need.severity":4,"need.fit":"yes"}' | bant qualify 12 --answers -
  $ bant qualify 12 --answers reponses.json --override nurturing --reason "budget signé au T2 seulement"`,
  'help.why': "expliquer la dernière qualification d'un lead, critère par critère",
  'help.whyExamples': `Exemples :
  $ bant why 12
  $ bant why jeanne@acme.fr --format json`,
  'help.nurture': 'les leads en nurturing avec leur date de relance, les plus urgents en premier',
  'help.dueOption': "seulement les relances du jour ou en retard",
  'help.nurtureExamples': `Exemples :
  $ bant nurture
  $ bant nurture --due --format json`,
  'help.demo': 'essayer bant : des leads d’exemple dans une base jetable, une qualification, le pipeline',
  'help.demoExamples': `Exemples :
  $ bant demo                      dans une base temporaire, la vôtre intacte
  $ bant demo --db ./demo.db       garder la base de démonstration`,
  'help.report': 'rapports du pipeline : pipeline, funnel, gaps, sdr, aging',
  'help.reportArgument': 'le rapport',
  'help.sinceOption': "depuis cette date : AAAA-MM-JJ, ou une durée avant aujourd'hui (30d, 6w, 3m, 1y)",
  'help.untilOption': "jusqu'à cette date, incluse (mêmes formes)",
  'help.byOption': 'découper le pipeline par responsable ou par source',
  'help.olderThanOption': 'aging : lister les leads ouverts dans leur étape depuis plus de N jours',
  'help.reportExamples': `Exemples :
  $ bant report pipeline
  $ bant report pipeline --by owner
  $ bant report funnel --since 90d
  $ bant report gaps --since 2026-01-01 --until 2026-06-30 --format json
  $ bant report sdr --source webinar
  $ bant report aging --older-than 60

Périodes : pipeline, funnel et aging comptent les leads créés dans la période ; gaps et sdr les
qualifications décidées dans la période.`,
};
