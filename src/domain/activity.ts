// What a lead did (PRODUCT.md, "Activities and lead scoring"): an append-only record of events, each with a
// type, when it happened, where it came from, and whatever else the source knew about it (url, campaign...).
// Marketing tools name the same event differently (Mautic `email.read`, Brevo `opened`, Lemlist
// `emailsOpened`, a French export `Ouverture`); `normaliseActivityType` turns those names into one canonical
// type so that one scoring rule covers every source. A name it does not know is kept, as a slug: never dropped.

import { foldText } from './foldText.js';

export interface Activity {
  id: number;
  leadId: number;
  /** A canonical type (ACTIVITY_TYPES) or any other slug, as `normaliseActivityType` gives it. */
  type: string;
  /** An ISO 8601 instant, e.g. 2026-03-02T09:30:00.000Z. */
  occurredAt: string;
  source: string | null;
  properties: Record<string, string>;
}

/** The types bant knows the meaning of. The default scoring model and the interest list use these. */
export const ACTIVITY_TYPES = [
  'page_view',
  'form_submit',
  'content_download',
  'demo_request',
  'trial_request',
  'meeting_booked',
  'email_sent',
  'email_delivered',
  'email_open',
  'email_click',
  'email_reply',
  'linkedin_reply',
  'email_bounce',
  'email_unsubscribe',
  'email_spam_report',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * Event names of common tools → canonical type, keyed by the name's compact form (no case, accents, spaces
 * or punctuation: `email.read`, `Email Read` and `EMAIL_READ` are all `emailread`). Sources:
 * Mautic timeline and webhook events (`page.hit`, `email.read`, `email.sent`, `email.replied`, `form.submitted`,
 * `asset.download`, `mautic.email_on_open`...), HubSpot email events (SENT, DELIVERED, OPEN, CLICK, BOUNCE,
 * SPAMREPORT), Brevo webhooks (`delivered`, `opened`, `uniqueOpened`, `click`, `hardBounce`, `unsubscribed`,
 * `spam`), Mailchimp email activity and webhooks (`open`, `click`, `bounce`, `unsubscribe`, `cleaned`), Lemlist
 * activities (`emailsSent`, `emailsOpened`, `emailsClicked`, `emailsReplied`, `emailsBounced`,
 * `emailsUnsubscribed`, `linkedinReplied`), and the French words of exports and of people typing them.
 * Deliberately left out: soft bounces (temporary), Brevo's proxy opens (a mail server, not a person) and
 * HubSpot's STATUSCHANGE (subscribe or unsubscribe): kept under their own slugs, scored by no default rule.
 */
const ALIASES: Record<ActivityType, readonly string[]> = {
  page_view: ['pagehit', 'pageonhit', 'mauticpageonhit', 'pagevisit', 'pagevisited', 'visitedpage', 'viewedpage', 'visit', 'webvisit', 'websitevisit', 'pagevue', 'vuedepage', 'visite', 'visitedepage'],
  form_submit: ['formsubmitted', 'formsubmission', 'formonsubmit', 'mauticformonsubmit', 'submission', 'formfill', 'formfilled', 'formulaire', 'formulairesoumis', 'soumissionformulaire', 'soumissiondeformulaire'],
  content_download: ['assetdownload', 'download', 'downloaded', 'filedownload', 'ebookdownload', 'whitepaperdownload', 'telechargement', 'telecharge', 'telechargementebook', 'telechargementdebook'],
  demo_request: ['demorequested', 'requestdemo', 'requestademo', 'demandedemo', 'demandededemo', 'demandededemonstration'],
  trial_request: ['trialrequested', 'trialstarted', 'starttrial', 'freetrial', 'trialsignup', 'essai', 'essaigratuit', 'demandedessai'],
  meeting_booked: ['meeting', 'meetingscheduled', 'callbooked', 'rendezvous', 'rdv', 'rendezvouspris'],
  email_sent: ['sent', 'emailssent', 'envoi', 'envoye', 'emailenvoye'],
  email_delivered: ['delivered', 'emaildelivered', 'delivery', 'delivre', 'emaildelivre'],
  email_open: ['open', 'opened', 'opens', 'emailopened', 'emailread', 'emailsopened', 'uniqueopened', 'emailonopen', 'mauticemailonopen', 'ouverture', 'ouvert', 'emailouvert', 'ouvertureemail', 'ouverturedemail', 'ouverturedelemail'],
  email_click: ['click', 'clicked', 'clicks', 'emailclicked', 'emailsclicked', 'linkclick', 'linkclicked', 'clic', 'clics', 'clique', 'emailclique', 'clicemail', 'clicdansemail'],
  email_reply: ['reply', 'replied', 'emailreplied', 'emailsreplied', 'reponse', 'repondu', 'emailrepondu'],
  linkedin_reply: ['linkedinreplied', 'reponselinkedin'],
  email_bounce: ['bounce', 'bounced', 'hardbounce', 'hardbounced', 'emailbounced', 'emailsbounced', 'cleaned', 'rebond', 'npai'],
  email_unsubscribe: ['unsubscribe', 'unsubscribed', 'unsub', 'emailunsubscribed', 'emailsunsubscribed', 'optout', 'optedout', 'desinscription', 'desinscrit', 'desabonnement', 'desabonne'],
  email_spam_report: ['spam', 'spamreport', 'spamcomplaint', 'complaint', 'markedasspam', 'plainte', 'signalementspam'],
};

const BY_COMPACT_NAME = new Map<string, ActivityType>();
for (const type of ACTIVITY_TYPES) {
  BY_COMPACT_NAME.set(compact(type), type);
  for (const alias of ALIASES[type]) BY_COMPACT_NAME.set(alias, type);
}

function compact(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, '');
}

/**
 * The canonical type for a tool's event name, else the name as a lower-case slug (`Webinar Attended` →
 * `webinar_attended`, `emailsInterested` → `emails_interested`). An empty string when the text has no letter
 * or digit at all: the caller rejects that row, since an activity needs a type.
 */
export function normaliseActivityType(text: string): string {
  const known = BY_COMPACT_NAME.get(compact(text));
  if (known) return known;
  // camelCase words become snake_case words before everything that is not a letter or digit becomes `_`.
  return foldText(text.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
